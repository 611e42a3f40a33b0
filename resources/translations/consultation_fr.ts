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
</TS>
