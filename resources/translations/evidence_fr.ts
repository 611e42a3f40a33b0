<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>EvidenceButton</name>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Evidence &amp;bundle…</source>
        <translation>Dossier de &amp;preuves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Save an evidence bundle of this message</source>
        <translation>Enregistrer un dossier de preuves de ce message</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>One file with every proof, its timestamp, the audit entries and a report in French, which anyone can check with “scelle proof verify”.</source>
        <translation>Un seul fichier avec chaque preuve, son horodatage, les entrées du journal d’audit et un rapport en français, que chacun peut vérifier avec « scelle proof verify ».</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Save the evidence bundle</source>
        <translation>Enregistrer le dossier de preuves</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Evidence bundles (*.zip)</source>
        <translation>Dossiers de preuves (*.zip)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Making the evidence bundle…</source>
        <translation>Constitution du dossier de preuves…</translation>
    </message>
    <message>
        <location filename="../../ui/relay/evidence_button.py"/>
        <source>Evidence bundle saved to {path}. Anyone can check it with: scelle proof verify {name}</source>
        <translation>Dossier de preuves enregistré dans {path}. Chacun peut le vérifier avec : scelle proof verify {name}</translation>
    </message>
</context>
</TS>
