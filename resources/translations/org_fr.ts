<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
    <context>
        <name>AuditModel</name>
        <message>
            <location filename="../../ui/org/models.py" line="100" />
            <source>Time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="100" />
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="100" />
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="100" />
            <source>About</source>
            <translation>Objet</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="101" />
            <source>Detail</source>
            <translation>Détail</translation>
        </message>
    </context>
    <context>
        <name>CertifyDialog</name>
        <message>
            <location filename="../../ui/org/dialogs.py" line="98" />
            <source>Certify a member's card</source>
            <translation>Certifier la carte d’un membre</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="100" />
            <source>Name:</source>
            <translation>Nom :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="101" />
            <source>Title:</source>
            <translation>Qualité :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="102" />
            <source>Organisation:</source>
            <translation>Organisation :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="103" />
            <source>%1 to %2</source>
            <translation>du %1 au %2</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="105" />
            <source>Valid:</source>
            <translation>Validité :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="108" />
            <source>Fingerprint:</source>
            <translation>Empreinte :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="111" />
            <source>Safety number:</source>
            <translation>Numéro de sécurité :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="112" />
            <source>I &amp;compared this fingerprint with the one the member reads on their own device</source>
            <translation>J’ai &amp;comparé cette empreinte avec celle que le membre lit sur son propre appareil</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="114" />
            <source>Ce&amp;rtify</source>
            <translation>Ce&amp;rtifier</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="118" />
            <source>Compare the fingerprint with the member, in person or by a call you placed yourself, before certifying: the certification tells everyone in the directory that this card is theirs.</source>
            <translation>Comparez l’empreinte avec le membre, en personne ou par un appel que vous avez passé vous-même, avant de certifier : la certification dit à tous ceux qui consultent l’annuaire que cette carte est la sienne.</translation>
        </message>
    </context>
    <context>
        <name>CodeDialog</name>
        <message>
            <location filename="../../ui/org/dialogs.py" line="69" />
            <location filename="../../ui/org/dialogs.py" line="73" />
            <source>Invitation code</source>
            <translation>Code d’invitation</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="74" />
            <source>administrator</source>
            <translation>administrateur</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="74" />
            <source>member</source>
            <translation>membre</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="75" />
            <source>Code for a new %1 of %2, valid until %3. It works once: hand it over by a trusted channel (in person, or a call you placed yourself).</source>
            <translation>Code pour un nouveau %1 de %2, valable jusqu’au %3. Il ne sert qu’une fois : remettez-le par un canal sûr (en personne, ou par un appel que vous avez passé vous-même).</translation>
        </message>
    </context>
    <context>
        <name>InviteDialog</name>
        <message>
            <location filename="../../ui/org/dialogs.py" line="42" />
            <source>Invite a member</source>
            <translation>Inviter un membre</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="44" />
            <source>Member</source>
            <translation>Membre</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="45" />
            <source>Administrator</source>
            <translation>Administrateur</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="49" />
            <source> h</source>
            <translation> h</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="51" />
            <source>&amp;Role:</source>
            <translation>&amp;Rôle :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="52" />
            <source>&amp;Valid for:</source>
            <translation>&amp;Valable pendant :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="53" />
            <source>&amp;Make the code</source>
            <translation>&amp;Créer le code</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="55" />
            <source>The code works once. The person types it when joining the relay from their own vault.</source>
            <translation>Le code ne sert qu’une fois. La personne le saisit en rejoignant le relais depuis son propre coffre.</translation>
        </message>
    </context>
    <context>
        <name>MembersModel</name>
        <message>
            <location filename="../../ui/org/models.py" line="89" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="89" />
            <source>Title</source>
            <translation>Qualité</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="89" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="89" />
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="90" />
            <source>Card valid until</source>
            <translation>Carte valable jusqu’au</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="90" />
            <source>Fingerprint</source>
            <translation>Empreinte</translation>
        </message>
    </context>
    <context>
        <name>OrgLabels</name>
        <message>
            <location filename="../../ui/org/models.py" line="26" />
            <source>removal from the roll</source>
            <translation>radiation du tableau</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="27" />
            <source>lost key</source>
            <translation>clé perdue</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="28" />
            <source>departure</source>
            <translation>départ</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="34" />
            <source>Waiting for certification</source>
            <translation>En attente de certification</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="36" />
            <source>Certified</source>
            <translation>Certifié</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="38" />
            <source>Revoked (%1)</source>
            <translation>Révoqué (%1)</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="39" />
            <source>Revoked</source>
            <translation>Révoqué</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="44" />
            <source>Administrator</source>
            <translation>Administrateur</translation>
        </message>
        <message>
            <location filename="../../ui/org/models.py" line="45" />
            <source>Member</source>
            <translation>Membre</translation>
        </message>
    </context>
    <context>
        <name>OrgMenu</name>
        <message>
            <location filename="../../ui/org/__init__.py" line="25" />
            <source>&amp;Organisation…</source>
            <translation>&amp;Organisation…</translation>
        </message>
    </context>
    <context>
        <name>OrgPrompts</name>
        <message>
            <location filename="../../ui/org/prompts.py" line="15" />
            <source>Organisation key file</source>
            <translation>Fichier de la clé de l’organisation</translation>
        </message>
        <message>
            <location filename="../../ui/org/prompts.py" line="16" />
            <source>Key files (*.pem *.key);;All files (*)</source>
            <translation>Fichiers de clé (*.pem *.key);;Tous les fichiers (*)</translation>
        </message>
    </context>
    <context>
        <name>OrgWindow</name>
        <message>
            <location filename="../../ui/org/window.py" line="0" />
            <source>New key on a to&amp;ken…</source>
            <translation>Nouvelle clé sur un &amp;support…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="0" />
            <source>Security token</source>
            <translation>Support de sécurité</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="0" />
            <source>The label of the token to make the key on:</source>
            <translation>L’étiquette du support sur lequel créer la clé :</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="0" />
            <source>PIN of the token %1:</source>
            <translation>Code PIN du support %1 :</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="70" />
            <source>Organisation administration</source>
            <translation>Administration de l’organisation</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="78" />
            <source>Organisation key</source>
            <translation>Clé de l’organisation</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="82" />
            <source>Import a key &amp;file…</source>
            <translation>Importer un &amp;fichier de clé…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="84" />
            <source>&amp;New key in the vault…</source>
            <translation>&amp;Nouvelle clé dans le coffre…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="95" />
            <source>&amp;Members</source>
            <translation>&amp;Membres</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="96" />
            <source>Audit trail</source>
            <translation>Journal d’audit</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="97" />
            <source>&amp;Audit trail</source>
            <translation>&amp;Journal d’audit</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="108" />
            <source>Members</source>
            <translation>Membres</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="110" />
            <source>&amp;Refresh</source>
            <translation>&amp;Actualiser</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="112" />
            <source>&amp;Invite…</source>
            <translation>&amp;Inviter…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="114" />
            <source>&amp;Certify…</source>
            <translation>&amp;Certifier…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="116" />
            <source>Re&amp;voke…</source>
            <translation>Ré&amp;voquer…</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="174" />
            <source>This vault holds no organisation key. Import the key file the relay's operator gave you, or make a new key here and give its public key to them.</source>
            <translation>Ce coffre ne contient aucune clé d’organisation. Importez le fichier de clé que l’exploitant du relais vous a remis, ou créez ici une nouvelle clé et remettez-lui sa clé publique.</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="179" />
            <source>kept in this vault</source>
            <translation>conservée dans ce coffre</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="180" />
            <source>on the security token %1</source>
            <translation>sur le support de sécurité %1</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="194" />
            <source>Security token PIN</source>
            <translation>Code PIN du support de sécurité</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="195" />
            <source>PIN of the token holding the key of %1:</source>
            <translation>Code PIN du support qui détient la clé de %1 :</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="212" />
            <source>Organisation name</source>
            <translation>Nom de l’organisation</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="213" />
            <location filename="../../ui/org/window.py" line="228" />
            <source>The organisation's name on the relay:</source>
            <translation>Le nom de l’organisation sur le relais :</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="216" />
            <source>Key file passphrase</source>
            <translation>Phrase de passe du fichier de clé</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="217" />
            <source>The key file's passphrase (leave empty if it has none):</source>
            <translation>La phrase de passe du fichier de clé (laissez vide s’il n’en a pas) :</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="227" />
            <source>New organisation key</source>
            <translation>Nouvelle clé d’organisation</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="237" />
            <source>The key is now in the vault. Shred the key file and every copy of it: it is no longer needed.</source>
            <translation>La clé est maintenant dans le coffre. Détruisez de façon sûre le fichier de clé et toutes ses copies : il n’est plus utile.</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="240" />
            <source>New key made. Give its public key to the relay's operator, who creates the organisation with it: %1</source>
            <translation>Nouvelle clé créée. Remettez sa clé publique à l’exploitant du relais, qui crée l’organisation avec elle : %1</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="257" />
            <source>Organisation on the relay: %1</source>
            <translation>Organisation sur le relais : %1</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="295" />
            <source>%1: card certified.</source>
            <translation>%1 : carte certifiée.</translation>
        </message>
        <message>
            <location filename="../../ui/org/window.py" line="307" />
            <source>%1: card revoked.</source>
            <translation>%1 : carte révoquée.</translation>
        </message>
    </context>
    <context>
        <name>RevokeDialog</name>
        <message>
            <location filename="../../ui/org/dialogs.py" line="134" />
            <source>Revoke a member's card</source>
            <translation>Révoquer la carte d’un membre</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="139" />
            <source>&amp;Reason:</source>
            <translation>&amp;Motif :</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="140" />
            <source>Revoke the card of %1? Nobody can send to it any more, and it cannot be certified again: the member will have to enrol a new identity.</source>
            <translation>Révoquer la carte de %1 ? Plus personne ne pourra lui envoyer de pli, et elle ne pourra plus être certifiée : le membre devra s’inscrire avec une nouvelle identité.</translation>
        </message>
        <message>
            <location filename="../../ui/org/dialogs.py" line="142" />
            <source>Re&amp;voke</source>
            <translation>Ré&amp;voquer</translation>
        </message>
    </context>
</TS>
