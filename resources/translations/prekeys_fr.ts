<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>PrekeyLine</name>
    <message>
        <source>Forward secrecy</source>
        <translation>Confidentialité persistante</translation>
    </message>
    <message>
        <source>Forward secrecy: no prekey yet; one is made and published at the next synchronisation.</source>
        <translation>Confidentialité persistante : pas encore de clé éphémère ; elle sera créée et publiée à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Forward secrecy: a new prekey waits to be published at the next synchronisation.</source>
        <translation>Confidentialité persistante : une nouvelle clé éphémère attend d’être publiée à la prochaine synchronisation.</translation>
    </message>
    <message>
        <source>Forward secrecy: prekey published, renewed by {date}; {held} held, {destroyed} destroyed after use.</source>
        <translation>Confidentialité persistante : clé éphémère publiée, renouvelée d’ici le {date} ; {held} conservée(s), {destroyed} détruite(s) après usage.</translation>
    </message>
</context>
<context>
    <name>LongTermNotice</name>
    <message numerus="yes">
        <source>%n recipient(s) had no valid prekey on the relay (an older Scellé, or none published yet): sealed for the long-term key, without forward secrecy.</source>
        <translation>
            <numerusform>%n destinataire n’avait pas de clé éphémère valide sur le relais (version plus ancienne de Scellé, ou aucune publiée) : pli scellé pour sa clé permanente, sans confidentialité persistante.</numerusform>
            <numerusform>%n destinataires n’avaient pas de clé éphémère valide sur le relais (version plus ancienne de Scellé, ou aucune publiée) : pli scellé pour leur clé permanente, sans confidentialité persistante.</numerusform>
        </translation>
    </message>
</context>
</TS>
