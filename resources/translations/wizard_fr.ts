<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>ChoicePage</name>
    <message>
        <source>&amp;Delete it and start again…</source>
        <translation>&amp;Le supprimer et recommencer…</translation>
    </message>
    <message>
        <source>If you no longer have what you chose (for instance the authenticator app was not set up yet), delete this unfinished vault and create a new one. Nothing was put in it yet.</source>
        <translation>Si vous n’avez plus ce que vous aviez choisi (par exemple si l’application d’authentification n’était pas encore configurée), supprimez ce coffre inachevé et créez-en un nouveau. Rien n’y a encore été déposé.</translation>
    </message>
    <message>
        <source>The creation of your vault was interrupted before its recovery code was checked.</source>
        <translation>La création de votre coffre a été interrompue avant la vérification de son code de secours.</translation>
    </message>
    <message>
        <source>To finish it, unlock it with the passphrase and the second factor you chose. A new recovery code will then be made: the first one was never checked, so it no longer opens the vault.</source>
        <translation>Pour la terminer, déverrouillez-le avec la phrase de passe et le second facteur choisis. Un nouveau code de secours sera alors créé : le premier n’a jamais été vérifié, il n’ouvrira donc plus le coffre.</translation>
    </message>
    <message>
        <source>Unfinished vault</source>
        <translation>Coffre inachevé</translation>
    </message>
    <message>
        <source>Vault: %1</source>
        <translation>Coffre : %1</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Check the recovery code</source>
        <translation>Vérifier le code de secours</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Leave the wizard</source>
        <translation>Quitter l’assistant</translation>
    </message>
    <message>
        <source>No vault has been created yet. Leave the wizard?</source>
        <translation>Aucun coffre n’a encore été créé. Quitter l’assistant ?</translation>
    </message>
    <message>
        <source>The vault is created, but its recovery code has not been checked yet. If you leave now, the next start will offer to finish it (with a new recovery code) or to delete it. Leave the wizard?</source>
        <translation>Le coffre est créé, mais son code de secours n’a pas encore été vérifié. Si vous quittez maintenant, le prochain démarrage proposera de le terminer (avec un nouveau code de secours) ou de le supprimer. Quitter l’assistant ?</translation>
    </message>
</context>
<context>
    <name>PassphraseField</name>
    <message>
        <source>%1 words drawn at random among 2048: %2 bits. Write it down until you know it.</source>
        <translation>%1 mots tirés au hasard parmi 2048 : %2 bits. Notez-la jusqu’à la connaître par cœur.</translation>
    </message>
    <message>
        <source>Cop&amp;y</source>
        <translation>Cop&amp;ier</translation>
    </message>
    <message>
        <source>Copy the passphrase (the clipboard is cleared after a while)</source>
        <translation>Copier la phrase de passe (le presse-papiers est vidé après un moment)</translation>
    </message>
    <message>
        <source>P&amp;ropose a passphrase</source>
        <translation>P&amp;roposer une phrase de passe</translation>
    </message>
    <message>
        <source>Random French words, enough for the strength rule</source>
        <translation>Des mots français tirés au hasard, en nombre suffisant pour la règle de robustesse</translation>
    </message>
</context>
<context>
    <name>PendingCreationWizard</name>
    <message>
        <source>Check the recovery code</source>
        <translation>Vérifier le code de secours</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Delete the unfinished vault</source>
        <translation>Supprimer le coffre inachevé</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Making a new recovery code…</source>
        <translation>Création d’un nouveau code de secours…</translation>
    </message>
    <message>
        <source>Scellé — Unfinished vault</source>
        <translation>Scellé — Coffre inachevé</translation>
    </message>
    <message>
        <source>The new recovery code has not been checked: the vault stays unfinished and the next start will ask again. Leave?</source>
        <translation>Le nouveau code de secours n’a pas été vérifié : le coffre reste inachevé et le prochain démarrage posera de nouveau la question. Quitter ?</translation>
    </message>
    <message>
        <source>The unfinished vault in %1 will be deleted. Nothing in it can be recovered. Continue?</source>
        <translation>Le coffre inachevé situé dans %1 sera supprimé. Rien de son contenu ne pourra être récupéré. Continuer ?</translation>
    </message>
</context>
<context>
    <name>RecoveryBanner</name>
    <message>
        <source>Make a &amp;new recovery code…</source>
        <translation>Créer un &amp;nouveau code de secours…</translation>
    </message>
    <message>
        <source>The vault was opened with its recovery code: that code must be considered used. Make a new one and keep it safe.</source>
        <translation>Le coffre a été ouvert avec son code de secours : ce code doit être considéré comme utilisé. Créez-en un nouveau et conservez-le en lieu sûr.</translation>
    </message>
</context>
<context>
    <name>RecoveryConfirmPage</name>
    <message>
        <source>Group %1 does not match the recovery code: check what you wrote down for this group.</source>
        <translation>Le groupe %1 ne correspond pas au code de secours : vérifiez ce que vous avez noté pour ce groupe.</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <source>Unlock the unfinished vault</source>
        <translation>Déverrouiller le coffre inachevé</translation>
    </message>
    <message>
        <source>With the passphrase and the second factor chosen when it was created.</source>
        <translation>Avec la phrase de passe et le second facteur choisis lors de sa création.</translation>
    </message>
</context>
</TS>
