<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>MessageView</name>
    <message>
        <location filename="../../ui/exchange/message_view.py"/>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
</context>
<context>
    <name>OpenPreview</name>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>the file is no longer in memory.</source>
        <translation>le fichier n’est plus en mémoire.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>No preview for this type of file ({kind}, {size}).</source>
        <translation>Aperçu indisponible pour ce type de fichier ({kind}, {size}).</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>this file is too large for a preview ({size}). Receive it, then open it from the vault.</source>
        <translation>ce fichier est trop volumineux pour un aperçu ({size}). Recevez-le, puis ouvrez-le depuis le coffre.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>Preview impossible: {reason}</source>
        <translation>Aperçu impossible&#xa0;: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>Beginning of the text only ({shown} of {size}).</source>
        <translation>Début du texte seulement ({shown} sur {size}).</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>the image is damaged or incomplete, or its format is not supported.</source>
        <translation>l’image est endommagée ou incomplète, ou son format n’est pas pris en charge.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>this image is too large ({width} × {height} pixels).</source>
        <translation>cette image est trop grande ({width} × {height} pixels).</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>the PDF is damaged or incomplete.</source>
        <translation>le PDF est endommagé ou incomplet.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>the PDF has no page.</source>
        <translation>le PDF n’a aucune page.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview_render.py"/>
        <source>Page 1 of %n</source>
        <translation>Page 1 sur %n</translation>
    </message>
</context>
<context>
    <name>PreviewPane</name>
    <message>
        <location filename="../../ui/exchange/preview.py"/>
        <source>Select a file in the list to preview it here. The preview is made in memory: nothing is written to disk.</source>
        <translation>Sélectionnez un fichier dans la liste pour en voir ici l’aperçu. L’aperçu est fait en mémoire&#xa0;: rien n’est écrit sur le disque.</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview.py"/>
        <source>Preview</source>
        <translation>Aperçu</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview.py"/>
        <source>Preview of the text</source>
        <translation>Aperçu du texte</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview.py"/>
        <source>Preparing the preview…</source>
        <translation>Préparation de l’aperçu…</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/preview.py"/>
        <source>Preview impossible: an unexpected error occurred.</source>
        <translation>Aperçu impossible&#xa0;: une erreur inattendue s’est produite.</translation>
    </message>
</context>
<context>
    <name>ReceivedPage</name>
    <message>
        <location filename="../../ui/exchange/open_pages.py"/>
        <source>&amp;Show the documents</source>
        <translation>&amp;Voir les documents</translation>
    </message>
    <message>
        <location filename="../../ui/exchange/open_pages.py"/>
        <source>Close this window and select the received documents in the main window</source>
        <translation>Fermer cette fenêtre et sélectionner les documents reçus dans la fenêtre principale</translation>
    </message>
</context>
</TS>
