<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/about.py" line="56" />
        <source>About Scellé</source>
        <translation>À propos de Scellé</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="63" />
        <source>Encrypted vault and sealed files for professions bound by secrecy.</source>
        <translation>Coffre chiffré et plis scellés pour les professions soumises au secret.</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="72" />
        <source>Versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="73" />
        <source>Protection of this vault</source>
        <translation>Protection de ce coffre</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="101" />
        <source>Recipients</source>
        <translation>Destinataires</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="103" />
        <source>Key slots, documents</source>
        <translation>Emplacements de clé, documents</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="104" />
        <source>Database</source>
        <translation>Base de données</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="104" />
        <source>SQLCipher 4 (AES-256, HMAC-SHA512)</source>
        <translation>SQLCipher 4 (AES-256, HMAC-SHA512)</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="105" />
        <source>Sealed files</source>
        <translation>Plis scellés</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="105" />
        <source>age v1 (ChaCha20-Poly1305 STREAM), Ed25519 signature</source>
        <translation>age v1 (ChaCha20-Poly1305 STREAM), signature Ed25519</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="112" />
        <source>Argon2id, %1 MiB, t = %2, p = %3</source>
        <translation>Argon2id, %1 Mio, t = %2, p = %3</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="115" />
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="121" />
        <source>ML-KEM-768 + X25519 (post-quantum hybrid)</source>
        <translation>ML-KEM-768 + X25519 (hybride post-quantique)</translation>
    </message>
</context>
<context>
    <name>AddSlotDialog</name>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="121" />
        <source>Add a way to open the vault</source>
        <translation>Ajouter un moyen d’ouvrir le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="133" />
        <source>Name of this way in</source>
        <translation>Nom de ce moyen d’accès</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="134" />
        <source>e.g. Spare key in the office safe</source>
        <translation>ex. : clé de secours dans le coffre-fort de l’étude</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="137" />
        <source>Passphrase again</source>
        <translation>Phrase de passe (confirmation)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="140" />
        <source>Security key PIN</source>
        <translation>PIN de la clé de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="141" />
        <source>Only if your key has a PIN</source>
        <translation>Seulement si votre clé a un PIN</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="146" />
        <source>Key PIN:</source>
        <translation>PIN de la clé :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="148" />
        <source>After adding, scan the QR code with the app.</source>
        <translation>Après l’ajout, scannez le QR code avec l’application.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="154" />
        <source>Kind:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="155" />
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="156" />
        <source>The name is visible without unlocking the vault: never put a client's name in it.</source>
        <translation>Ce nom est lisible sans déverrouiller le coffre : n’y mettez jamais le nom d’un client.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="158" />
        <source>&amp;Passphrase:</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="159" />
        <source>&amp;Again:</source>
        <translation>Con&amp;firmation :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="160" />
        <source>It may be the same passphrase as today.</source>
        <translation>Ce peut être la même phrase de passe qu’aujourd’hui.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="200" />
        <source>Adding: deriving the key from the passphrase…</source>
        <translation>Ajout en cours : dérivation de la clé à partir de la phrase de passe…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="206" />
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases de passe sont différentes.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="208" />
        <source>Choose a token and a certificate, and type the PIN.</source>
        <translation>Choisissez un support et un certificat, puis saisissez le PIN.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/controller.py" line="134" />
        <source>This vault's database is missing: the folder is incomplete.</source>
        <translation>La base de données de ce coffre est absente : le dossier est incomplet.</translation>
    </message>
    <message>
        <location filename="../../ui/controller.py" line="185" />
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <location filename="../../ui/controller.py" line="199" />
        <source>&amp;Security</source>
        <translation>&amp;Sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/controller.py" line="200" />
        <source>Security &amp;settings…</source>
        <translation>&amp;Paramètres de sécurité…</translation>
    </message>
    <message>
        <location filename="../../ui/controller.py" line="203" />
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../../ui/controller.py" line="204" />
        <source>&amp;About Scellé</source>
        <translation>À &amp;propos de Scellé</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="231" />
        <source>Change the passphrase</source>
        <translation>Changer la phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="235" />
        <source>Current passphrase</source>
        <translation>Phrase de passe actuelle</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="238" />
        <source>New passphrase again</source>
        <translation>Nouvelle phrase de passe (confirmation)</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="240" />
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="243" />
        <source>For:</source>
        <translation>Pour :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="245" />
        <source>&amp;Current passphrase:</source>
        <translation>Phrase de passe &amp;actuelle :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="246" />
        <source>&amp;New passphrase:</source>
        <translation>&amp;Nouvelle phrase de passe :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="247" />
        <source>&amp;Again:</source>
        <translation>&amp;Confirmation :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="249" />
        <source>&amp;PIN of the token or key:</source>
        <translation>&amp;PIN du support ou de la clé :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="258" />
        <source>The two new passphrases differ.</source>
        <translation>Les deux nouvelles phrases de passe sont différentes.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="267" />
        <source>Changing the passphrase…</source>
        <translation>Changement de la phrase de passe…</translation>
    </message>
</context>
<context>
    <name>CreatePage</name>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="72" />
        <source>Creating the vault</source>
        <translation>Création du coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="73" />
        <source>Scellé measures this computer's speed to make your passphrase as costly as possible to attack, then creates your keys.</source>
        <translation>Scellé mesure la vitesse de cet ordinateur pour rendre votre phrase de passe aussi coûteuse que possible à attaquer, puis crée vos clés.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="83" />
        <source>Touch your security key now (it is blinking).</source>
        <translation>Touchez maintenant votre clé de sécurité (elle clignote).</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="94" />
        <source>&amp;Try again</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="97" />
        <source>The vault is created.</source>
        <translation>Le coffre est créé.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="124" />
        <source>Creating the vault: this takes a few seconds…</source>
        <translation>Création du coffre : cela prend quelques secondes…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="137" />
        <source>Creation cancelled: nothing was created.</source>
        <translation>Création annulée : rien n’a été créé.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="163" />
        <source>Nothing was created. Go back to change your choices, or try again.</source>
        <translation>Rien n’a été créé. Revenez en arrière pour modifier vos choix, ou réessayez.</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="215" />
        <source>Your vault is ready</source>
        <translation>Votre coffre est prêt</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="218" />
        <source>From now on, Scellé will ask for your passphrase and your second factor each time it opens, and lock itself when you leave the computer.</source>
        <translation>Désormais, Scellé demandera votre phrase de passe et votre second facteur à chaque ouverture, et se verrouillera quand vous quitterez votre poste.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="220" />
        <source>Advice: add a second way in (a spare token, or a FIDO2 key kept in the office safe) in Security settings, so that losing one does not leave you with only the recovery code.</source>
        <translation>Conseil : ajoutez un second moyen d’accès (un support de secours, ou une clé FIDO2 gardée dans le coffre-fort de l’étude) dans les paramètres de sécurité, afin que la perte de l’un ne vous laisse pas avec le seul code de secours.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="223" />
        <source>Next step: give your identity card to your correspondents, and import theirs, from the Contacts window.</source>
        <translation>Étape suivante : remettez votre carte d’identité numérique à vos correspondants et importez les leurs, depuis la fenêtre Contacts.</translation>
    </message>
</context>
<context>
    <name>FactorChoicePage</name>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="31" />
        <source>Second factor</source>
        <translation>Second facteur</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="32" />
        <source>What else, besides the passphrase, will open your vault?</source>
        <translation>Qu’est-ce qui, en plus de la phrase de passe, ouvrira votre coffre ?</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="36" />
        <source>Your professional smart card or USB token (for instance a lawyer's RPVA key or a notary's REAL key), with its PIN. Recommended.</source>
        <translation>Votre carte à puce ou clé USB professionnelle (par exemple la clé RPVA d’un avocat ou la clé REAL d’un notaire), avec son PIN. Recommandé.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="39" />
        <source>A FIDO2 security key (YubiKey, SoloKey, Nitrokey…) that you touch at each opening.</source>
        <translation>Une clé de sécurité FIDO2 (YubiKey, SoloKey, Nitrokey…) que vous touchez à chaque ouverture.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="41" />
        <source>A 6-digit code from an authenticator app on your phone. Works only on this computer; the weakest of the three.</source>
        <translation>Un code à 6 chiffres d’une application d’authentification sur votre téléphone. Fonctionne sur cet ordinateur uniquement ; le moins sûr des trois.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="58" />
        <source>allowed: %1</source>
        <translation>autorisé : %1</translation>
    </message>
</context>
<context>
    <name>FactorInputs</name>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="36" />
        <source>Second factor</source>
        <translation>Second facteur</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="39" />
        <source>Token PIN</source>
        <translation>PIN du support</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="41" />
        <source>Security key PIN</source>
        <translation>PIN de la clé de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="42" />
        <source>Only if your key has a PIN</source>
        <translation>Seulement si votre clé a un PIN</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="44" />
        <source>Code from the authenticator app</source>
        <translation>Code de l’application d’authentification</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="56" />
        <source>Second &amp;factor:</source>
        <translation>Second &amp;facteur :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="75" />
        <source>Token:</source>
        <translation>Support :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="78" />
        <source>P&amp;IN:</source>
        <translation>P&amp;IN :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="82" />
        <source>Plug in your security key; you will be asked to touch it.</source>
        <translation>Branchez votre clé de sécurité ; il vous sera demandé de la toucher.</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="86" />
        <source>Key P&amp;IN:</source>
        <translation>P&amp;IN de la clé :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/inputs.py" line="90" />
        <source>&amp;Code:</source>
        <translation>&amp;Code :</translation>
    </message>
</context>
<context>
    <name>Factors</name>
    <message>
        <location filename="../../ui/widgets/factors.py" line="18" />
        <source>Smart card or USB token (PKCS#11)</source>
        <translation>Carte à puce ou clé USB (PKCS#11)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/factors.py" line="19" />
        <source>FIDO2 security key</source>
        <translation>Clé de sécurité FIDO2</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/factors.py" line="20" />
        <source>Authenticator app (TOTP code)</source>
        <translation>Application d’authentification (code TOTP)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/factors.py" line="21" />
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
</context>
<context>
    <name>FidoPage</name>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="89" />
        <source>FIDO2 security key</source>
        <translation>Clé de sécurité FIDO2</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="90" />
        <source>Plug in your security key (only that one).</source>
        <translation>Branchez votre clé de sécurité (et seulement celle-là).</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="92" />
        <source>Security key PIN</source>
        <translation>PIN de la clé de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="93" />
        <source>Only if your key has a PIN</source>
        <translation>Seulement si votre clé a un PIN</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="94" />
        <source>Key &amp;PIN:</source>
        <translation>P&amp;IN de la clé :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="96" />
        <source>When the vault is created, the key will blink: touch it twice (once to register it, once to derive the vault key). If your key has a PIN, type it here: it will then be asked at every opening.</source>
        <translation>Pendant la création du coffre, la clé clignotera : touchez-la deux fois (une fois pour l’enregistrer, une fois pour dériver la clé du coffre). Si votre clé a un PIN, saisissez-le ici : il sera alors demandé à chaque ouverture.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="34" />
        <source>Save the recovery sheet</source>
        <translation>Enregistrer la fiche de secours</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="50" />
        <source>Scellé — New vault</source>
        <translation>Scellé — Nouveau coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="55" />
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/wizard.py" line="100" />
        <source>Vault: %1
Second factor: %2</source>
        <translation>Coffre : %1
Second facteur : %2</translation>
    </message>
</context>
<context>
    <name>IdentityPage</name>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="30" />
        <source>Your identity</source>
        <translation>Votre identité</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="31" />
        <source>How your correspondents will see you on the files you seal for them.</source>
        <translation>Ce que vos correspondants verront de vous sur les plis que vous leur scellez.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="34" />
        <source>Full name</source>
        <translation>Nom complet</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="35" />
        <source>e.g. Claire Dubois</source>
        <translation>ex. : Claire Dubois</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="38" />
        <source>Role</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="39" />
        <source>Notary</source>
        <translation>Notaire</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="39" />
        <source>Notary's clerk</source>
        <translation>Clerc de notaire</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="39" />
        <source>Lawyer</source>
        <translation>Avocat</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="40" />
        <source>Judge</source>
        <translation>Magistrat</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="40" />
        <source>Court clerk</source>
        <translation>Greffier</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="41" />
        <source>Judicial police officer</source>
        <translation>Officier de police judiciaire</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="41" />
        <source>Insurance broker</source>
        <translation>Courtier en assurance</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="44" />
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="45" />
        <source>e.g. Étude Dubois &amp; Associés, Lyon</source>
        <translation>ex. : Étude Dubois &amp; Associés, Lyon</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="47" />
        <source>Na&amp;me:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="47" />
        <source>&amp;Role:</source>
        <translation>&amp;Fonction :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="48" />
        <source>&amp;Organisation:</source>
        <translation>&amp;Organisation :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_create.py" line="52" />
        <source>This information is stored only inside the encrypted vault and on the identity card you give to your correspondents.</source>
        <translation>Ces informations sont conservées uniquement dans le coffre chiffré et sur la carte d’identité numérique que vous remettez à vos correspondants.</translation>
    </message>
</context>
<context>
    <name>LocationPage</name>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="55" />
        <location filename="../../ui/wizard/pages_intro.py" line="80" />
        <source>Vault location</source>
        <translation>Emplacement du coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="56" />
        <source>The folder that will hold your encrypted vault.</source>
        <translation>Le dossier qui contiendra votre coffre chiffré.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="58" />
        <source>Vault folder</source>
        <translation>Dossier du coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="59" />
        <source>Bro&amp;wse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="64" />
        <source>F&amp;older:</source>
        <translation>&amp;Dossier :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="72" />
        <source>Everything in this folder is encrypted. You can put it on an encrypted disk or a backed-up drive; do not put it in a folder synchronised with a cloud service.</source>
        <translation>Tout le contenu de ce dossier est chiffré. Vous pouvez le placer sur un disque chiffré ou sauvegardé ; ne le mettez pas dans un dossier synchronisé avec un service en ligne.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="98" />
        <source>Choose a folder.</source>
        <translation>Choisissez un dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="101" />
        <source>Give a full path, starting from the root of the disk.</source>
        <translation>Indiquez un chemin complet, depuis la racine du disque.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="103" />
        <source>This is a file, not a folder.</source>
        <translation>C’est un fichier, pas un dossier.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="105" />
        <source>This folder already holds a Scellé vault. Choose another folder.</source>
        <translation>Ce dossier contient déjà un coffre Scellé. Choisissez-en un autre.</translation>
    </message>
</context>
<context>
    <name>LockCountdown</name>
    <message>
        <location filename="../../ui/locking.py" line="197" />
        <source>Lock the vault now (Ctrl+L)</source>
        <translation>Verrouiller le coffre maintenant (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../ui/locking.py" line="198" />
        <source>Automatic lock countdown</source>
        <translation>Compte à rebours avant verrouillage automatique</translation>
    </message>
    <message>
        <location filename="../../ui/locking.py" line="205" />
        <source>Locks in %1</source>
        <translation>Verrouillage dans %1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../../ui/main.py" line="50" />
        <source>Scellé cannot start: the workstation policy set by your administrator is invalid.</source>
        <translation>Scellé ne peut pas démarrer : la politique de sécurité définie par votre administrateur est invalide.</translation>
    </message>
</context>
<context>
    <name>PassphraseField</name>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="52" />
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="58" />
        <source>Passphrase strength</source>
        <translation>Robustesse de la phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="96" />
        <source>At least %2 bits are required (CNIL recommendation): for example 7 random words, or 13 characters mixing upper and lower case, digits and symbols.</source>
        <translation>Il faut au moins %2 bits (recommandation de la CNIL) : par exemple 7 mots tirés au hasard, ou 13 caractères mêlant majuscules, minuscules, chiffres et symboles.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="100" />
        <source>Estimated strength: %1 bits. Too weak: at least %2 bits are required. Add words or characters; avoid common words and sequences.</source>
        <translation>Robustesse estimée : %1 bits. Trop faible : il faut au moins %2 bits. Ajoutez des mots ou des caractères ; évitez les mots courants et les suites.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="103" />
        <source>Estimated strength: %1 bits. Sufficient.</source>
        <translation>Robustesse estimée : %1 bits. Suffisante.</translation>
    </message>
</context>
<context>
    <name>PassphrasePage</name>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="117" />
        <source>Your passphrase</source>
        <translation>Votre phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="118" />
        <source>You will type it every time you open the vault.</source>
        <translation>Vous la saisirez à chaque ouverture du coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="121" />
        <source>Passphrase again</source>
        <translation>Phrase de passe (confirmation)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="125" />
        <source>&amp;Passphrase:</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="127" />
        <source>&amp;Again:</source>
        <translation>&amp;Confirmation :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="131" />
        <source>Tip: choose 7 words at random (for instance by opening a dictionary at random pages) and join them with spaces. Such a phrase is easier to remember and harder to guess than a short password full of symbols.</source>
        <translation>Astuce : choisissez 7 mots au hasard (par exemple en ouvrant un dictionnaire à des pages prises au hasard) et séparez-les par des espaces. Une telle phrase est plus facile à retenir et plus difficile à deviner qu’un mot de passe court truffé de symboles.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="142" />
        <source>The two passphrases differ.</source>
        <translation>Les deux phrases de passe sont différentes.</translation>
    </message>
</context>
<context>
    <name>PolicyNote</name>
    <message>
        <location filename="../../ui/widgets/policy_note.py" line="27" />
        <source>Imposed by your administrator</source>
        <translation>Imposé par votre administrateur</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <location filename="../../ui/widgets/progress.py" line="42" />
        <source>Progress</source>
        <extracomment>Progress bars count in thousandths: byte totals exceed a 32-bit int.</extracomment>
        <translation>Progression</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/progress.py" line="43" />
        <source>&amp;Cancel</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/progress.py" line="44" />
        <source>Cancel the operation</source>
        <translation>Annuler l’opération</translation>
    </message>
</context>
<context>
    <name>QrView</name>
    <message>
        <location filename="../../ui/widgets/qr.py" line="28" />
        <source>QR code</source>
        <translation>QR code</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="286" />
        <source>New recovery code</source>
        <translation>Nouveau code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="288" />
        <source>Save the recovery sheet</source>
        <translation>Enregistrer la fiche de secours</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="291" />
        <source>&amp;Done</source>
        <translation>&amp;Terminé</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="296" />
        <source>The previous recovery code no longer works.</source>
        <translation>L’ancien code de secours ne fonctionne plus.</translation>
    </message>
</context>
<context>
    <name>RecoveryConfirmPage</name>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="182" />
        <source>Check the recovery code</source>
        <translation>Vérification du code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="183" />
        <source>Type the two groups asked, from what you wrote down.</source>
        <translation>Saisissez les deux groupes demandés, d’après ce que vous avez noté.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="203" />
        <source>Group &amp;%1:</source>
        <translation>Groupe &amp;%1 :</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="113" />
        <location filename="../../ui/wizard/pages_finish.py" line="127" />
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="114" />
        <source>If you forget your passphrase or lose your second factor, this code is the only way back into the vault.</source>
        <translation>Si vous oubliez votre phrase de passe ou perdez votre second facteur, ce code est le seul moyen de rouvrir le coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="128" />
        <source>&amp;Save the recovery sheet (PDF)…</source>
        <translation>&amp;Enregistrer la fiche de secours (PDF)…</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="131" />
        <source>I have &amp;written down or printed this code, and I will keep it away from this computer.</source>
        <translation>J’ai &amp;noté ou imprimé ce code, et je le conserverai à l’écart de cet ordinateur.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="137" />
        <source>It opens the vault on its own: keep it like the key to a safe. Scellé does not keep it and cannot show it again.</source>
        <translation>Il ouvre le coffre à lui seul : gardez-le comme la clé d’un coffre-fort. Scellé ne le conserve pas et ne pourra plus l’afficher.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="154" />
        <source>Scelle-recovery-sheet.pdf</source>
        <translation>Scelle-fiche-de-secours.pdf</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="165" />
        <source>Saved to %1. Print it, then delete the file.</source>
        <translation>Enregistrée dans %1. Imprimez-la, puis supprimez le fichier.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="170" />
        <source>The sheet could not be saved: %1</source>
        <translation>La fiche n’a pas pu être enregistrée : %1</translation>
    </message>
</context>
<context>
    <name>RecoverySheet</name>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="33" />
        <source>Scellé — Vault recovery sheet</source>
        <translation>Scellé — Fiche de secours du coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="34" />
        <source>This code opens your vault on its own, without the passphrase and without the second factor. Whoever holds it can read every file in the vault.</source>
        <translation>Ce code ouvre votre coffre à lui seul, sans la phrase de passe ni le second facteur. Quiconque le détient peut lire tous les fichiers du coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="37" />
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="38" />
        <source>Vault</source>
        <translation>Coffre</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="39" />
        <source>Holder</source>
        <translation>Titulaire</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="40" />
        <source>Created on</source>
        <translation>Créé le</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="42" />
        <source>Print this sheet, then delete the PDF file and empty the trash.</source>
        <translation>Imprimez cette fiche, puis supprimez le fichier PDF et videz la corbeille.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="45" />
        <source>Keep the sheet away from the computer: in a safe, or sealed in an envelope at the office's registry.</source>
        <translation>Conservez la fiche loin de l’ordinateur : dans un coffre-fort, ou sous pli cacheté au secrétariat de l’étude.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="48" />
        <source>Never photograph it, send it by e-mail or store it in the cloud.</source>
        <translation>Ne la photographiez jamais, ne l’envoyez pas par courriel, ne la stockez pas en ligne.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/recovery_sheet.py" line="51" />
        <source>Once used, set a new code in Security settings: the old one stops working.</source>
        <translation>Après usage, créez un nouveau code dans les paramètres de sécurité : l’ancien cessera de fonctionner.</translation>
    </message>
</context>
<context>
    <name>SecretLineEdit</name>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="27" />
        <location filename="../../ui/widgets/passphrase.py" line="34" />
        <source>Show</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/passphrase.py" line="34" />
        <source>Hide</source>
        <translation>Masquer</translation>
    </message>
</context>
<context>
    <name>SecuritySettingsDialog</name>
    <message>
        <location filename="../../ui/settings/dialog.py" line="53" />
        <source>Security settings</source>
        <translation>Paramètres de sécurité</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="60" />
        <source>&amp;Keys and passphrase</source>
        <translation>&amp;Clés et phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="61" />
        <source>&amp;Locking</source>
        <translation>&amp;Verrouillage</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="62" />
        <source>Lan&amp;guage</source>
        <translation>Lan&amp;gue</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="79" />
        <source>Ways to open the vault</source>
        <translation>Moyens d’ouvrir le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="89" />
        <source>&amp;Add…</source>
        <translation>&amp;Ajouter…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="96" />
        <source>&amp;Remove</source>
        <translation>&amp;Retirer</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="98" />
        <source>Change the &amp;passphrase…</source>
        <translation>Changer la &amp;phrase de passe…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="100" />
        <source>New recovery &amp;code…</source>
        <translation>Nouveau c&amp;ode de secours…</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="114" />
        <source>Each line is a way to open the vault. Keep at least two for daily use, plus the recovery code.</source>
        <translation>Chaque ligne est un moyen d’ouvrir le coffre. Gardez-en au moins deux pour l’usage quotidien, en plus du code de secours.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="122" />
        <source>allowed: %1</source>
        <translation>autorisé : %1</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="172" />
        <source>This is the only way to open the vault with a passphrase: add another one first.</source>
        <translation>C’est le seul moyen d’ouvrir le coffre avec une phrase de passe : ajoutez-en un autre d’abord.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="175" />
        <source>Your administrator requires a kind of second factor that no other way in uses: add one first.</source>
        <translation>Votre administrateur impose un type de second facteur qu’aucun autre moyen d’accès n’utilise : ajoutez-en un d’abord.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="188" />
        <source>Remove a way in</source>
        <translation>Retirer un moyen d’accès</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="189" />
        <source>“%1” will no longer open the vault. Continue?</source>
        <translation>« %1 » n’ouvrira plus le coffre. Continuer ?</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="190" />
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="195" />
        <source>New recovery code</source>
        <translation>Nouveau code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="196" />
        <source>A new recovery code will be made and the current one will stop working. Have something ready to write it down. Continue?</source>
        <translation>Un nouveau code de secours va être créé et l’actuel cessera de fonctionner. Préparez de quoi le noter. Continuer ?</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="197" />
        <source>Make a new code</source>
        <translation>Créer un nouveau code</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="239" />
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="241" />
        <source>Lock after this many minutes without activity</source>
        <translation>Verrouiller après ce nombre de minutes d’inactivité</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="246" />
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="248" />
        <source>Clear the clipboard after this many seconds</source>
        <translation>Vider le presse-papiers après ce nombre de secondes</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="251" />
        <source>Lock after &amp;inactivity:</source>
        <translation>Verrouiller après &amp;inactivité :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="253" />
        <source>Clear the &amp;clipboard after:</source>
        <translation>Vider le &amp;presse-papiers après :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="257" />
        <source>at most %1 min</source>
        <translation>au plus %1 min</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="261" />
        <source>at most %1 s</source>
        <translation>au plus %1 s</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="263" />
        <source>The vault also locks when the screen locks and before the computer goes to sleep. Ctrl+L locks it at once.</source>
        <translation>Le coffre se verrouille aussi quand l’écran se verrouille et avant la mise en veille de l’ordinateur. Ctrl+L le verrouille immédiatement.</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="281" />
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="282" />
        <source>As the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="289" />
        <source>Lang&amp;uage:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <location filename="../../ui/settings/dialog.py" line="295" />
        <source>The new language applies the next time Scellé starts.</source>
        <translation>La nouvelle langue s’appliquera au prochain démarrage de Scellé.</translation>
    </message>
</context>
<context>
    <name>SlotsModel</name>
    <message>
        <location filename="../../ui/settings/slots_model.py" line="49" />
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slots_model.py" line="49" />
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/settings/slots_model.py" line="49" />
        <source>Added on</source>
        <translation>Ajouté le</translation>
    </message>
</context>
<context>
    <name>TokenPage</name>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="74" />
        <source>Smart card or USB token</source>
        <translation>Carte à puce ou clé USB</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_factor.py" line="75" />
        <source>Plug in your token, choose it, type its PIN, then choose the certificate whose key will protect the vault.</source>
        <translation>Branchez votre support, sélectionnez-le, saisissez son PIN, puis choisissez le certificat dont la clé protégera le coffre.</translation>
    </message>
</context>
<context>
    <name>TokenPicker</name>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="107" />
        <location filename="../../ui/widgets/token_picker.py" line="219" />
        <source>PKCS#11 library</source>
        <translation>Bibliothèque PKCS#11</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="113" />
        <source>Bro&amp;wse…</source>
        <translation>Parc&amp;ourir…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="121" />
        <source>Security tokens plugged in</source>
        <translation>Supports de sécurité branchés</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="124" />
        <source>Looking for tokens…</source>
        <translation>Recherche des supports…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="128" />
        <source>Token PIN</source>
        <translation>PIN du support</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="131" />
        <source>&amp;Show the certificates</source>
        <translation>&amp;Afficher les certificats</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="138" />
        <source>Certificates on the token</source>
        <translation>Certificats du support</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="142" />
        <source>&amp;Library:</source>
        <translation>&amp;Bibliothèque :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="143" />
        <source>&amp;Token:</source>
        <translation>S&amp;upport :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="145" />
        <source>P&amp;IN:</source>
        <translation>P&amp;IN :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="146" />
        <source>&amp;Certificate:</source>
        <translation>&amp;Certificat :</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="191" />
        <source>Plug in your smart card or USB token.</source>
        <translation>Branchez votre carte à puce ou votre clé USB.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="220" />
        <source>Libraries (*.so *.dylib *.dll)</source>
        <translation>Bibliothèques (*.so *.dylib *.dll)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/token_picker.py" line="260" />
        <source>No certificate on this token has a key Scellé can use.</source>
        <translation>Aucun certificat de ce support n’a de clé utilisable par Scellé.</translation>
    </message>
</context>
<context>
    <name>TotpPage</name>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="45" />
        <source>Authenticator app</source>
        <translation>Application d’authentification</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="46" />
        <source>Scan this code with your authenticator app (FreeOTP, Aegis, Microsoft or Google Authenticator…), then type the code it shows.</source>
        <translation>Scannez ce code avec votre application d’authentification (FreeOTP, Aegis, Microsoft ou Google Authenticator…), puis saisissez le code qu’elle affiche.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="54" />
        <source>Cannot scan? &amp;Show the key to type</source>
        <translation>Impossible de scanner ? &amp;Afficher la clé à saisir</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="59" />
        <source>Code from the authenticator app</source>
        <translation>Code de l’application d’authentification</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="64" />
        <source>&amp;Code shown by the app:</source>
        <translation>&amp;Code affiché par l’application :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="85" />
        <source>Key: %1 (time-based, 6 digits, 30 s)</source>
        <translation>Clé : %1 (basée sur l’heure, 6 chiffres, 30 s)</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="94" />
        <source>The app is set up correctly.</source>
        <translation>L’application est correctement configurée.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_finish.py" line="95" />
        <source>This code does not match. Check the app's clock and the entry you scanned.</source>
        <translation>Ce code ne correspond pas. Vérifiez l’heure du téléphone et l’entrée scannée.</translation>
    </message>
</context>
<context>
    <name>UnlockErrors</name>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="43" />
        <source>The vault did not open: the passphrase is wrong, or this is not the right security key. Check both and try again.</source>
        <translation>Le coffre ne s’est pas ouvert : la phrase de passe est erronée, ou ce n’est pas le bon support de sécurité. Vérifiez les deux et réessayez.</translation>
    </message>
    <message>
        <source>Type the PIN again.</source>
        <translation>Retapez le PIN.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="45" />
        <source>Wrong passphrase: the vault did not open with it. Type it again, minding capital letters and the keyboard layout.</source>
        <translation>Phrase de passe erronée : le coffre ne s’est pas ouvert. Retapez-la en veillant aux majuscules et à la disposition du clavier.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="52" />
        <source>The token reports that few tries are left: type the PIN carefully.</source>
        <translation>Le support indique qu’il reste peu d’essais : tapez le PIN avec soin.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="53" />
        <source>Only ONE try is left: another wrong PIN will lock the token. Make sure of the PIN before typing it.</source>
        <translation>Il ne reste qu’UN SEUL essai : un autre PIN erroné bloquera le support. Assurez-vous du PIN avant de le taper.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="54" />
        <source>The token is now locked: unblock it with its administrator tool, or use the recovery code.</source>
        <translation>Le support est maintenant bloqué : débloquez-le avec son outil d’administration, ou utilisez le code de secours.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="56" />
        <source>Wrong PIN for the security token “%1”.</source>
        <translation>PIN erroné pour le support « %1 ».</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="63" />
        <source>The security token “%1” is not plugged in. Insert it and try again.</source>
        <translation>Le support « %1 » n’est pas branché. Insérez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="70" />
        <source>A code from the authenticator app has 6 digits: type the code the app shows now.</source>
        <translation>Un code de l’application d’authentification comporte 6 chiffres : tapez le code qu’elle affiche maintenant.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="72" />
        <source>Too many wrong codes: wait %1 s before trying again.</source>
        <translation>Trop de codes erronés : attendez %1 s avant de réessayer.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="74" />
        <source>This code was already used: wait for the next code in the app.</source>
        <translation>Ce code a déjà été utilisé : attendez le code suivant dans l’application.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="75" />
        <source>Wrong code: type the code the app shows now.</source>
        <translation>Code erroné : tapez le code que l’application affiche maintenant.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="77" />
        <source>Too many failures: wait %1 s before trying again.</source>
        <translation>Trop d’échecs : attendez %1 s avant de réessayer.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="85" />
        <source>Wrong PIN for the security key: type it again.</source>
        <translation>PIN erroné pour la clé de sécurité : tapez-le à nouveau.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="86" />
        <source>Wrong PIN for the security key: %1 tries left before it locks. Type it again carefully.</source>
        <translation>PIN erroné pour la clé de sécurité : %1 essais restants avant blocage. Retapez-le avec soin.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="91" />
        <source>This recovery code does not open this vault: check it against the recovery sheet of this vault.</source>
        <translation>Ce code de secours n’ouvre pas ce coffre : vérifiez-le sur la fiche de secours de ce coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="93" />
        <source>PIN entry was cancelled: click Unlock to try again.</source>
        <translation>La saisie du PIN a été annulée : cliquez sur Déverrouiller pour réessayer.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="94" />
        <source>No FIDO2 security key is plugged in. Insert it and try again.</source>
        <translation>Aucune clé de sécurité FIDO2 n’est branchée. Insérez-la et réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="96" />
        <source>Several security keys are plugged in: keep only one, then try again.</source>
        <translation>Plusieurs clés de sécurité sont branchées : n’en gardez qu’une, puis réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="98" />
        <source>This security key is not the one registered for this vault: plug in that one, or use the recovery code.</source>
        <translation>Cette clé de sécurité n’est pas celle enregistrée pour ce coffre : branchez celle-ci, ou utilisez le code de secours.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="100" />
        <source>The security key was not touched in time, or the request was cancelled: try again and touch the key when it blinks.</source>
        <translation>La clé de sécurité n’a pas été touchée à temps, ou la demande a été annulée : réessayez et touchez la clé quand elle clignote.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="103" />
        <source>This security key needs its PIN: type it and try again.</source>
        <translation>Cette clé de sécurité demande son PIN : saisissez-le et réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="105" />
        <source>The security key's PIN is blocked. Unplug and replug the key, or reset it.</source>
        <translation>Le PIN de la clé de sécurité est bloqué. Débranchez puis rebranchez la clé, ou réinitialisez-la.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="108" />
        <source>The code from the authenticator app only works on the computer where it was set up. Use your security key or the recovery code.</source>
        <translation>Le code de l’application d’authentification ne fonctionne que sur l’ordinateur où il a été configuré. Utilisez votre support de sécurité ou le code de secours.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="111" />
        <source>The smart card software (PKCS#11 library) was not found or cannot be loaded. Install your card's software, or ask your administrator.</source>
        <translation>Le logiciel de la carte à puce (bibliothèque PKCS#11) est introuvable ou ne peut pas être chargé. Installez le logiciel de votre carte, ou adressez-vous à votre administrateur.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="114" />
        <source>The system keyring is not available: unlock your session keyring and try again.</source>
        <translation>Le trousseau du système n’est pas disponible : déverrouillez le trousseau de votre session et réessayez.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="137" />
        <source>The PIN of the security token “%1” is locked after too many wrong tries. Unblock it with the token's administrator tool.</source>
        <translation>Le PIN du support « %1 » est bloqué après trop d’essais erronés. Débloquez-le avec l’outil d’administration du support.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="141" />
        <source>This is not a valid recovery code: it has 8 groups of 6 digits. Check each group.</source>
        <translation>Ce n’est pas un code de secours valide : il comporte 8 groupes de 6 chiffres. Vérifiez chaque groupe.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="144" />
        <source>This vault's key derivation is weaker than your administrator's policy requires; it was not opened.</source>
        <translation>La dérivation de clé de ce coffre est plus faible que ce qu’impose la politique de votre administrateur ; il n’a pas été ouvert.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/unlock_messages.py" line="147" />
        <source>This vault is already open in another window or program: close it there, then try again.</source>
        <translation>Ce coffre est déjà ouvert dans une autre fenêtre ou un autre programme : fermez-le là-bas, puis réessayez.</translation>
    </message>
</context>
<context>
    <name>UnlockWindow</name>
    <message>
        <location filename="../../ui/unlock/window.py" line="56" />
        <source>Scellé — Unlock the vault</source>
        <translation>Scellé — Déverrouiller le coffre</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="71" />
        <source>Your vault is locked</source>
        <translation>Votre coffre est verrouillé</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="84" />
        <source>Passphrase</source>
        <translation>Phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="87" />
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="96" />
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="98" />
        <source>Touch your security key now.</source>
        <translation>Touchez maintenant votre clé de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="106" />
        <location filename="../../ui/unlock/window.py" line="183" />
        <source>Use the &amp;recovery code</source>
        <translation>Utiliser le code de &amp;secours</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="110" />
        <source>&amp;Unlock</source>
        <translation>&amp;Déverrouiller</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="151" />
        <source>&amp;Passphrase:</source>
        <translation>&amp;Phrase de passe :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="161" />
        <source>The recovery code printed when the vault was created opens it alone, without passphrase or second factor. Afterwards, set a new code in the security settings.</source>
        <translation>Le code de secours imprimé à la création du coffre l’ouvre à lui seul, sans phrase de passe ni second facteur. Ensuite, créez un nouveau code dans les paramètres de sécurité.</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="166" />
        <source>Recovery &amp;code:</source>
        <translation>&amp;Code de secours :</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="182" />
        <source>Use the &amp;passphrase</source>
        <translation>Utiliser la &amp;phrase de passe</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="224" />
        <source>Unlocking: deriving the key from your passphrase, then asking your token…</source>
        <translation>Déverrouillage : dérivation de la clé à partir de votre phrase de passe, puis interrogation de votre support…</translation>
    </message>
    <message>
        <location filename="../../ui/unlock/window.py" line="226" />
        <source>Unlocking: deriving the key from your passphrase (a few seconds)…</source>
        <translation>Déverrouillage : dérivation de la clé à partir de votre phrase de passe (quelques secondes)…</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="33" />
        <source>Welcome to Scellé</source>
        <translation>Bienvenue dans Scellé</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="34" />
        <source>Let's create your encrypted vault. It takes a few minutes.</source>
        <translation>Créons votre coffre chiffré. Cela prend quelques minutes.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="37" />
        <source>Scellé keeps your clients' files in an encrypted vault on this computer, and seals files for the people you exchange with. Nobody can read them without your passphrase and your second factor.</source>
        <translation>Scellé conserve les dossiers de vos clients dans un coffre chiffré sur cet ordinateur, et scelle les fichiers destinés à vos correspondants. Personne ne peut les lire sans votre phrase de passe et votre second facteur.</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="40" />
        <source>You will need:</source>
        <translation>Il vous faudra :</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="41" />
        <source>a passphrase that you will remember (several words are easiest);</source>
        <translation>une phrase de passe dont vous vous souviendrez (plusieurs mots, c’est le plus simple) ;</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="43" />
        <source>a second factor: your professional smart card or USB token, a FIDO2 security key, or an authenticator app on your phone;</source>
        <translation>un second facteur : votre carte à puce ou clé USB professionnelle, une clé de sécurité FIDO2, ou une application d’authentification sur votre téléphone ;</translation>
    </message>
    <message>
        <location filename="../../ui/wizard/pages_intro.py" line="45" />
        <source>a printer or a safe place for the recovery sheet.</source>
        <translation>une imprimante ou un endroit sûr pour la fiche de secours.</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <location filename="../../ui/workers.py" line="75" />
        <source>An unexpected error occurred. Nothing was changed; please try again.</source>
        <extracomment>Minimal interval between two progress reports delivered to the GUI (seconds).</extracomment>
        <translation>Une erreur inattendue s’est produite. Rien n’a été modifié ; veuillez réessayer.</translation>
    </message>
</context>
<context>
    <name>_InterimWindow</name>
    <message>
        <location filename="../../ui/controller.py" line="55" />
        <source>The vault is open.</source>
        <translation>Le coffre est ouvert.</translation>
    </message>
</context>
<context>
    <name>_SlotJobDialog</name>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="49" />
        <source>Touch your security key now.</source>
        <translation>Touchez maintenant votre clé de sécurité.</translation>
    </message>
</context>
<context>
    <name>SlotDialogs</name>
    <message>
        <location filename="../../ui/settings/slot_dialogs.py" line="306" />
        <source>The passphrase is too weak: its strength is estimated at %1 bits and at least %2 are required (for example 7 random words, or 13 characters mixing upper and lower case, digits and symbols).</source>
        <translation>La phrase de passe est trop faible : sa force est estimée à %1 bits et il en faut au moins %2 (par exemple 7 mots tirés au hasard, ou 13 caractères mêlant majuscules, minuscules, chiffres et symboles).</translation>
    </message>
</context>
<context>
    <name>Clipboard</name>
    <message>
        <location filename="../../ui/clipboard.py" line="157" />
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
</context>
</TS>
