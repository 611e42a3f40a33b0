<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Glance</name>
    <message>
        <source>Recent &amp;transfers…</source>
        <translation>&amp;Transferts récents…</translation>
    </message>
    <message>
        <source>Envelopes waiting in the relay inbox</source>
        <translation>Plis en attente dans la boîte de réception du relais</translation>
    </message>
    <message numerus="yes">
        <source>%n envelope(s) waiting in the relay inbox</source>
        <translation>
            <numerusform>%n pli en attente dans la boîte de réception du relais</numerusform>
            <numerusform>%n plis en attente dans la boîte de réception du relais</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Inbox and sent (%1)…</source>
        <translation>&amp;Boîte de réception et envois (%1)…</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Progress details</source>
        <translation>Détails de la progression</translation>
    </message>
    <message>
        <source>Cancel the operation (Escape)</source>
        <translation>Annuler l’opération (Échap)</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>Progress details</source>
        <translation>Détails de la progression</translation>
    </message>
</context>
<context>
    <name>LockTray</name>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Verrouiller maintenant</translation>
    </message>
    <message>
        <source>&amp;Show Scellé</source>
        <translation>&amp;Afficher Scellé</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Scellé: vault locked</source>
        <translation>Scellé&#xa0;: coffre verrouillé</translation>
    </message>
    <message>
        <source>Scellé: vault open</source>
        <translation>Scellé&#xa0;: coffre ouvert</translation>
    </message>
</context>
<context>
    <name>SecuritySettingsDialog</name>
    <message>
        <source>Show the vault's state in the &amp;notification area, with Lock now</source>
        <translation>Afficher l’état du coffre dans la zone de &amp;notification, avec Verrouiller maintenant</translation>
    </message>
    <message>
        <source>Unavailable: this desktop has no notification area.</source>
        <translation>Indisponible&#xa0;: ce bureau n’a pas de zone de notification.</translation>
    </message>
</context>
<context>
    <name>TransferHistory</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Opération</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Sealing</source>
        <translation>Scellement</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Envoi</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Synchronisation</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Réception</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <source>Cancelled part way</source>
        <translation>Annulé en cours de route</translation>
    </message>
    <message>
        <source>Relay unreachable</source>
        <translation>Relais injoignable</translation>
    </message>
</context>
<context>
    <name>TransfersDialog</name>
    <message>
        <source>Recent transfers</source>
        <translation>Transferts récents</translation>
    </message>
    <message>
        <source>The last %1 imports, sealings, sendings, synchronisations and receipts since the vault was unlocked. This list is kept in memory only.</source>
        <translation>Les %1 derniers imports, scellements, envois, synchronisations et réceptions depuis le déverrouillage du coffre. Cette liste n’est gardée qu’en mémoire.</translation>
    </message>
</context>
<context>
    <name>Progress</name>
    <message>
        <source>a few seconds left</source>
        <translation>quelques secondes restantes</translation>
    </message>
    <message>
        <source>about %1 s left</source>
        <translation>environ %1 s restantes</translation>
    </message>
    <message>
        <source>about %1 min left</source>
        <translation>environ %1 min restantes</translation>
    </message>
    <message>
        <source>about %1 h %2 left</source>
        <translation>environ %1 h %2 restantes</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1&#xa0;%</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 et %n autre</numerusform>
            <numerusform>%1 et %n autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SendViaRelayDialog</name>
    <message>
        <source>Sending stopped after sealing: the message waits in the outbox and goes at the next synchronisation.</source>
        <translation>Envoi arrêté après le scellement&#xa0;: le pli attend dans la file d’envoi et partira à la prochaine synchronisation.</translation>
    </message>
</context>
</TS>
