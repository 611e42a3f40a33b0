<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>DelegationMenu</name>
    <message>
        <source>&amp;Delegations…</source>
        <translation>&amp;Délégations…</translation>
    </message>
</context>
<context>
    <name>DelegationLabels</name>
    <message>
        <source>Waiting for certification</source>
        <translation>En attente de certification</translation>
    </message>
    <message>
        <source>In force</source>
        <translation>En vigueur</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Échue</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Révoquée</translation>
    </message>
    <message>
        <source>Send and receive</source>
        <translation>Envoyer et recevoir</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>Recevoir</translation>
    </message>
    <message>
        <source>Sent by {sender} for {principal}</source>
        <translation>Envoyé par {sender} pour {principal}</translation>
    </message>
    <message>
        <source>{sender} for {principal}</source>
        <translation>{sender} pour {principal}</translation>
    </message>
</context>
<context>
    <name>DelegationsModel</name>
    <message>
        <source>For</source>
        <translation>Pour</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Collaborateur</translation>
    </message>
    <message>
        <source>Allows</source>
        <translation>Autorise</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Jusqu’au</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
</context>
<context>
    <name>NewDelegationDialog</name>
    <message>
        <source>New delegation</source>
        <translation>Nouvelle délégation</translation>
    </message>
    <message>
        <source>64 hexadecimal digits</source>
        <translation>64 chiffres hexadécimaux</translation>
    </message>
    <message>
        <source>&amp;Send sealed files on my behalf</source>
        <translation>&amp;Envoyer des plis en mon nom</translation>
    </message>
    <message>
        <source>&amp;Receive what is addressed to me</source>
        <translation>&amp;Recevoir ce qui m’est adressé</translation>
    </message>
    <message>
        <source>Assistant's &amp;fingerprint:</source>
        <translation>E&amp;mpreinte du collaborateur :</translation>
    </message>
    <message>
        <source>Allow to:</source>
        <translation>Autoriser à :</translation>
    </message>
    <message>
        <source>In force &amp;until (included):</source>
        <translation>En vigueur &amp;jusqu’au (inclus) :</translation>
    </message>
    <message>
        <source>The assistant acts with their own identity, never with your keys. The delegation is in force once your organisation's administrator has certified it.</source>
        <translation>Le collaborateur agit avec sa propre identité, jamais avec vos clés. La délégation entre en vigueur une fois certifiée par l’administrateur de votre organisation.</translation>
    </message>
</context>
<context>
    <name>DelegationsDialog</name>
    <message>
        <source>Delegations</source>
        <translation>Délégations</translation>
    </message>
    <message>
        <source>&amp;Given to assistants</source>
        <translation>&amp;Données à des collaborateurs</translation>
    </message>
    <message>
        <source>&amp;Received (you act for)</source>
        <translation>&amp;Reçues (vous agissez pour)</translation>
    </message>
    <message>
        <source>&amp;New delegation…</source>
        <translation>&amp;Nouvelle délégation…</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>Ré&amp;voquer</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>The delegation was published. It is in force once your organisation's administrator has certified it.</source>
        <translation>La délégation est publiée. Elle entre en vigueur une fois certifiée par l’administrateur de votre organisation.</translation>
    </message>
    <message>
        <source>The delegation was revoked. Recipients refuse files sent under it from their next synchronisation.</source>
        <translation>La délégation est révoquée. Les destinataires refusent les plis envoyés sous elle dès leur prochaine synchronisation.</translation>
    </message>
</context>
<context>
    <name>PrincipalsModel</name>
    <message>
        <source>Myself</source>
        <translation>Moi-même</translation>
    </message>
</context>
<context>
    <name>DelegateReceipts</name>
    <message>
        <source>None of your delegates has opened it yet.</source>
        <translation>Aucun de vos collaborateurs ne l’a encore ouvert.</translation>
    </message>
    <message>
        <source>Opened by {name} on {time}.</source>
        <translation>Ouvert par {name} le {time}.</translation>
    </message>
    <message>
        <source>Refused by {name} on {time}.</source>
        <translation>Refusé par {name} le {time}.</translation>
    </message>
    <message>
        <source>Taken by {name} on {time}.</source>
        <translation>Pris en charge par {name} le {time}.</translation>
    </message>
</context>
<context>
    <name>OpenedByDelegatesButton</name>
    <message>
        <source>Opened by my &amp;delegates?</source>
        <translation>Ouvert par mes &amp;collaborateurs ?</translation>
    </message>
    <message>
        <source>Which of your delegates opened this envelope</source>
        <translation>Lequel de vos collaborateurs a ouvert ce pli</translation>
    </message>
</context>
<context>
    <name>OnBehalfPicker</name>
    <message>
        <source>Send on behalf of</source>
        <translation>Envoyer au nom de</translation>
    </message>
    <message>
        <source>Send on be&amp;half of:</source>
        <translation>Envoyer &amp;au nom de :</translation>
    </message>
</context>
</TS>
