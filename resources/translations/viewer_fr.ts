<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>FindBar</name>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>Fermer la barre de recherche</translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation>Fermer la barre de recherche (Échap)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Find in the document</source>
        <translation>Rechercher dans le document</translation>
    </message>
    <message>
        <source>Matches</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Occurrence suivante (F3)</translation>
    </message>
    <message>
        <source>No results</source>
        <translation>Aucun résultat</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Occurrence précédente (Maj+F3)</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Recherche…</translation>
    </message>
    <message>
        <source>Text to find</source>
        <translation>Texte à rechercher</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Printed</source>
        <translation>Imprimé</translation>
    </message>
</context>
<context>
    <name>PrintSheet</name>
    <message>
        <source>&amp;Print the recovery sheet…</source>
        <translation>&amp;Imprimer la fiche de secours…</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Titulaire</translation>
    </message>
    <message>
        <source>Keep this sheet away from the computer: in a safe, or sealed in an envelope at the office's registry.</source>
        <translation>Conservez la fiche loin de l’ordinateur : dans un coffre-fort, ou sous pli cacheté au secrétariat de l’étude.</translation>
    </message>
    <message>
        <source>Never photograph it, send it by e-mail or store it in the cloud.</source>
        <translation>Ne la photographiez jamais, ne l’envoyez pas par courriel, ne la stockez pas en ligne.</translation>
    </message>
    <message>
        <source>Once used, set a new code in Security settings: the old one stops working.</source>
        <translation>Après usage, créez un nouveau code dans les paramètres de sécurité : l’ancien cessera de fonctionner.</translation>
    </message>
    <message>
        <source>Print the recovery sheet</source>
        <translation>Imprimer la fiche de secours</translation>
    </message>
    <message>
        <source>Printed on</source>
        <translation>Imprimée le</translation>
    </message>
    <message>
        <source>Printing is disabled on this workstation (workstation policy).</source>
        <translation>L’impression est désactivée sur ce poste (politique du poste).</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Code de secours</translation>
    </message>
    <message>
        <source>Scellé — Vault recovery sheet</source>
        <translation>Scellé — Fiche de secours du coffre</translation>
    </message>
    <message>
        <source>The recovery sheet could not be printed: %1</source>
        <translation>La fiche de secours n’a pas pu être imprimée : %1</translation>
    </message>
    <message>
        <source>The recovery sheet was sent to the printer.</source>
        <translation>La fiche de secours a été envoyée à l’imprimante.</translation>
    </message>
    <message>
        <source>This code opens the vault on its own, without the passphrase and without the second factor: whoever holds it can read every file in the vault.</source>
        <translation>Ce code ouvre le coffre à lui seul, sans la phrase de passe ni le second facteur : quiconque le détient peut lire tous les fichiers du coffre.</translation>
    </message>
    <message>
        <source>Vault</source>
        <translation>Coffre</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Printing</source>
        <translation>Impression</translation>
    </message>
    <message>
        <source>Printing gives the document in clear to this computer's print system. The print spooler (CUPS on Linux and macOS) writes each job to disk and may keep it after printing, outside the vault's protection; a network printer may keep a copy too.

Print anyway?</source>
        <translation>L’impression remet le document en clair au système d’impression de cet ordinateur. Le spouleur d’impression (CUPS sous Linux et macOS) écrit chaque travail sur le disque et peut le conserver après l’impression, hors de la protection du coffre ; une imprimante réseau peut aussi en garder une copie.

Imprimer quand même ?</translation>
    </message>
    <message>
        <source>Printing hands over the plaintext</source>
        <translation>L’impression transmet le contenu en clair</translation>
    </message>
    <message>
        <source>The printer could not be started: check that it is available, then try again.</source>
        <translation>L’imprimante n’a pas pu être lancée : vérifiez qu’elle est disponible, puis réessayez.</translation>
    </message>
</context>
<context>
    <name>TextTools</name>
    <message>
        <source>%1 characters selected: Ctrl+C copies them.</source>
        <translation>%1 caractères sélectionnés : Ctrl+C les copie.</translation>
    </message>
    <message>
        <source>&amp;Copy page text</source>
        <translation>&amp;Copier le texte de la page</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Rechercher…</translation>
    </message>
    <message>
        <source>An image has no text to find.</source>
        <translation>Une image ne contient pas de texte à rechercher.</translation>
    </message>
    <message>
        <source>Copy the &amp;selection</source>
        <translation>Copier la &amp;sélection</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>Occurrence &amp;suivante</translation>
    </message>
    <message>
        <source>Find &amp;previous</source>
        <translation>Occurrence &amp;précédente</translation>
    </message>
    <message>
        <source>Text copied; the clipboard is cleared when the vault locks.</source>
        <translation>Texte copié ; le presse-papiers sera vidé au verrouillage du coffre.</translation>
    </message>
</context>
<context>
    <name>ViewerPrinting</name>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>Print “%1”</source>
        <translation>Imprimer « %1 »</translation>
    </message>
    <message>
        <source>Printing is disabled on this workstation (workstation policy).</source>
        <translation>L’impression est désactivée sur ce poste (politique du poste).</translation>
    </message>
    <message>
        <source>Printing page %1 of %2…</source>
        <translation>Impression de la page %1 sur %2…</translation>
    </message>
    <message>
        <source>Received view-only: cannot be printed</source>
        <translation>Reçu en consultation seule : ne peut pas être imprimé</translation>
    </message>
    <message>
        <source>Sent to the printer: %1 page(s).</source>
        <translation>Envoyé à l’imprimante : %1 page(s).</translation>
    </message>
</context>
</TS>
