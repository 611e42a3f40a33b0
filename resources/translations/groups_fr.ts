<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>DutyGroups</name>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>taken by you</source>
        <translation>pris en charge par vous</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>taken by %1</source>
        <translation>pris en charge par %1</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>to the group %1</source>
        <translation>au groupe %1</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>On duty now, the file goes to: %1.</source>
        <translation>De permanence en ce moment, le fichier part à : %1.</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>These members on duty cannot receive it:</source>
        <translation>Ces membres de permanence ne peuvent pas le recevoir :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>always on duty</source>
        <translation>toujours de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/texts.py"/>
        <source>NOT confirmed by the relay&apos;s proof of deposit</source>
        <translation>NON confirmé par la preuve de dépôt du relais</translation>
    </message>
</context>
<context>
    <name>GroupPicker</name>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Send to a duty gr&amp;oup instead of contacts</source>
        <translation>Envoyer à un groupe de &amp;permanence plutôt qu’à des contacts</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Duty group</source>
        <translation>Groupe de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Grou&amp;p:</source>
        <translation>&amp;Groupe :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Wait until the members on duty are known.</source>
        <translation>Attendez que les membres de permanence soient connus.</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Choose a duty group.</source>
        <translation>Choisissez un groupe de permanence.</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Loading the duty groups…</source>
        <translation>Chargement des groupes de permanence…</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>No duty group of your organisation or of a linked one is published on the relay.</source>
        <translation>Aucun groupe de permanence de votre organisation ou d’une organisation liée n’est publié sur le relais.</translation>
    </message>
    <message>
        <location filename="../../ui/groups/picker.py"/>
        <source>Finding who is on duty…</source>
        <translation>Recherche des membres de permanence…</translation>
    </message>
</context>
<context>
    <name>RosterMembersModel</name>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>Fingerprint</source>
        <translation>Empreinte</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>On duty now</source>
        <translation>De permanence maintenant</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>Duty windows</source>
        <translation>Créneaux de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>(not in your directory)</source>
        <translation>(absent de votre annuaire)</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../../ui/groups/models.py"/>
        <source>no</source>
        <translation>non</translation>
    </message>
</context>
<context>
    <name>RosterPanel</name>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Duty &amp;groups</source>
        <translation>&amp;Groupes de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Duty group</source>
        <translation>Groupe de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Members of the duty group</source>
        <translation>Membres du groupe de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Re&amp;load</source>
        <translation>Rec&amp;harger</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>New gro&amp;up…</source>
        <translation>Créer un gro&amp;upe…</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Renam&amp;e…</source>
        <translation>&amp;Renommer…</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Add a mem&amp;ber…</source>
        <translation>Ajouter un mem&amp;bre…</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Remove &amp;the member</source>
        <translation>Re&amp;tirer le membre</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Duty &amp;windows…</source>
        <translation>Créneaux de &amp;permanence…</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Your organisation has no duty group yet: create one with New group.</source>
        <translation>Votre organisation n’a pas encore de groupe de permanence : créez-en un avec « Créer un groupe ».</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>New duty group</source>
        <translation>Nouveau groupe de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Name of the group (e.g. Permanence pénale):</source>
        <translation>Nom du groupe (par exemple Permanence pénale) :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Rename the duty group</source>
        <translation>Renommer le groupe de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Add a member</source>
        <translation>Ajouter un membre</translation>
    </message>
    <message>
        <location filename="../../ui/groups/roster_panel.py"/>
        <source>Fingerprint of a certified member of your organisation (64 hexadecimal digits):</source>
        <translation>Empreinte d’un membre certifié de votre organisation (64 chiffres hexadécimaux) :</translation>
    </message>
</context>
<context>
    <name>WindowDialog</name>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>Duty windows of %1</source>
        <translation>Créneaux de permanence de %1</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>&amp;Always on duty</source>
        <translation>&amp;Toujours de permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>On duty &amp;between:</source>
        <translation>De permanence &amp;entre :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>Start of duty</source>
        <translation>Début de la permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>End of duty</source>
        <translation>Fin de la permanence</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>&amp;Keep this member's windows that are not over yet</source>
        <translation>&amp;Garder les créneaux de ce membre qui ne sont pas encore terminés</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>&amp;From:</source>
        <translation>&amp;Du :</translation>
    </message>
    <message>
        <location filename="../../ui/groups/prompts.py"/>
        <source>&amp;Until:</source>
        <translation>&amp;Au :</translation>
    </message>
</context>
<context>
    <name>TakeButton</name>
    <message>
        <location filename="../../ui/groups/take.py"/>
        <source>&amp;Take it for the group</source>
        <translation>&amp;Prendre en charge pour le groupe</translation>
    </message>
    <message>
        <location filename="../../ui/groups/take.py"/>
        <source>Take the envelope for the other members of the group</source>
        <translation>Prendre en charge l’enveloppe pour les autres membres du groupe</translation>
    </message>
    <message>
        <location filename="../../ui/groups/take.py"/>
        <source>Tell the other members of the group, and the sender, that you take care of this envelope.</source>
        <translation>Indiquer aux autres membres du groupe, et à l’expéditeur, que vous prenez en charge cette enveloppe.</translation>
    </message>
</context>
<context>
    <name>RelayPanel</name>
    <message>
        <location filename="../../ui/relay/panel.py"/>
        <source>Taken for the group.</source>
        <translation>Pris en charge pour le groupe.</translation>
    </message>
</context>
</TS>
