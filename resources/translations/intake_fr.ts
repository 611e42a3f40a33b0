<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>IntakeModel</name>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="82"/>
        <source>Origin</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="82"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="82"/>
        <source>Intake point</source>
        <translation>Point de dépôt</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="83"/>
        <source>Deposited</source>
        <translation>Déposée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="83"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="83"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="98"/>
        <source>(encrypted: shown once received)</source>
        <translation>(chiffrée : visible une fois reçue)</translation>
    </message>
</context>
<context>
    <name>IntakeProofs</name>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="33"/>
        <source>Proofs</source>
        <translation>Preuves</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="37"/>
        <source>Proofs of the request</source>
        <translation>Preuves de la demande</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="39"/>
        <source>Export the proo&amp;fs…</source>
        <translation>Exporter les pre&amp;uves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="40"/>
        <source>Export the proofs to a file</source>
        <translation>Exporter les preuves dans un fichier</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="60"/>
        <source>Checking the proofs…</source>
        <translation>Vérification des preuves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="70"/>
        <source>Signatures checked on this computer, without the relay.</source>
        <translation>Signatures vérifiées sur cet ordinateur, sans le relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="79"/>
        <source>Export the proofs</source>
        <translation>Exporter les preuves</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="80"/>
        <source>Proof files (*.json)</source>
        <translation>Fichiers de preuves (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_proofs.py" line="85"/>
        <source>Proofs exported to {path}.</source>
        <translation>Preuves exportées dans {path}.</translation>
    </message>
</context>
<context>
    <name>IntakeReplyDialog</name>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="57"/>
        <source>Reply to an outside request</source>
        <translation>Répondre à une demande extérieure</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="60"/>
        <source>Only the requester can read this reply, with the reply code they kept. Nobody has verified who they are: write nothing you would not tell a stranger who claims their name.</source>
        <translation>Seul le demandeur peut lire cette réponse, avec le code de réponse qu’il a conservé. Personne n’a vérifié son identité : n’écrivez rien que vous ne diriez pas à un inconnu qui se présente sous ce nom.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="65"/>
        <source>Subject of the reply</source>
        <translation>Objet de la réponse</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="67"/>
        <source>Re: {subject}</source>
        <translation>Re : {subject}</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="70"/>
        <source>Message of the reply</source>
        <translation>Message de la réponse</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="73"/>
        <source>Attached files</source>
        <translation>Fichiers joints</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="74"/>
        <source>&amp;Attach files…</source>
        <translation>&amp;Joindre des fichiers…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="76"/>
        <source>Re&amp;move</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="82"/>
        <source>&amp;Subject:</source>
        <translation>&amp;Objet :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="85"/>
        <source>&amp;Message:</source>
        <translation>&amp;Message :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="88"/>
        <source>&amp;Files:</source>
        <translation>&amp;Fichiers :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="99"/>
        <source>S&amp;end the reply</source>
        <translation>&amp;Envoyer la réponse</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="112"/>
        <source>Attach files</source>
        <translation>Joindre des fichiers</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="112"/>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="138"/>
        <source>Encrypting and sending the reply…</source>
        <translation>Chiffrement et envoi de la réponse…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="141"/>
        <source>Reply</source>
        <translation>Réponse</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="149"/>
        <source>Write the reply's message first.</source>
        <translation>Écrivez d’abord le message de la réponse.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="151"/>
        <source>The message is too long ({n} characters at most).</source>
        <translation>Le message est trop long ({n} caractères au plus).</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_reply_dialog.py" line="154"/>
        <source>A reply holds at most {n} files.</source>
        <translation>Une réponse contient au plus {n} fichiers.</translation>
    </message>
</context>
<context>
    <name>IntakeTab</name>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="40"/>
        <source>Outside request, not authenticated</source>
        <translation>Demande extérieure non authentifiée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="44"/>
        <source>Written on your organisation's intake page by someone without an account. Nobody has verified who sent it: the name and contact inside are only what the requester typed.</source>
        <translation>Écrite sur la page de dépôt de votre organisation par une personne sans compte. Personne n’a vérifié qui l’a envoyée : le nom et le contact qu’elle contient sont seulement ce que le demandeur a saisi.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="104"/>
        <source>Waiting (not downloaded yet)</source>
        <translation>En attente (pas encore téléchargée)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="105"/>
        <source>Waiting for your decision</source>
        <translation>En attente de votre décision</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="106"/>
        <source>Received</source>
        <translation>Reçue</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="107"/>
        <source>Unreadable, refused</source>
        <translation>Illisible, refusée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="108"/>
        <source>Expired</source>
        <translation>Expirée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="135"/>
        <source>Requests from outside</source>
        <translation>Demandes extérieures</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="142"/>
        <source>&amp;Receive into the vault</source>
        <translation>&amp;Recevoir dans le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="143"/>
        <source>Receive the request into the chosen case</source>
        <translation>Recevoir la demande dans le dossier choisi</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="145"/>
        <source>Re&amp;ply…</source>
        <translation>Ré&amp;pondre…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="146"/>
        <source>Reply to the requester</source>
        <translation>Répondre au demandeur</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="149"/>
        <source>C&amp;ase:</source>
        <translation>Doss&amp;ier :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="205"/>
        <source>unfiled documents</source>
        <translation>documents non classés</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="206"/>
        <source>Received into: {case}. The note document holds the message and what the requester said about themselves.</source>
        <translation>Reçue dans : {case}. La note contient le message et ce que le demandeur a dit de lui-même.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="209"/>
        <source>The requester asked for no reply.</source>
        <translation>Le demandeur n’a pas demandé de réponse.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="210"/>
        <source>Replies sent: {n}.</source>
        <translation>Réponses envoyées : {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="213"/>
        <source>Receive it to read it: only the members of the intake group can.</source>
        <translation>Recevez-la pour la lire : seuls les membres du groupe de réception le peuvent.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="222"/>
        <source>Name the new case first.</source>
        <translation>Nommez d’abord le nouveau dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="236"/>
        <source>Received into the vault, marked as an outside request nobody authenticated.</source>
        <translation>Reçue dans le coffre, marquée comme demande extérieure que personne n’a authentifiée.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/intake_tab.py" line="240"/>
        <source>The request could not be read and was refused: {reason}</source>
        <translation>La demande n’a pas pu être lue et a été refusée : {reason}</translation>
    </message>
</context>
<context>
    <name>RelayPanel</name>
    <message>
        <location filename="../../ui/relay/panel.py" line="153"/>
        <source>Requests from &amp;outside</source>
        <translation>Demandes ex&amp;térieures</translation>
    </message>
</context>
<context>
    <name>RelayStates</name>
    <message>
        <location filename="../../ui/relay/labels.py" line="47"/>
        <source>Deposit at the intake page</source>
        <translation>Dépôt sur la page de dépôt</translation>
    </message>
</context>
</TS>
