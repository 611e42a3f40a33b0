<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>InboxModel</name>
    <message>
        <location filename="../../ui/relay/models.py" line="96"/>
        <source>Sender</source>
        <translation>Expéditeur</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="96"/>
        <source>Identity</source>
        <translation>Identité</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="96"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="97"/>
        <source>Deposited</source>
        <translation>Déposé le</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="97"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="97"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="111"/>
        <source>(sealed: shown once received)</source>
        <translation>(scellé : visible après réception)</translation>
    </message>
</context>
<context>
    <name>JoinRelayDialog</name>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="56"/>
        <source>Join a relay</source>
        <translation>Rejoindre un relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="63"/>
        <source>Your organisation&apos;s administrator gives you the relay&apos;s address, an invitation code and the relay&apos;s key id. Compare the key id with them by telephone or on paper: Scellé checks it before sending anything.</source>
        <translation>L’administrateur de votre organisation vous remet l’adresse du relais, un code d’invitation et l’identifiant de clé du relais. Vérifiez cet identifiant avec lui par téléphone ou sur papier : Scellé le contrôle avant de rien envoyer.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="68"/>
        <source>Relay address</source>
        <translation>Adresse du relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="70"/>
        <source>Invitation code</source>
        <translation>Code d’invitation</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="72"/>
        <source>Relay key id</source>
        <translation>Identifiant de clé du relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="73"/>
        <source>as given by the administrator</source>
        <translation>tel que remis par l’administrateur</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="75"/>
        <source>Relay &amp;address:</source>
        <translation>&amp;Adresse du relais :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="76"/>
        <source>Invitation &amp;code:</source>
        <translation>&amp;Code d’invitation :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="77"/>
        <source>Relay &amp;key id:</source>
        <translation>&amp;Identifiant de clé du relais :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="81"/>
        <source>&amp;Join</source>
        <translation>&amp;Rejoindre</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="97"/>
        <source>Connection (only if your administrator asks)</source>
        <translation>Connexion (seulement si votre administrateur le demande)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="99"/>
        <location filename="../../ui/relay/join_dialog.py" line="123"/>
        <source>Certificate authority file</source>
        <translation>Fichier de l’autorité de certification</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="100"/>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="106"/>
        <source>SHA-256 of the relay&apos;s certificate</source>
        <translation>SHA-256 du certificat du relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="109"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="110"/>
        <source>Ignore the system&apos;s proxy settings</source>
        <translation>Ignorer les réglages de proxy du système</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="112"/>
        <source>Allow an unencrypted http:// address (INSECURE: test networks only)</source>
        <translation>Autoriser une adresse http:// non chiffrée (DANGEREUX : réseaux de test uniquement)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="114"/>
        <source>Imposed by your administrator</source>
        <translation>Imposé par votre administrateur</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="116"/>
        <source>Certificate &amp;file (CA):</source>
        <translation>&amp;Fichier de certificat (AC) :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="117"/>
        <source>Certificate &amp;SHA-256:</source>
        <translation>&amp;SHA-256 du certificat :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="118"/>
        <source>&amp;Proxy:</source>
        <translation>&amp;Proxy :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="124"/>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Certificats (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="132"/>
        <source>Enter the relay&apos;s address.</source>
        <translation>Saisissez l’adresse du relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="134"/>
        <source>Your administrator does not allow this relay on this computer.</source>
        <translation>Votre administrateur n’autorise pas ce relais sur cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="137"/>
        <source>Enter the invitation code.</source>
        <translation>Saisissez le code d’invitation.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="140"/>
        <source>Enter the relay&apos;s key id given by the administrator: it is how Scellé knows it talks to the real relay.</source>
        <translation>Saisissez l’identifiant de clé du relais remis par l’administrateur : c’est ainsi que Scellé sait qu’il s’adresse au vrai relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="143"/>
        <source>The key id is made of the digits 0-9 and letters a-f.</source>
        <translation>L’identifiant de clé se compose des chiffres 0 à 9 et des lettres a à f.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="146"/>
        <source>A certificate SHA-256 is 64 hexadecimal characters.</source>
        <translation>Un SHA-256 de certificat compte 64 caractères hexadécimaux.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="149"/>
        <source>The certificate file does not exist.</source>
        <translation>Le fichier de certificat n’existe pas.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="173"/>
        <source>Contacting the relay…</source>
        <translation>Connexion au relais…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="184"/>
        <source>Joined: your card is certified by your organisation. You can send and receive through the relay.</source>
        <translation>Relais rejoint : votre carte est certifiée par votre organisation. Vous pouvez envoyer et recevoir par le relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/join_dialog.py" line="187"/>
        <source>Joined. Your organisation&apos;s administrator must now certify your card; Scellé notices it at the next synchronisation.</source>
        <translation>Relais rejoint. L’administrateur de votre organisation doit maintenant certifier votre carte ; Scellé le constatera à la prochaine synchronisation.</translation>
    </message>
</context>
<context>
    <name>ProofsModel</name>
    <message>
        <location filename="../../ui/relay/models.py" line="170"/>
        <source>Proof</source>
        <translation>Preuve</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="170"/>
        <source>Time</source>
        <translation>Date et heure</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="170"/>
        <source>Signed by</source>
        <translation>Signée par</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="170"/>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="183"/>
        <source>{kind} ({event})</source>
        <translation>{kind} ({event})</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="190"/>
        <source>verified offline</source>
        <translation>vérifiée hors ligne</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="190"/>
        <source>not the joined relay</source>
        <translation>pas le relais rejoint</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="195"/>
        <source>The relay (key {key})</source>
        <translation>Le relais (clé {key})</translation>
    </message>
</context>
<context>
    <name>RecipientStatesModel</name>
    <message>
        <location filename="../../ui/relay/models.py" line="156"/>
        <source>Recipient</source>
        <translation>Destinataire</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="156"/>
        <source>State</source>
        <translation>État</translation>
    </message>
</context>
<context>
    <name>RelayErrors</name>
    <message>
        <location filename="../../ui/relay/errors.py" line="26"/>
        <source>The relay does not know this invitation code. Check it with the administrator who gave it to you.</source>
        <translation>Le relais ne connaît pas ce code d’invitation. Vérifiez-le auprès de l’administrateur qui vous l’a remis.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="29"/>
        <source>This invitation code has expired. Ask the administrator for a new one.</source>
        <translation>Ce code d’invitation a expiré. Demandez-en un nouveau à l’administrateur.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="31"/>
        <source>This invitation code was already used. Ask the administrator for a new one.</source>
        <translation>Ce code d’invitation a déjà servi. Demandez-en un nouveau à l’administrateur.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="34"/>
        <source>Your membership of this relay was revoked by its administrator.</source>
        <translation>Votre adhésion à ce relais a été révoquée par son administrateur.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="36"/>
        <source>Your identity card is not certified yet by your organisation&apos;s administrator. Try again once it is.</source>
        <translation>Votre carte d’identité n’est pas encore certifiée par l’administrateur de votre organisation. Réessayez une fois qu’elle le sera.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="39"/>
        <source>A recipient is not a member of this relay that you may write to.</source>
        <translation>Un destinataire n’est pas un membre du relais auquel vous pouvez écrire.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="41"/>
        <source>These documents are larger than the relay accepts. Send fewer at a time.</source>
        <translation>Ces documents dépassent la taille acceptée par le relais. Envoyez-en moins à la fois.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="44"/>
        <source>The relay is busy. Try again in a few minutes.</source>
        <translation>Le relais est occupé. Réessayez dans quelques minutes.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="49"/>
        <source>The relay&apos;s key is not the expected one: nothing was sent to it. Check the key id with the relay&apos;s administrator, by telephone.</source>
        <translation>La clé du relais n’est pas celle attendue : rien ne lui a été envoyé. Vérifiez l’identifiant de clé avec l’administrateur du relais, par téléphone.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="52"/>
        <source>The secure connection was refused: the relay&apos;s certificate is not trusted or not the pinned one. Check the certificate settings with your administrator.</source>
        <translation>La connexion sécurisée a été refusée : le certificat du relais n’est pas reconnu, ou n’est pas celui attendu. Vérifiez les réglages de certificat avec votre administrateur.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="56"/>
        <source>The relay cannot be reached. Check the address, the network and the proxy, then try again.</source>
        <translation>Le relais est injoignable. Vérifiez l’adresse, le réseau et le proxy, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="59"/>
        <source>An answer did not carry the relay&apos;s valid signature; it was ignored.</source>
        <translation>Une réponse ne portait pas la signature valide du relais ; elle a été ignorée.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="61"/>
        <source>This vault is already a member of a relay.</source>
        <translation>Ce coffre est déjà membre d’un relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="63"/>
        <source>This vault has not joined a relay yet (Relay menu, Join a relay…).</source>
        <translation>Ce coffre n’a pas encore rejoint de relais (menu Relais, Rejoindre un relais…).</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="65"/>
        <source>A proof does not say what it must; it was not kept.</source>
        <translation>Une preuve ne dit pas ce qu’elle doit ; elle n’a pas été conservée.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="67"/>
        <source>The transfer was cancelled; it resumes at the next synchronisation.</source>
        <translation>Le transfert a été annulé ; il reprendra à la prochaine synchronisation.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/errors.py" line="83"/>
        <source>This setting cannot be used: {detail}</source>
        <translation>Ce réglage est inutilisable : {detail}</translation>
    </message>
</context>
<context>
    <name>RelayMenu</name>
    <message>
        <location filename="../../ui/relay/__init__.py" line="50"/>
        <source>&amp;Relay</source>
        <translation>&amp;Relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/__init__.py" line="51"/>
        <source>&amp;Join a relay…</source>
        <translation>Re&amp;joindre un relais…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/__init__.py" line="53"/>
        <source>&amp;Synchronise</source>
        <translation>&amp;Synchroniser</translation>
    </message>
    <message>
        <location filename="../../ui/relay/__init__.py" line="55"/>
        <source>&amp;Inbox and sent…</source>
        <translation>&amp;Boîte de réception et envois…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/__init__.py" line="57"/>
        <source>Send &amp;through the relay…</source>
        <translation>&amp;Envoyer par le relais…</translation>
    </message>
</context>
<context>
    <name>RelayPanel</name>
    <message>
        <location filename="../../ui/relay/panel.py" line="54"/>
        <source>Relay: inbox and sent</source>
        <translation>Relais : réception et envois</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="61"/>
        <source>S&amp;ynchronise</source>
        <translation>S&amp;ynchroniser</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="62"/>
        <source>Synchronise with the relay</source>
        <translation>Synchroniser avec le relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="71"/>
        <location filename="../../ui/relay/panel.py" line="82"/>
        <source>Inbox</source>
        <translation>Boîte de réception</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="72"/>
        <location filename="../../ui/relay/panel.py" line="108"/>
        <source>Sent</source>
        <translation>Envoyés</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="86"/>
        <source>&amp;Receive into the vault</source>
        <translation>&amp;Recevoir dans le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="87"/>
        <source>Receive the envelope into the chosen case</source>
        <translation>Recevoir le pli dans le dossier choisi</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="89"/>
        <source>Re&amp;fuse</source>
        <translation>Re&amp;fuser</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="90"/>
        <location filename="../../ui/relay/panel.py" line="259"/>
        <source>Refuse the envelope</source>
        <translation>Refuser le pli</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="93"/>
        <source>&amp;Case:</source>
        <translation>&amp;Dossier :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="148"/>
        <source>This vault has not joined a relay yet (Relay menu, Join a relay…).</source>
        <translation>Ce coffre n’a pas encore rejoint de relais (menu Relais, Rejoindre un relais…).</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="149"/>
        <source>waiting for your organisation to certify your card</source>
        <translation>en attente de la certification de votre carte par votre organisation</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="150"/>
        <source>certified member</source>
        <translation>membre certifié</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="151"/>
        <source>membership revoked</source>
        <translation>adhésion révoquée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="153"/>
        <source>Relay {url}: {status}.</source>
        <translation>Relais {url} : {status}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="167"/>
        <source>Synchronising with the relay…</source>
        <translation>Synchronisation avec le relais…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="180"/>
        <source>Synchronised.</source>
        <translation>Synchronisé.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="182"/>
        <source>{n} received into the vault.</source>
        <translation>Reçu(s) dans le coffre : {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="184"/>
        <source>{n} sent.</source>
        <translation>Envoyé(s) : {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="186"/>
        <source>{n} waiting for your decision.</source>
        <translation>En attente de votre décision : {n}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="188"/>
        <source>{n} could not be handled; details in the lists.</source>
        <translation>Non traité(s) : {n} ; le détail figure dans les listes.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="195"/>
        <source>The relay cannot be reached right now. Nothing is lost: messages waiting to go out are sent at the next synchronisation.</source>
        <translation>Le relais est injoignable pour le moment. Rien n’est perdu : les envois en attente partiront à la prochaine synchronisation.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="206"/>
        <source>Synchronisation stopped; transfers resume where they stopped next time.</source>
        <translation>Synchronisation interrompue ; les transferts reprendront là où ils se sont arrêtés.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="224"/>
        <source>From {name}, key {key}.</source>
        <translation>Expéditeur : {name}, clé {key}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="225"/>
        <source>an unknown sender</source>
        <translation>inconnu</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="229"/>
        <source>Held: this sender is not among your verified contacts. Receive it only if you expected it; otherwise refuse it.</source>
        <translation>Pli retenu : cet expéditeur ne figure pas parmi vos contacts vérifiés. Ne le recevez que si vous l’attendiez ; sinon, refusez-le.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="234"/>
        <source>unfiled documents</source>
        <translation>documents non classés</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="235"/>
        <source>Received into: {case}.</source>
        <translation>Reçu dans : {case}.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="244"/>
        <source>Name the new case first.</source>
        <translation>Nommez d’abord le nouveau dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="248"/>
        <source>Receive from an unverified sender</source>
        <translation>Recevoir d’un expéditeur non vérifié</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="249"/>
        <source>You have not verified this sender&apos;s identity. Receive the envelope into the vault anyway?</source>
        <translation>Vous n’avez pas vérifié l’identité de cet expéditeur. Recevoir quand même le pli dans le coffre ?</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="250"/>
        <source>Receive</source>
        <translation>Recevoir</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="253"/>
        <source>Received into the vault.</source>
        <translation>Reçu dans le coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="260"/>
        <source>The sender will receive a signed refusal and the envelope will be deleted from this computer. Refuse it?</source>
        <translation>L’expéditeur recevra un refus signé et le pli sera effacé de cet ordinateur. Le refuser ?</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="261"/>
        <source>Refuse</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <location filename="../../ui/relay/panel.py" line="263"/>
        <source>Envelope refused.</source>
        <translation>Pli refusé.</translation>
    </message>
</context>
<context>
    <name>RelayStates</name>
    <message>
        <location filename="../../ui/relay/labels.py" line="20"/>
        <source>Uploading</source>
        <translation>Envoi en cours</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="21"/>
        <source>Deposited</source>
        <translation>Déposé</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="22"/>
        <source>Delivered</source>
        <translation>Remis</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="23"/>
        <source>Opened</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="24"/>
        <source>Refused</source>
        <translation>Refusé</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="25"/>
        <source>Expired</source>
        <translation>Expiré</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="26"/>
        <source>Held: your decision</source>
        <translation>Retenu : à vous de décider</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="27"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="28"/>
        <source>Withdrawn</source>
        <translation>Retiré</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="35"/>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="36"/>
        <source>not verified</source>
        <translation>non vérifiée</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="37"/>
        <source>keys changed</source>
        <translation>clés changées</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="38"/>
        <source>not in your contacts</source>
        <translation>hors de vos contacts</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="42"/>
        <source>Deposit</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="43"/>
        <source>Delivery</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py" line="44"/>
        <source>Receipt</source>
        <translation>Accusé de réception</translation>
    </message>
    <message>
        <location filename="../../ui/relay/labels.py"/>
        <source>DIFFERENT KEY under a known name</source>
        <translation>CLÉ DIFFÉRENTE sous un nom connu</translation>
    </message>
</context>
<context>
    <name>SendViaRelayDialog</name>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="55"/>
        <source>Send through the relay</source>
        <translation>Envoyer par le relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="69"/>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="70"/>
        <source>Days the relay keeps the envelope</source>
        <translation>Nombre de jours de conservation sur le relais</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="71"/>
        <source>After this delay the relay deletes the envelope, opened or not. Only your verified contacts are listed.</source>
        <translation>Passé ce délai, le relais efface le pli, ouvert ou non. Seuls vos contacts vérifiés sont proposés.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="75"/>
        <source>&amp;Available on the relay for:</source>
        <translation>&amp;Disponible sur le relais pendant :</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="84"/>
        <source>&amp;Send</source>
        <translation>E&amp;nvoyer</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="105"/>
        <source>You have no verified contact yet. Add your correspondent from the relay&apos;s directory in Contacts and compare the safety number with them first.</source>
        <translation>Vous n’avez encore aucun contact vérifié. Ajoutez d’abord votre correspondant depuis l’annuaire du relais dans Contacts et comparez avec lui le numéro de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="111"/>
        <source>Choose at least one recipient.</source>
        <translation>Choisissez au moins un destinataire.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="114"/>
        <source>There is no document to send: select documents in the main window first.</source>
        <translation>Aucun document à envoyer : sélectionnez d’abord des documents dans la fenêtre principale.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="117"/>
        <source>Remove the view-only documents: they cannot be sent on.</source>
        <translation>Retirez les documents en consultation seule : ils ne peuvent pas être transmis.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="142"/>
        <source>Sealing and sending…</source>
        <translation>Scellement et envoi…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="156"/>
        <source>Sent: the relay signed a proof of deposit. Follow the delivery in Relay, Inbox and sent.</source>
        <translation>Envoyé : le relais a signé une preuve de dépôt. Suivez la remise dans Relais, Boîte de réception et envois.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="160"/>
        <source>Sealed. The relay cannot be reached right now: the message waits in the outbox and goes at the next synchronisation.</source>
        <translation>Scellé. Le relais est injoignable pour le moment : le pli attend dans la file d’envoi et partira à la prochaine synchronisation.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/send_dialog.py" line="170"/>
        <source>Sending cancelled.</source>
        <translation>Envoi annulé.</translation>
    </message>
</context>
<context>
    <name>SentDetails</name>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="39"/>
        <source>Recipients</source>
        <translation>Destinataires</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="40"/>
        <source>Recipients of the message</source>
        <translation>Destinataires du pli</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="43"/>
        <source>Proofs</source>
        <translation>Preuves</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="44"/>
        <source>Proofs of the message</source>
        <translation>Preuves du pli</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="47"/>
        <source>E&amp;xport the proofs…</source>
        <translation>E&amp;xporter les preuves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="48"/>
        <source>Export the proofs to a file</source>
        <translation>Exporter les preuves dans un fichier</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="72"/>
        <source>No proof yet: the message has not reached the relay.</source>
        <translation>Pas encore de preuve : le pli n’a pas atteint le relais.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="75"/>
        <source>Checking the proofs…</source>
        <translation>Vérification des preuves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="85"/>
        <source>Signatures checked on this computer, without the relay. The exported file can be checked by anyone.</source>
        <translation>Signatures vérifiées sur cet ordinateur, sans le relais. Le fichier exporté peut être vérifié par quiconque.</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="96"/>
        <source>Export the proofs</source>
        <translation>Exporter les preuves</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="97"/>
        <source>Proof files (*.json)</source>
        <translation>Fichiers de preuves (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/proofs_view.py" line="105"/>
        <source>Proofs exported to {path}.</source>
        <translation>Preuves exportées dans {path}.</translation>
    </message>
</context>
<context>
    <name>SentModel</name>
    <message>
        <location filename="../../ui/relay/models.py" line="131"/>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="131"/>
        <source>Recipients</source>
        <translation>Destinataires</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="131"/>
        <source>Sent</source>
        <translation>Envoyé le</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="131"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="132"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="144"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="145"/>
        <source>{name}: {state}</source>
        <translation>{name} : {state}</translation>
    </message>
    <message>
        <location filename="../../ui/relay/models.py" line="148"/>
        <source>(no subject)</source>
        <translation>(sans objet)</translation>
    </message>
</context>
</TS>
