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
<context>
    <name>CaseEvidence</name>
    <message>
        <location filename="../../ui/documents/case_evidence.py"/>
        <source>&amp;Evidence bundle of the case…</source>
        <translation>&amp;Exporter les preuves du dossier…</translation>
    </message>
    <message>
        <location filename="../../ui/documents/case_evidence.py"/>
        <source>Save every proof of the case's messages, with their timestamps and a report in French, in one file</source>
        <translation>Enregistrer toutes les preuves des messages du dossier, avec leur horodatage et un rapport en français, dans un seul fichier (le dossier de preuves)</translation>
    </message>
    <message>
        <location filename="../../ui/documents/case_evidence.py"/>
        <source>Save the evidence bundle</source>
        <translation>Enregistrer le dossier de preuves</translation>
    </message>
    <message>
        <location filename="../../ui/documents/case_evidence.py"/>
        <source>Evidence bundle</source>
        <translation>Dossier de preuves</translation>
    </message>
    <message>
        <location filename="../../ui/documents/case_evidence.py"/>
        <source>The evidence bundle was saved to {path}. Anyone can check it, without Scellé's vault, with: scelle proof verify {name}</source>
        <translation>Le dossier de preuves a été enregistré dans {path}. Chacun peut le vérifier, sans coffre Scellé, avec : scelle proof verify {name}</translation>
    </message>
</context>
<context>
    <name>StampCells</name>
    <message>
        <location filename="../../ui/relay/stamp_cells.py"/>
        <source>Timestamp</source>
        <translation>Horodatage</translation>
    </message>
    <message>
        <location filename="../../ui/relay/stamp_cells.py"/>
        <source>{time}, {authority} (verified)</source>
        <translation>{time}, {authority} (vérifié)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/stamp_cells.py"/>
        <source>{time}, {authority} (not checked: the authority's certificate is not configured)</source>
        <translation>{time}, {authority} (non vérifié : le certificat de l’autorité n’est pas configuré)</translation>
    </message>
    <message>
        <location filename="../../ui/relay/stamp_cells.py"/>
        <source>none yet</source>
        <translation>aucun pour l’instant</translation>
    </message>
    <message>
        <location filename="../../ui/relay/stamp_cells.py"/>
        <source>INVALID</source>
        <translation>INVALIDE</translation>
    </message>
</context>
</TS>
