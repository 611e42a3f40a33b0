<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<!-- Qt's own strings that PySide6's qtbase_fr.qm leaves in English (Qt 6 added the mnemonics
     to the file dialog's labels after the French catalogue was last updated), and the
     wizard's Back button, whose "&Précédent" took Alt+P from the pages' "&Phrase de passe".
     Loaded after qtbase_fr.qm by ui/i18n.py, so these win. -->
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>&amp;Voir dans :</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>Fichiers de &amp;type :</translation>
    </message>
</context>
<context>
    <name>QWizard</name>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; Pr&amp;écédent</translation>
    </message>
</context>
</TS>
