<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Watermark</name>
    <message>
        <location filename="../../ui/viewer/watermark.py"/>
        <source>View only: {name}, {organisation}</source>
        <translation>Consultation seule : {name}, {organisation}</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/watermark.py"/>
        <source>View only: {name}</source>
        <translation>Consultation seule : {name}</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/watermark.py"/>
        <source>Viewed on {time}</source>
        <translation>Consulté le {time}</translation>
    </message>
    <message>
        <location filename="../../ui/viewer/watermark.py"/>
        <source>Message {message}</source>
        <translation>Message n° {message}</translation>
    </message>
</context>
<context>
    <name>ConsultationEndRow</name>
    <message>
        <location filename="../../ui/exchange/consultation_end.py"/>
        <source>&amp;Destroy after</source>
        <translation>&amp;Détruire après le</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/consultation_end.py"/>
        <source>Set a consultation end</source>
        <translation>Fixer une fin de consultation</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/consultation_end.py"/>
        <source>After this day the recipients' vaults destroy the documents and tell you so</source>
        <translation>Après ce jour, les coffres des destinataires détruisent les documents et vous le font savoir</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/consultation_end.py"/>
        <source>Consultation end</source>
        <translation>Fin de consultation</translation>
    </message>
</context>
<context>
    <name>Consultation</name>
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>View only: received with a ban on export</source>
        <translation>Consultation seule : reçu avec interdiction d’export</translation>
    </message>
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>View only, until %1: then destroyed in this vault</source>
        <translation>Consultation seule, jusqu’au %1 : ensuite détruit dans ce coffre</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../ui/documents/details_data.py"/>
        <source>Destroyed at its consultation end</source>
        <translation>Détruit à la fin de sa consultation</translation>
    </message>
</context>
<context>
    <name>ConsultationTimer</name>
    <message numerus="yes">
        <location filename="../../ui/documents/consultation_timer.py"/>
        <source>%n view-only document(s) destroyed: their consultation period ended.</source>
        <translation>
            <numerusform>%n document en consultation seule détruit : sa période de consultation est terminée.</numerusform>
            <numerusform>%n documents en consultation seule détruits : leur période de consultation est terminée.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RelayStates</name>
    <message>
        <location filename="../../ui/relay/labels.py"/>
        <source>Destroyed</source>
        <translation>Détruit</translation>
    </message>
</context>
</TS>
