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
        <translation>Dé&amp;truire après le</translation>
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
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>Consultation until %1: then the documents are destroyed in your vault and the sender is told.</source>
        <translation>Consultation jusqu’au %1 : ensuite, les documents sont détruits dans votre coffre et l’expéditeur en est informé.</translation>
    </message>
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>view only</source>
        <translation>consultation seule</translation>
    </message>
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>view only, until %1</source>
        <translation>consultation seule, jusqu’au %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/consultation.py"/>
        <source>View only: once received, its documents are shown in Scellé's viewer only, each page watermarked with your name. There is no preview before.</source>
        <translation>Consultation seule : une fois reçus, ses documents ne s’affichent que dans la visionneuse de Scellé, chaque page portant votre nom en filigrane. Il n’y a pas d’aperçu avant.</translation>
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
<context>
    <name>Refusals</name>
    <message>
        <location filename="../../ui/common/explain.py"/>
        <source>Consultation period over</source>
        <translation>Période de consultation terminée</translation>
    </message>
    <message>
        <location filename="../../ui/common/explain.py"/>
        <source>This sealed file was sent for consultation only, until a date that has already passed: it was refused and nothing of it was kept. Ask the sender to send it again if you still need to consult it.</source>
        <translation>Ce pli a été envoyé pour consultation seulement, jusqu’à une date déjà passée : il a été refusé et rien n’en a été conservé. Demandez à l’expéditeur de l’envoyer à nouveau si vous devez encore le consulter.</translation>
    </message>
</context>
<context>
    <name>DocumentErrors</name>
    <message>
        <location filename="../../ui/documents/errors.py"/>
        <source>This document was received for consultation until a date that has passed: it can no longer be opened, and it is being destroyed in this vault.</source>
        <translation>Ce document a été reçu pour consultation jusqu’à une date passée : il ne peut plus être ouvert et il est en cours de destruction dans ce coffre.</translation>
    </message>
</context>
<context>
    <name>NoPreview</name>
    <message>
        <location filename="../../ui/viewer/no_preview.py"/>
        <source>It was received view-only: it cannot be exported, so it can only be read with a program that Scellé does not have.</source>
        <translation>Il a été reçu en consultation seule : il ne peut pas être exporté, il ne peut donc être lu qu’avec un programme dont Scellé ne dispose pas.</translation>
    </message>
</context>
</TS>
