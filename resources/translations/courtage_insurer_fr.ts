<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>BrokerageWindow</name>
    <message>
        <source>Insurer statements</source>
        <translation>Relevés des assureurs</translation>
    </message>
    <message>
        <source>Insurer state&amp;ments</source>
        <translation>Relevé&amp;s des assureurs</translation>
    </message>
    <message>
        <source>Statements from the rela&amp;y</source>
        <translation>&amp;Importer les relevés reçus</translation>
    </message>
</context>
<context>
    <name>StatementsModel</name>
    <message>
        <source>Checked</source>
        <translation>Examiné le</translation>
    </message>
    <message>
        <source>Insurer</source>
        <translation>Assureur</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>Relevé</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Nature</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>Rapprochées</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>Importé</translation>
    </message>
    <message>
        <source>Refused: %1</source>
        <translation>Refusé : %1</translation>
    </message>
</context>
<context>
    <name>BrokerageStatements</name>
    <message>
        <source>Premiums</source>
        <translation>Primes</translation>
    </message>
    <message>
        <source>Commissions</source>
        <translation>Commissions</translation>
    </message>
    <message>
        <source>No statement from an insurer is waiting. Synchronise with the relay first (Relay › Synchronise) to receive new ones.</source>
        <translation>Aucun relevé d’assureur n’attend. Synchronisez d’abord avec le relais (Relais › Synchroniser) pour recevoir les nouveaux.</translation>
    </message>
    <message>
        <source>%1 statement(s) imported, %2 refused.</source>
        <translation>%1 relevé(s) importé(s), %2 refusé(s).</translation>
    </message>
    <message>
        <source>%1 %2: %3 line(s) matched, %4 unknown, %5 difference(s).</source>
        <translation>%1 %2 : %3 ligne(s) rapprochée(s), %4 inconnue(s), %5 écart(s).</translation>
    </message>
    <message>
        <source>Document %1 refused: %2</source>
        <translation>Document %1 refusé : %2</translation>
    </message>
</context>
</TS>
