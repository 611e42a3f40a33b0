<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>CardImporter</name>
    <message>
        <location filename="../../ui/contacts/card_import.py" line="121"/>
        <source>New keys of {name} ({details}): verify again</source>
        <translation>Nouvelles clés de {name} ({details}) : vérifier à nouveau</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py" line="124"/>
        <source>A different person: add as a separate contact</source>
        <translation>Une autre personne : l’ajouter comme contact distinct</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py" line="130"/>
        <source>Contact with the same name</source>
        <translation>Contact portant le même nom</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py"/>
        <source>Add as a new contact</source>
        <translation>Ajouter comme nouveau contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py"/>
        <source>DIFFERENT KEY UNDER A KNOWN NAME — This card, in the name of {name}, bears the organisation of your contacts {contacts}, with other keys. It may be a new colleague of theirs, or someone posing as their firm. Before adding it, call them on a telephone number you already know (never one given with the card) and compare the safety number.</source>
        <translation>CLÉ DIFFÉRENTE SOUS UN NOM CONNU — Cette carte, au nom de {name}, porte l’organisation de vos contacts {contacts}, avec d’autres clés. Il peut s’agir d’un nouveau collaborateur de leur structure, ou de quelqu’un qui se fait passer pour elle. Avant de l’ajouter, appelez-les à un numéro de téléphone que vous connaissez déjà (jamais celui donné avec la carte) et comparez le numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py"/>
        <source>DIFFERENT KEY UNDER A KNOWN NAME — You already have a contact named {name}, with other keys. Either this person changed their keys (new computer, renewed identity), or this is someone else with the same name, possibly posing as them. If you are not sure, call them on a telephone number you already know (never one given with the card).</source>
        <translation>CLÉ DIFFÉRENTE SOUS UN NOM CONNU — Vous avez déjà un contact nommé {name}, avec d’autres clés. Soit cette personne a changé de clés (nouvel ordinateur, identité renouvelée), soit il s’agit de quelqu’un d’autre portant le même nom, qui se fait peut-être passer pour elle. En cas de doute, appelez-la à un numéro de téléphone que vous connaissez déjà (jamais celui donné avec la carte).</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/card_import.py"/>
        <source>Same organisation, other keys</source>
        <translation>Même organisation, autres clés</translation>
    </message>
</context>
<context>
    <name>CasePicker</name>
    <message>
        <location filename="../../ui/exchange/case_picker.py" line="25"/>
        <source>Case to receive into</source>
        <translation>Dossier de destination</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/case_picker.py" line="30"/>
        <location filename="../../ui/exchange/case_picker.py" line="31"/>
        <source>Name of the new case</source>
        <translation>Nom du nouveau dossier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/case_picker.py" line="44"/>
        <source>No case (unfiled documents)</source>
        <translation>Aucun dossier (documents non classés)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/case_picker.py" line="48"/>
        <source>New case…</source>
        <translation>Nouveau dossier…</translation>
    </message>
</context>
<context>
    <name>ContactDetails</name>
    <message>
        <location filename="../../ui/contacts/details.py" line="22"/>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="35"/>
        <source>Fingerprint</source>
        <translation>Empreinte</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="38"/>
        <location filename="../../ui/contacts/details.py" line="97"/>
        <source>&amp;Compare the safety number…</source>
        <translation>&amp;Comparer le numéro de sécurité…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="39"/>
        <source>De&amp;lete the contact…</source>
        <translation>&amp;Supprimer le contact…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="40"/>
        <source>Delete the contact</source>
        <translation>Supprimer le contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="42"/>
        <source>Verification:</source>
        <translation>Vérification :</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="43"/>
        <source>Fingerprint:</source>
        <translation>Empreinte :</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="44"/>
        <source>Card valid until:</source>
        <translation>Carte valable jusqu’au :</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="45"/>
        <source>Certified by:</source>
        <translation>Certifiée par :</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="50"/>
        <source>Choose a contact in the list.</source>
        <translation>Choisissez un contact dans la liste.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="85"/>
        <source>{day} (expired)</source>
        <translation>{day} (expirée)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="87"/>
        <source>No organisation</source>
        <translation>Aucune organisation</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="90"/>
        <source>KEY CHANGED — This contact&apos;s keys changed on {day}. Sending to them is blocked until you compare the new safety number with them.</source>
        <translation>CLÉ CHANGÉE — Les clés de ce contact ont changé le {day}. Tout envoi lui est bloqué tant que vous n’avez pas comparé avec lui le nouveau numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="95"/>
        <source>&amp;Compare the safety number again…</source>
        <translation>&amp;Comparer à nouveau le numéro de sécurité…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="102"/>
        <source>QR code</source>
        <translation>code QR</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="103"/>
        <source>safety number</source>
        <translation>numéro de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/details.py" line="104"/>
        <source>on {day} ({how})</source>
        <translation>le {day} ({how})</translation>
    </message>
</context>
<context>
    <name>ContactState</name>
    <message>
        <location filename="../../ui/contacts/state.py" line="21"/>
        <source>Verified ✓</source>
        <translation>Vérifié ✓</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/state.py" line="23"/>
        <source>⚠ KEY CHANGED</source>
        <translation>⚠ CLÉ CHANGÉE</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/state.py" line="24"/>
        <source>Not verified</source>
        <translation>Non vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/state.py" line="38"/>
        <source>You compared the safety number with this contact: you can send them sealed files.</source>
        <translation>Vous avez comparé le numéro de sécurité avec ce contact : vous pouvez lui envoyer des plis scellés.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/state.py" line="42"/>
        <source>This contact&apos;s keys changed since you verified them. It may be a new computer, or someone impersonating them. Nothing can be sent to them until you compare the new safety number with them.</source>
        <translation>Les clés de ce contact ont changé depuis votre vérification. Il peut s’agir d’un nouvel ordinateur, ou de quelqu’un qui se fait passer pour lui. Rien ne peut lui être envoyé tant que vous n’avez pas comparé avec lui le nouveau numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/state.py" line="46"/>
        <source>You have not compared the safety number with this contact yet. Sending to them needs an explicit confirmation.</source>
        <translation>Vous n’avez pas encore comparé le numéro de sécurité avec ce contact. Lui envoyer un pli demande une confirmation explicite.</translation>
    </message>
</context>
<context>
    <name>ContactsDialog</name>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="53"/>
        <location filename="../../ui/contacts/contacts_dialog.py" line="106"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="68"/>
        <source>Search by name, role, organisation or fingerprint</source>
        <translation>Rechercher par nom, fonction, organisation ou empreinte</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="70"/>
        <source>Search contacts</source>
        <translation>Rechercher un contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="74"/>
        <source>&amp;Import identity cards…</source>
        <translation>&amp;Importer des cartes d’identité…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="75"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="93"/>
        <source>Tip: drop identity card files (.json) here to import them.</source>
        <translation>Astuce : déposez ici des fichiers de carte d’identité (.json) pour les importer.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="127"/>
        <source>My identity card</source>
        <translation>Ma carte d’identité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="131"/>
        <source>My fingerprint</source>
        <translation>Mon empreinte</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="132"/>
        <source>E&amp;xport my card…</source>
        <translation>E&amp;xporter ma carte…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="133"/>
        <source>Export my identity card to a file</source>
        <translation>Exporter ma carte d’identité dans un fichier</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/contacts/contacts_dialog.py" line="161"/>
        <source>%n contact(s) changed keys: nothing can be sent to them until you compare the new safety number with them.</source>
        <translation>
            <numerusform>%n contact a changé de clés : rien ne peut lui être envoyé tant que vous n’avez pas comparé avec lui le nouveau numéro de sécurité.</numerusform>
            <numerusform>%n contacts ont changé de clés : rien ne peut leur être envoyé tant que vous n’avez pas comparé avec eux le nouveau numéro de sécurité.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="192"/>
        <source>Import identity cards</source>
        <translation>Importer des cartes d’identité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="193"/>
        <source>Identity cards (*.json);;All files (*)</source>
        <translation>Cartes d’identité (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="222"/>
        <source>{name} was added. Compare the safety number with them before sending them anything.</source>
        <translation>{name} a été ajouté. Comparez avec lui le numéro de sécurité avant de lui envoyer quoi que ce soit.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="225"/>
        <source>{name}&apos;s card was updated (same keys).</source>
        <translation>La carte de {name} a été mise à jour (mêmes clés).</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="227"/>
        <source>You already have this card of {name}; nothing changed.</source>
        <translation>Vous avez déjà cette carte de {name} ; rien n’a changé.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="229"/>
        <source>KEY CHANGED — {name} now has new keys. Sending to them is blocked until you compare the new safety number with them.</source>
        <translation>CLÉ CHANGÉE — {name} a désormais de nouvelles clés. Tout envoi lui est bloqué tant que vous n’avez pas comparé avec lui le nouveau numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="253"/>
        <source>Delete the contact</source>
        <translation>Supprimer le contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="254"/>
        <source>Delete {name} from your contacts? You will no longer be able to send them sealed files, and files from them will be refused as coming from an unknown sender until you import and verify their card again.</source>
        <translation>Supprimer {name} de vos contacts ? Vous ne pourrez plus lui envoyer de plis scellés, et ses plis seront refusés comme venant d’un expéditeur inconnu jusqu’à ce que vous importiez et vérifiiez de nouveau sa carte.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="257"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="270"/>
        <source>card-{name}.json</source>
        <translation>carte-{name}.json</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="271"/>
        <source>Export my identity card</source>
        <translation>Exporter ma carte d’identité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="272"/>
        <source>Identity cards (*.json)</source>
        <translation>Cartes d’identité (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/contacts_dialog.py" line="282"/>
        <source>Your identity card was saved to {path}. Send it to your correspondents, then compare the safety number with each of them.</source>
        <translation>Votre carte d’identité a été enregistrée dans {path}. Envoyez-la à vos correspondants, puis comparez le numéro de sécurité avec chacun d’eux.</translation>
    </message>
</context>
<context>
    <name>ContactsModel</name>
    <message>
        <location filename="../../ui/contacts/model.py" line="67"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/model.py" line="67"/>
        <source>Role</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/model.py" line="67"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/model.py" line="68"/>
        <source>Verification</source>
        <translation>Vérification</translation>
    </message>
</context>
<context>
    <name>FileKinds</name>
    <message>
        <location filename="../../ui/common/widgets.py" line="133"/>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="134"/>
        <source>JPEG image</source>
        <translation>Image JPEG</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="135"/>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="136"/>
        <source>TIFF image</source>
        <translation>Image TIFF</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="137"/>
        <source>Text file</source>
        <translation>Fichier texte</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="138"/>
        <location filename="../../ui/common/widgets.py" line="140"/>
        <source>Word document</source>
        <translation>Document Word</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="141"/>
        <source>OpenDocument text</source>
        <translation>Texte OpenDocument</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="143"/>
        <location filename="../../ui/common/widgets.py" line="145"/>
        <source>Excel spreadsheet</source>
        <translation>Classeur Excel</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="146"/>
        <source>ZIP archive</source>
        <translation>Archive ZIP</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="147"/>
        <source>E-mail message</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="157"/>
        <source>{suffix} file</source>
        <translation>Fichier {suffix}</translation>
    </message>
    <message>
        <location filename="../../ui/common/widgets.py" line="158"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="72"/>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="72"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="72"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <location filename="../../ui/common/widgets.py" line="109"/>
        <source>{date} at {time}</source>
        <translation>{date} à {time}</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="98"/>
        <source>Sender</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="104"/>
        <source>Sender&apos;s name</source>
        <translation>Nom de l’expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="108"/>
        <source>Sender&apos;s fingerprint</source>
        <translation>Empreinte de l’expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="112"/>
        <source>Fingerprint:</source>
        <translation>Empreinte :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="116"/>
        <source>Letter</source>
        <translation>Courrier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="120"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="128"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="131"/>
        <source>Sent:</source>
        <translation>Envoyé le :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="132"/>
        <source>Recipients:</source>
        <translation>Destinataires :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="133"/>
        <source>Subject:</source>
        <translation>Objet :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="134"/>
        <source>Reference:</source>
        <translation>Référence :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="135"/>
        <source>Expiry:</source>
        <translation>Expiration :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="136"/>
        <source>Use:</source>
        <translation>Usage :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="137"/>
        <source>Message number:</source>
        <translation>Numéro du pli :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="138"/>
        <source>Message:</source>
        <translation>Message :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="142"/>
        <source>Files</source>
        <translation>Fichiers</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="145"/>
        <source>Files in the sealed file</source>
        <translation>Fichiers contenus dans le pli</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
    <message>
        <source>(no reference)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="170"/>
        <source>May not be opened after {day}</source>
        <translation>Ne peut plus être ouvert après le {day}</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="171"/>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="173"/>
        <source>View only: the documents can be read in Scellé, not exported or sent on</source>
        <translation>Consultation seule : les documents peuvent être lus dans Scellé, mais ni exportés ni transmis</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py" line="174"/>
        <source>Normal: the documents can be exported</source>
        <translation>Normal : les documents peuvent être exportés</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/message_view.py"/>
        <source>NOT the keys of your contact {name} (their fingerprint: {fingerprint}…)</source>
        <translation>Ce ne sont PAS les clés de votre contact {name} (son empreinte : {fingerprint}…)</translation>
    </message>
</context>
<context>
    <name>OpenSealedDialog</name>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="70"/>
        <source>Open a sealed file</source>
        <translation>Ouvrir un pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="80"/>
        <location filename="../../ui/exchange/open_dialog.py" line="143"/>
        <source>Checking the sealed file…</source>
        <translation>Vérification du pli scellé…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="100"/>
        <source>Co&amp;mpare the safety number…</source>
        <translation>Co&amp;mparer le numéro de sécurité…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="101"/>
        <source>&amp;Import the sender&apos;s card and verify it…</source>
        <translation>&amp;Importer la carte de l’expéditeur et la vérifier…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="104"/>
        <source>Receive it anyway, as coming from an &amp;unverified sender</source>
        <translation>Le recevoir quand même, comme venant d’un expéditeur &amp;non vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="120"/>
        <source>&amp;Receive into the vault</source>
        <translation>&amp;Recevoir dans le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="124"/>
        <source>Case:</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="159"/>
        <source>You sealed this file yourself: it is a copy of a file you sent.</source>
        <translation>Vous avez scellé ce pli vous-même : c’est une copie d’un pli que vous avez envoyé.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="162"/>
        <source>Verified sender ✓ — You compared the safety number with {name}: this file comes from them and was not altered.</source>
        <translation>Expéditeur vérifié ✓ — Vous avez comparé le numéro de sécurité avec {name} : ce pli vient bien de cette personne et n’a pas été modifié.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="165"/>
        <source>Sender not verified — {name} is among your contacts, but you have not compared the safety number with them: the signature is valid, but nothing proves that this identity card belongs to them.</source>
        <translation>Expéditeur non vérifié — {name} figure dans vos contacts, mais vous n’avez pas comparé le numéro de sécurité avec cette personne : la signature est valide, mais rien ne prouve que cette carte d’identité lui appartient.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="169"/>
        <source>Unknown sender — {name} is not among your contacts. Anyone can make an identity card bearing any name: nothing proves this file comes from this person. Import their card and compare the safety number with them, or accept the file explicitly.</source>
        <translation>Expéditeur inconnu — {name} ne figure pas dans vos contacts. N’importe qui peut créer une carte d’identité à n’importe quel nom : rien ne prouve que ce pli vient de cette personne. Importez sa carte et comparez avec elle le numéro de sécurité, ou acceptez le pli explicitement.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="174"/>
        <source>KEY CHANGED — The keys that signed this file are not the ones you verified for {name}. It may be a new computer, or someone impersonating them. Compare the new safety number with them before trusting this file.</source>
        <translation>CLÉ CHANGÉE — Les clés qui ont signé ce pli ne sont pas celles que vous avez vérifiées pour {name}. Il peut s’agir d’un nouvel ordinateur, ou de quelqu’un qui se fait passer pour cette personne. Comparez avec elle le nouveau numéro de sécurité avant de vous fier à ce pli.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="241"/>
        <source>Receiving into the vault…</source>
        <translation>Réception dans le coffre…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="247"/>
        <source>Received into your vault.</source>
        <translation>Reçu dans votre coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="275"/>
        <source>Checking cancelled.</source>
        <translation>Vérification annulée.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_dialog.py" line="276"/>
        <source>Cancelled: nothing was imported.</source>
        <translation>Annulé : rien n’a été importé.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_jobs.py" line="44"/>
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_jobs.py" line="47"/>
        <source>Not among your contacts ({fingerprint})</source>
        <translation>Hors de vos contacts ({fingerprint})</translation>
    </message>
</context>
<context>
    <name>ReceivedPage</name>
    <message>
        <location filename="../../ui/exchange/open_pages.py" line="43"/>
        <source>Documents received</source>
        <translation>Documents reçus</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/exchange/open_pages.py" line="54"/>
        <source>%n document(s) received, not filed in a case:</source>
        <translation>
            <numerusform>%n document reçu, classé dans aucun dossier :</numerusform>
            <numerusform>%n documents reçus, classés dans aucun dossier :</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/exchange/open_pages.py" line="57"/>
        <source>%n document(s) received into the case “{case}”:</source>
        <translation>
            <numerusform>%n document reçu dans le dossier « {case} » :</numerusform>
            <numerusform>%n documents reçus dans le dossier « {case} » :</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_pages.py" line="61"/>
        <source>They are view-only: they can be read in Scellé but not exported or sent on, as the sender asked.</source>
        <translation>Ils sont en consultation seule : ils peuvent être lus dans Scellé, mais ni exportés ni transmis, comme l’a demandé l’expéditeur.</translation>
    </message>
</context>
<context>
    <name>RecipientsModel</name>
    <message>
        <location filename="../../ui/exchange/recipients.py" line="22"/>
        <source>This contact&apos;s keys changed: compare the safety number again in Contacts before sending to them.</source>
        <translation>Les clés de ce contact ont changé : comparez de nouveau le numéro de sécurité dans Contacts avant de lui envoyer un pli.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/recipients.py" line="26"/>
        <source>This contact&apos;s identity card has expired: import their renewed card before sending to them.</source>
        <translation>La carte d’identité de ce contact a expiré : importez sa carte renouvelée avant de lui envoyer un pli.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/recipients.py" line="79"/>
        <source>Card expired</source>
        <translation>Carte expirée</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>Different key under a known name</source>
        <translation>Clé différente sous un nom connu</translation>
    </message>
    <message>
        <source>This sealed file carries the name or organisation of one of your contacts, but it is signed by other keys than theirs. It may be a new computer, or someone passing themselves off as your contact (a message announcing new bank details is the classic fraud). Call your contact on a telephone number you already knew — never one given in this message — and compare the safety number before accepting it.</source>
        <translation>Ce pli scellé porte le nom ou l’organisation de l’un de vos contacts, mais il est signé par d’autres clés que les siennes. Il peut s’agir d’un nouvel ordinateur, ou de quelqu’un qui se fait passer pour votre contact (un message annonçant un nouveau RIB est la fraude classique). Appelez votre contact à un numéro de téléphone que vous connaissiez déjà — jamais un numéro donné dans ce message — et comparez le numéro de sécurité avant de l’accepter.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="47"/>
        <source>Forwarded sealed file</source>
        <translation>Pli retransmis</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="48"/>
        <source>This sealed file was re-encrypted to you by someone other than its sender. Its author did not choose you as a recipient: someone passed it on without the sender&apos;s knowledge. Ask the sender to send it to you directly.</source>
        <translation>Ce pli vous a été rechiffré par quelqu’un d’autre que son expéditeur. Son auteur ne vous a pas choisi comme destinataire : quelqu’un vous l’a transmis à son insu. Demandez à l’expéditeur de vous l’envoyer directement.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="54"/>
        <source>Signature does not match</source>
        <translation>Signature non conforme</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="55"/>
        <source>The sender&apos;s signature does not match this sealed file: it was modified after it was signed, or passed on by someone else. Do not trust its content; ask the sender to send it again.</source>
        <translation>La signature de l’expéditeur ne correspond pas à ce pli : il a été modifié après sa signature, ou transmis par quelqu’un d’autre. Ne vous fiez pas à son contenu ; demandez à l’expéditeur de le renvoyer.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="61"/>
        <source>Sealed file modified</source>
        <translation>Pli modifié</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="62"/>
        <source>This sealed file was modified after it was signed (altered in transit or on the storage medium). Do not trust it; ask the sender to send it again.</source>
        <translation>Ce pli a été modifié après sa signature (altéré pendant son transfert ou sur son support). Ne vous y fiez pas ; demandez à l’expéditeur de le renvoyer.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="67"/>
        <source>Not addressed to you</source>
        <translation>Pli non destiné à vous</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="68"/>
        <source>This sealed file is not addressed to you: none of your keys can open it. It was sealed for other recipients, or its envelope is damaged. If you expected it, ask the sender to check that they chose your current identity card.</source>
        <translation>Ce pli ne vous est pas adressé : aucune de vos clés ne peut l’ouvrir. Il a été scellé pour d’autres destinataires, ou son enveloppe est endommagée. Si vous l’attendiez, demandez à l’expéditeur de vérifier qu’il a choisi votre carte d’identité actuelle.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="74"/>
        <source>Incomplete sealed file</source>
        <translation>Pli incomplet</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="75"/>
        <source>This sealed file is incomplete: it was cut short during a copy or a download. Copy it again from its source, or ask the sender to send it again.</source>
        <translation>Ce pli est incomplet : il a été tronqué lors d’une copie ou d’un téléchargement. Copiez-le de nouveau depuis sa source, ou demandez à l’expéditeur de le renvoyer.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="80"/>
        <source>Already received</source>
        <translation>Pli déjà reçu</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="81"/>
        <source>This sealed file was already received into your vault (same message number). A copy was presented a second time; it was refused so that nothing is filed twice. The documents from the first reception are in your vault.</source>
        <translation>Ce pli a déjà été reçu dans votre coffre (même numéro de pli). Une copie a été présentée une seconde fois ; elle a été refusée pour que rien ne soit classé deux fois. Les documents de la première réception sont dans votre coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="87"/>
        <source>Sealed file expired</source>
        <translation>Pli expiré</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="88"/>
        <source>This sealed file has expired: its sender set a date after which it may no longer be opened. Ask the sender for a new one if you still need it.</source>
        <translation>Ce pli a expiré : son expéditeur a fixé une date après laquelle il ne peut plus être ouvert. Demandez-lui un nouveau pli si vous en avez encore besoin.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="93"/>
        <source>Dangerous file name</source>
        <translation>Nom de fichier dangereux</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="94"/>
        <source>A file name inside this sealed file is dangerous (it could write outside the intended folder or disguise the nature of the file). The sealed file was refused.</source>
        <translation>Un nom de fichier contenu dans ce pli est dangereux (il pourrait écrire hors du dossier prévu ou masquer la nature du fichier). Le pli a été refusé.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="99"/>
        <source>Invalid description</source>
        <translation>Description invalide</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="100"/>
        <source>The description inside this sealed file (sender, recipients, list of files) is invalid. It may come from incompatible software or have been forged.</source>
        <translation>La description contenue dans ce pli (expéditeur, destinataires, liste des fichiers) est invalide. Il peut provenir d’un logiciel incompatible ou avoir été falsifié.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="105"/>
        <source>Damaged sealed file</source>
        <translation>Pli endommagé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="106"/>
        <source>The inner structure of this sealed file is invalid. It may come from incompatible software or have been forged.</source>
        <translation>La structure interne de ce pli est invalide. Il peut provenir d’un logiciel incompatible ou avoir été falsifié.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="111"/>
        <source>Not a sealed file</source>
        <translation>Ce n’est pas un pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="112"/>
        <source>This file is not a sealed file, or its envelope is damaged beyond reading. Check that you chose the right file (its name ends in .scelle).</source>
        <translation>Ce fichier n’est pas un pli scellé, ou son enveloppe est trop endommagée pour être lue. Vérifiez que vous avez choisi le bon fichier (son nom se termine par .scelle).</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="117"/>
        <source>Unexpected sender</source>
        <translation>Expéditeur inattendu</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="118"/>
        <source>This sealed file was signed by someone other than the expected sender, or by a key you have not verified.</source>
        <translation>Ce pli a été signé par quelqu’un d’autre que l’expéditeur attendu, ou par une clé que vous n’avez pas vérifiée.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="123"/>
        <source>Former key of the sender</source>
        <translation>Ancienne clé de l’expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="124"/>
        <source>This sealed file is signed with a key your contact no longer uses: they replaced it. A file signed with an abandoned key may have been made by whoever obtained it. Ask the sender to send it again with their current key.</source>
        <translation>Ce pli est signé avec une clé que votre contact n’utilise plus : il l’a remplacée. Un pli signé avec une clé abandonnée peut avoir été fabriqué par quiconque se l’est procurée. Demandez à l’expéditeur de le renvoyer avec sa clé actuelle.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="130"/>
        <source>Unknown sender</source>
        <translation>Expéditeur inconnu</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="131"/>
        <source>This sealed file comes from a sender who is not among your contacts. Import and verify their identity card, or accept the file explicitly as coming from an unverified sender.</source>
        <translation>Ce pli vient d’un expéditeur qui ne figure pas dans vos contacts. Importez et vérifiez sa carte d’identité, ou acceptez le pli explicitement comme venant d’un expéditeur non vérifié.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="137"/>
        <source>Sender&apos;s key changed</source>
        <translation>Clé de l’expéditeur changée</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="138"/>
        <source>This sealed file comes from a contact whose keys changed and were not verified again. Compare the safety number with them, or accept the file explicitly as coming from an unverified sender.</source>
        <translation>Ce pli vient d’un contact dont les clés ont changé et n’ont pas été vérifiées de nouveau. Comparez avec lui le numéro de sécurité, ou acceptez le pli explicitement comme venant d’un expéditeur non vérifié.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="144"/>
        <source>Sealed file refused</source>
        <translation>Pli refusé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="145"/>
        <source>This sealed file was refused.</source>
        <translation>Ce pli a été refusé.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="149"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="150"/>
        <source>The operation was cancelled.</source>
        <translation>L’opération a été annulée.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="154"/>
        <source>A document changed</source>
        <translation>Un document a changé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="155"/>
        <source>A document changed while it was being sealed. Try again.</source>
        <translation>Un document a changé pendant le scellement. Réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="159"/>
        <source>Recipient not verified</source>
        <translation>Destinataire non vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="160"/>
        <source>A recipient&apos;s identity has not been verified, or their keys changed since. Compare the safety number with them in Contacts first.</source>
        <translation>L’identité d’un destinataire n’a pas été vérifiée, ou ses clés ont changé depuis. Comparez d’abord avec lui le numéro de sécurité dans Contacts.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="165"/>
        <source>View-only document</source>
        <translation>Document en consultation seule</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="166"/>
        <source>A document was received view-only: it can be shown in Scellé but not sent on. Remove it from the list.</source>
        <translation>Un document a été reçu en consultation seule : il peut être affiché dans Scellé, mais pas transmis. Retirez-le de la liste.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="171"/>
        <source>Identity card expired</source>
        <translation>Carte d’identité expirée</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="172"/>
        <source>An identity card has expired. Ask its holder for a renewed card and import it.</source>
        <translation>Une carte d’identité a expiré. Demandez à son titulaire une carte renouvelée et importez-la.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="176"/>
        <source>File already exists</source>
        <translation>Le fichier existe déjà</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="177"/>
        <source>A file already exists at the chosen place; nothing was replaced. Choose another name.</source>
        <translation>Un fichier existe déjà à l’emplacement choisi ; rien n’a été remplacé. Choisissez un autre nom.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="182"/>
        <source>File cannot be read</source>
        <translation>Fichier illisible</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="183"/>
        <source>The file cannot be read: it is missing, or you are not allowed to read it.</source>
        <translation>Le fichier ne peut pas être lu : il est introuvable, ou vous n’avez pas le droit de le lire.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="187"/>
        <source>Reading or writing failed</source>
        <translation>Échec de lecture ou d’écriture</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="188"/>
        <source>Reading or writing failed part-way (disk full, USB key removed, network drive disconnected…).</source>
        <translation>La lecture ou l’écriture a échoué en cours de route (disque plein, clé USB retirée, lecteur réseau déconnecté…).</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="193"/>
        <source>Vault locked</source>
        <translation>Coffre verrouillé</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="194"/>
        <source>The vault was locked meanwhile. Unlock it and try again.</source>
        <translation>Le coffre a été verrouillé entre-temps. Déverrouillez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="198"/>
        <source>Codes do not match</source>
        <translation>Les codes ne correspondent pas</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="199"/>
        <source>The code does not match your card and this contact&apos;s current card. Do not mark the contact verified: the card may have been substituted. Check with the contact through another channel.</source>
        <translation>Le code ne correspond pas à votre carte et à la carte actuelle de ce contact. Ne marquez pas ce contact comme vérifié : sa carte a pu être substituée. Vérifiez auprès de lui par un autre moyen.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="205"/>
        <source>Your own card</source>
        <translation>Votre propre carte</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="206"/>
        <source>This is your own identity card: it cannot be added as a contact.</source>
        <translation>C’est votre propre carte d’identité : elle ne peut pas être ajoutée comme contact.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="210"/>
        <source>Invalid identity card</source>
        <translation>Carte d’identité invalide</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="211"/>
        <source>This file is not a valid identity card: it is damaged, its signature does not match, or it was made by incompatible software.</source>
        <translation>Ce fichier n’est pas une carte d’identité valide : il est endommagé, sa signature ne correspond pas, ou il a été créé par un logiciel incompatible.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="218"/>
        <source>Nothing was imported into your vault.</source>
        <translation>Rien n’a été importé dans votre coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="220"/>
        <source>No sealed file was created.</source>
        <translation>Aucun pli scellé n’a été créé.</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="235"/>
        <source>Operation refused</source>
        <translation>Opération refusée</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="238"/>
        <source>Unexpected error</source>
        <translation>Erreur inattendue</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py" line="239"/>
        <source>An unexpected error occurred.</source>
        <translation>Une erreur inattendue s’est produite.</translation>
    </message>
</context>
<context>
    <name>RefusedPage</name>
    <message>
        <location filename="../../ui/exchange/open_pages.py" line="26"/>
        <source>Why the sealed file was refused</source>
        <translation>Pourquoi le pli a été refusé</translation>
    </message>
</context>
<context>
    <name>SafetyNumberDialog</name>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="62"/>
        <source>Compare the safety number</source>
        <translation>Comparer le numéro de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="76"/>
        <source>Compare these 60 digits with the ones shown on your contact&apos;s screen: in person, or by a telephone call that you place yourself to a number you already know. They see the same digits for your two cards. If every digit matches, nobody substituted an identity card between you.</source>
        <translation>Comparez ces 60 chiffres avec ceux qui s’affichent sur l’écran de votre contact : en personne, ou par un appel que vous passez vous-même à un numéro que vous connaissez déjà. Votre contact voit les mêmes chiffres pour vos deux cartes. Si tous les chiffres correspondent, personne n’a substitué de carte d’identité entre vous.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="80"/>
        <source>Computing…</source>
        <translation>Calcul en cours…</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="84"/>
        <source>Safety number</source>
        <translation>Numéro de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="86"/>
        <source>Your contact can scan this code instead of reading the digits.</source>
        <translation>Votre contact peut scanner ce code au lieu de lire les chiffres.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="100"/>
        <source>Or check your contact&apos;s code</source>
        <translation>Ou vérifiez le code de votre contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="102"/>
        <source>Scan or paste the code shown by your contact (SCELLE-SN1:…)</source>
        <translation>Scannez ou collez le code affiché par votre contact (SCELLE-SN1:…)</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="104"/>
        <source>Your contact&apos;s code</source>
        <translation>Code de votre contact</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="105"/>
        <source>C&amp;heck the code</source>
        <translation>&amp;Vérifier le code</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="115"/>
        <source>The digits &amp;match: mark as verified</source>
        <translation>Les chiffres &amp;correspondent : marquer comme vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="117"/>
        <source>The digits &amp;differ</source>
        <translation>Les chiffres &amp;diffèrent</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="136"/>
        <source>Safety number with {name}</source>
        <translation>Numéro de sécurité avec {name}</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="147"/>
        <source>KEY CHANGED — {name}&apos;s keys changed since you verified them. Nothing can be sent to them until you compare this new safety number with them.</source>
        <translation>CLÉ CHANGÉE — Les clés de {name} ont changé depuis votre vérification. Rien ne peut lui être envoyé tant que vous n’avez pas comparé avec cette personne ce nouveau numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="152"/>
        <source>Verified ✓ on {day}.</source>
        <translation>Vérifié ✓ le {day}.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="154"/>
        <source>Not verified yet.</source>
        <translation>Pas encore vérifié.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="179"/>
        <source>{name} is now a verified contact ✓. You can send them sealed files.</source>
        <translation>{name} est désormais un contact vérifié ✓. Vous pouvez lui envoyer des plis scellés.</translation>
    </message>
    <message>
        <location filename="../../ui/contacts/safety_dialog.py" line="191"/>
        <source>The digits differ: do not send anything to this contact and do not trust files signed with this card. Someone may have substituted it. Ask your contact to send their identity card again through another channel, then compare again.</source>
        <translation>Les chiffres diffèrent : n’envoyez rien à ce contact et ne vous fiez pas aux plis signés avec cette carte. Quelqu’un a pu la substituer. Demandez à votre contact de vous renvoyer sa carte d’identité par un autre moyen, puis comparez de nouveau.</translation>
    </message>
</context>
<context>
    <name>SealDialog</name>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="72"/>
        <source>Seal and send</source>
        <translation>Sceller et envoyer</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="92"/>
        <source>&amp;Seal</source>
        <translation>&amp;Sceller</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="93"/>
        <source>Seal the documents</source>
        <translation>Sceller les documents</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="124"/>
        <source>You have no contacts yet. Import your correspondent&apos;s identity card in Contacts and compare the safety number with them first.</source>
        <translation>Vous n’avez encore aucun contact. Importez d’abord la carte d’identité de votre correspondant dans Contacts et comparez avec lui le numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="152"/>
        <source>Not verified: {names}. You have not compared the safety number with them: if their identity card was substituted, someone else could read these documents.</source>
        <translation>Non vérifié : {names}. Vous n’avez pas comparé le numéro de sécurité avec ces destinataires : si leur carte d’identité a été substituée, quelqu’un d’autre pourrait lire ces documents.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="167"/>
        <source>Save the sealed file</source>
        <translation>Enregistrer le pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="168"/>
        <source>Sealed files (*.scelle)</source>
        <translation>Plis scellés (*.scelle)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="181"/>
        <source>Choose at least one recipient.</source>
        <translation>Choisissez au moins un destinataire.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="183"/>
        <source>There is no document to seal.</source>
        <translation>Il n’y a aucun document à sceller.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="185"/>
        <source>Remove the view-only documents: they cannot be sent on.</source>
        <translation>Retirez les documents en consultation seule : ils ne peuvent pas être transmis.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="189"/>
        <source>Some recipients are not verified: confirm below that you want to send to them anyway, or untick them.</source>
        <translation>Certains destinataires ne sont pas vérifiés : confirmez ci-dessous que vous voulez quand même leur envoyer ce pli, ou décochez-les.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="193"/>
        <source>Choose where to save the sealed file.</source>
        <translation>Choisissez où enregistrer le pli scellé.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="195"/>
        <source>A file already exists with this name: choose another name.</source>
        <translation>Un fichier porte déjà ce nom : choisissez-en un autre.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="198"/>
        <source>The folder for the sealed file does not exist.</source>
        <translation>Le dossier choisi pour le pli scellé n’existe pas.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="222"/>
        <source>Sealing the documents…</source>
        <translation>Scellement des documents…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_dialog.py" line="249"/>
        <source>Sealing cancelled: no file was created.</source>
        <translation>Scellement annulé : aucun fichier n’a été créé.</translation>
    </message>
</context>
<context>
    <name>SealDocumentsModel</name>
    <message>
        <location filename="../../ui/exchange/documents_model.py" line="75"/>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/documents_model.py" line="75"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/documents_model.py" line="85"/>
        <source>{name} (view-only: cannot be sent)</source>
        <translation>{name} (consultation seule : ne peut pas être transmis)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/documents_model.py" line="90"/>
        <source>This document was received view-only: it can be shown in Scellé but not sent on. Remove it from the list.</source>
        <translation>Ce document a été reçu en consultation seule : il peut être affiché dans Scellé, mais pas transmis. Retirez-le de la liste.</translation>
    </message>
</context>
<context>
    <name>SealForm</name>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="66"/>
        <location filename="../../ui/exchange/seal_form.py" line="77"/>
        <source>Recipients</source>
        <translation>Destinataires</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="71"/>
        <source>Search by name, role or organisation</source>
        <translation>Rechercher par nom, fonction ou organisation</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="72"/>
        <source>Search contacts</source>
        <translation>Rechercher un contact</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="75"/>
        <source>C&amp;ontacts…</source>
        <translation>C&amp;ontacts…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="76"/>
        <source>Manage contacts</source>
        <translation>Gérer les contacts</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="88"/>
        <source>I confirm sending to recipients whose identity I have not verified</source>
        <translation>Je confirme l’envoi à des destinataires dont je n’ai pas vérifié l’identité</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="103"/>
        <location filename="../../ui/exchange/seal_form.py" line="105"/>
        <source>Documents to seal</source>
        <translation>Documents à sceller</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="110"/>
        <source>Remove from the &amp;list</source>
        <translation>&amp;Retirer de la liste</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="111"/>
        <source>Remove the selected documents</source>
        <translation>Retirer les documents sélectionnés</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="123"/>
        <source>Letter</source>
        <translation>Courrier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="126"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="129"/>
        <source>Case reference</source>
        <translation>Référence du dossier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="130"/>
        <source>e.g. your file number</source>
        <translation>par ex. votre numéro de dossier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="132"/>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="134"/>
        <source>&amp;Expires after</source>
        <translation>&amp;Expire après le</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="135"/>
        <source>Set an expiry date</source>
        <translation>Fixer une date d’expiration</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="138"/>
        <source>Expiry date</source>
        <translation>Date d’expiration</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="144"/>
        <source>&amp;View only</source>
        <translation>&amp;Consultation seule</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="146"/>
        <source>Recipients may read the documents in Scellé but not export or forward them</source>
        <translation>Les destinataires pourront lire les documents dans Scellé, mais ni les exporter ni les transmettre</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="147"/>
        <source>Recipients may read the documents in Scellé but not export or forward them.</source>
        <translation>Les destinataires pourront lire les documents dans Scellé, mais ni les exporter ni les transmettre.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="155"/>
        <source>Su&amp;bject:</source>
        <translation>O&amp;bjet :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="156"/>
        <source>&amp;Reference:</source>
        <translation>Ré&amp;férence :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="157"/>
        <source>&amp;Message:</source>
        <translation>&amp;Message :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="164"/>
        <source>Sealed file</source>
        <translation>Pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="166"/>
        <source>Where to save the sealed file</source>
        <translation>Emplacement du pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="167"/>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="168"/>
        <source>Choose where to save the sealed file</source>
        <translation>Choisir où enregistrer le pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_form.py" line="169"/>
        <source>The file name is visible to anyone who handles the file: do not put a client&apos;s name in it.</source>
        <translation>Le nom du fichier est visible de quiconque manipule le pli : n’y mettez pas le nom d’un client.</translation>
    </message>
</context>
<context>
    <name>SealResult</name>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="18"/>
        <source>Message number</source>
        <translation>Numéro du pli</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="23"/>
        <source>Send this file by any channel (e-mail, USB key, shared drive): only the recipients above can open it, and they will see whether it was altered on the way. Keep the message number to refer to this sending.</source>
        <translation>Transmettez ce fichier par le moyen de votre choix (courriel, clé USB, lecteur partagé) : seuls les destinataires ci-dessus peuvent l’ouvrir, et ils verront s’il a été modifié en chemin. Conservez le numéro du pli pour faire référence à cet envoi.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="26"/>
        <source>Show in &amp;folder</source>
        <translation>Afficher dans le &amp;dossier</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="27"/>
        <source>Open the folder of the sealed file</source>
        <translation>Ouvrir le dossier du pli scellé</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="29"/>
        <source>File:</source>
        <translation>Fichier :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="30"/>
        <source>Message number:</source>
        <translation>Numéro du pli :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="31"/>
        <source>Recipients:</source>
        <translation>Destinataires :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="32"/>
        <source>Size:</source>
        <translation>Taille :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="33"/>
        <source>Protection:</source>
        <translation>Protection :</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="45"/>
        <source>The sealed file is ready.</source>
        <translation>Le pli scellé est prêt.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="51"/>
        <source>End-to-end encryption with post-quantum protection (ML-KEM-768 + X25519)</source>
        <translation>Chiffrement de bout en bout avec protection post-quantique (ML-KEM-768 + X25519)</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/seal_result.py" line="53"/>
        <source>End-to-end encryption (X25519): a recipient&apos;s card has no post-quantum key</source>
        <translation>Chiffrement de bout en bout (X25519) : la carte d’un destinataire n’a pas de clé post-quantique</translation>
    </message>
</context>
<context>
    <name>Impersonation</name>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>DIFFERENT KEY UNDER A KNOWN NAME — The identity card says “{name}”, but it is signed by keys that are not those of your contact: {contacts}. It may be a new computer, or someone impersonating them: a message announcing new bank details is the classic fraud. Before receiving it, call your contact on a telephone number you already know — never one given in this message — and compare the safety number.</source>
        <translation>CLÉ DIFFÉRENTE SOUS UN NOM CONNU — La carte d’identité indique « {name} », mais elle est signée par des clés qui ne sont pas celles de votre contact : {contacts}. Il peut s’agir d’un nouvel ordinateur, ou de quelqu’un qui se fait passer pour lui : un message annonçant un nouveau RIB est la fraude classique. Avant de le recevoir, appelez votre contact à un numéro de téléphone que vous connaissez déjà — jamais un numéro donné dans ce message — et comparez le numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>I c&amp;hecked by telephone, on a number I already knew, that these keys are theirs: receive it anyway</source>
        <translation>J’ai &amp;vérifié par téléphone, à un numéro que je connaissais déjà, que ces clés sont les siennes : le recevoir quand même</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>contact not verified</source>
        <translation>contact non vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>same name</source>
        <translation>même nom</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>same name and organisation</source>
        <translation>même nom et même organisation</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>same organisation</source>
        <translation>même organisation</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>verified contact</source>
        <translation>contact vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/impersonation.py"/>
        <source>{name} ({fields}, {state})</source>
        <translation>{name} ({fields}, {state})</translation>
    </message>
</context>
</TS>
