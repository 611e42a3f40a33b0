<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>CaseDialog</name>
    <message>
        <source>Case properties</source>
        <translation>Propriétés du dossier</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <source>Case name</source>
        <translation>Nom du dossier</translation>
    </message>
    <message>
        <source>e.g. Estate of Mr Martin</source>
        <translation>ex. Succession de M. Martin</translation>
    </message>
    <message>
        <source>Case reference</source>
        <translation>Référence du dossier</translation>
    </message>
    <message>
        <source>e.g. 2026/0142</source>
        <translation>ex. 2026/0142</translation>
    </message>
    <message>
        <source>&amp;Keep until</source>
        <translation>&amp;Conserver jusqu’au</translation>
    </message>
    <message>
        <source>Set a retention date</source>
        <translation>Fixer une date de fin de conservation</translation>
    </message>
    <message>
        <source>Retention date</source>
        <translation>Date de fin de conservation</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom :</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Référence :</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Conservation :</translation>
    </message>
    <message>
        <source>The retention date deletes nothing by itself: it marks when the case may be disposed of.</source>
        <translation>La date de fin de conservation ne supprime rien d’elle-même : elle indique à partir de quand le dossier pourra être détruit.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
</context>
<context>
    <name>CasesModel</name>
    <message>
        <source>All documents</source>
        <translation>Tous les documents</translation>
    </message>
    <message>
        <source>Unfiled</source>
        <translation>Non classés</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message>
        <source>Reference: %1</source>
        <translation>Référence : %1</translation>
    </message>
    <message>
        <source>Keep until %1</source>
        <translation>À conserver jusqu’au %1</translation>
    </message>
    <message>
        <source>Legal hold: nothing can be deleted or moved out</source>
        <translation>Gel juridique : rien ne peut être supprimé ni déplacé hors du dossier</translation>
    </message>
</context>
<context>
    <name>CasesPane</name>
    <message>
        <source>Cases</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <source>&amp;New case…</source>
        <translation>&amp;Nouveau dossier…</translation>
    </message>
    <message>
        <source>Case &amp;properties…</source>
        <translation>&amp;Propriétés du dossier…</translation>
    </message>
    <message>
        <source>Rename the case, change its reference or retention date</source>
        <translation>Renommer le dossier, modifier sa référence ou sa date de fin de conservation</translation>
    </message>
    <message>
        <source>&amp;Legal hold</source>
        <translation>&amp;Gel juridique</translation>
    </message>
    <message>
        <source>Freeze the case: none of its documents can be deleted or moved out</source>
        <translation>Geler le dossier : aucun de ses documents ne peut être supprimé ni déplacé</translation>
    </message>
    <message>
        <source>+ New</source>
        <translation>+ Nouveau</translation>
    </message>
    <message>
        <source>New case</source>
        <translation>Nouveau dossier</translation>
    </message>
    <message>
        <source>The case could not be created</source>
        <translation>Le dossier n’a pas pu être créé</translation>
    </message>
    <message>
        <source>The case could not be changed</source>
        <translation>Le dossier n’a pas pu être modifié</translation>
    </message>
    <message>
        <source>Release the legal hold</source>
        <translation>Lever le gel juridique</translation>
    </message>
    <message>
        <source>Release the legal hold on this case? Its documents can then be deleted or moved again.</source>
        <translation>Lever le gel juridique de ce dossier ? Ses documents pourront de nouveau être supprimés ou déplacés.</translation>
    </message>
    <message>
        <source>Release the hold</source>
        <translation>Lever le gel</translation>
    </message>
    <message>
        <source>The legal hold could not be changed</source>
        <translation>Le gel juridique n’a pas pu être modifié</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>View only: received with a ban on export</source>
        <translation>Consultation seule : reçu avec interdiction d’export</translation>
    </message>
    <message>
        <source>Case of the document</source>
        <translation>Dossier du document</translation>
    </message>
    <message>
        <source>Tags, separated by commas</source>
        <translation>Étiquettes, séparées par des virgules</translation>
    </message>
    <message>
        <source>urgent, to sign…</source>
        <translation>urgent, à signer…</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Notes about this document (kept encrypted)</source>
        <translation>Notes sur ce document (conservées chiffrées)</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ajoutée le</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <source>Ta&amp;gs:</source>
        <translation>É&amp;tiquettes :</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Taille :</translation>
    </message>
    <message>
        <source>Document date:</source>
        <translation>Date du document :</translation>
    </message>
    <message>
        <source>Added:</source>
        <translation>Ajouté le :</translation>
    </message>
    <message>
        <source>C&amp;ase:</source>
        <translation>Do&amp;ssier :</translation>
    </message>
    <message>
        <source>Retention:</source>
        <translation>Conservation :</translation>
    </message>
    <message>
        <source>Legal hold:</source>
        <translation>Gel juridique :</translation>
    </message>
    <message>
        <source>Save &amp;notes</source>
        <translation>Enregistrer les &amp;notes</translation>
    </message>
    <message>
        <source>Select a document to see its details.</source>
        <translation>Sélectionnez un document pour en voir le détail.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln documents selected (%1)</source>
        <translation>
            <numerusform>%Ln document sélectionné (%1)</numerusform>
            <numerusform>%Ln documents sélectionnés (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>The document details cannot be shown</source>
        <translation>Le détail du document ne peut pas être affiché</translation>
    </message>
    <message>
        <source>No retention date</source>
        <translation>Aucune date de fin de conservation</translation>
    </message>
    <message>
        <source>Keep until %1</source>
        <translation>À conserver jusqu’au %1</translation>
    </message>
    <message>
        <source>Yes: it cannot be deleted or moved out of its case</source>
        <translation>Oui : il ne peut être ni supprimé ni sorti de son dossier</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <source>Unfiled</source>
        <translation>Non classés</translation>
    </message>
    <message>
        <source>The notes could not be saved</source>
        <translation>Les notes n’ont pas pu être enregistrées</translation>
    </message>
    <message>
        <source>The tags could not be changed</source>
        <translation>Les étiquettes n’ont pas pu être modifiées</translation>
    </message>
    <message>
        <source>The document could not be moved</source>
        <translation>Le document n’a pas pu être déplacé</translation>
    </message>
</context>
<context>
    <name>DocumentErrors</name>
    <message>
        <source>This case is under legal hold: its documents cannot be deleted or moved until the hold is released (case properties, Legal hold).</source>
        <translation>Ce dossier est sous gel juridique : ses documents ne peuvent être ni supprimés ni déplacés tant que le gel n’est pas levé (menu Dossier, Gel juridique).</translation>
    </message>
    <message>
        <source>This case still holds documents: move or delete them first.</source>
        <translation>Ce dossier contient encore des documents : déplacez-les ou supprimez-les d’abord.</translation>
    </message>
    <message>
        <source>This document or case no longer exists: it may have just been deleted.</source>
        <translation>Ce document ou ce dossier n’existe plus : il vient peut-être d’être supprimé.</translation>
    </message>
    <message>
        <source>This document was received view-only: it can be shown in the viewer but not exported or sent on.</source>
        <translation>Ce document a été reçu en consultation seule : il peut être affiché dans la visionneuse, mais ni exporté ni transmis.</translation>
    </message>
    <message>
        <source>The vault is locked: unlock it again to continue.</source>
        <translation>Le coffre est verrouillé : déverrouillez-le pour continuer.</translation>
    </message>
    <message>
        <source>A file to import cannot be read (it was moved, or access is denied).</source>
        <translation>Un fichier à importer ne peut pas être lu (il a été déplacé, ou l’accès est refusé).</translation>
    </message>
    <message>
        <source>The encrypted content of this document is damaged or was altered: it cannot be shown. Run Tools, Check vault integrity.</source>
        <translation>Le contenu chiffré de ce document est endommagé ou a été modifié : il ne peut pas être affiché. Lancez Outils, Vérifier l’intégrité du coffre.</translation>
    </message>
    <message>
        <source>This PDF cannot be displayed: it is damaged or protected by a password.</source>
        <translation>Ce PDF ne peut pas être affiché : il est endommagé ou protégé par un mot de passe.</translation>
    </message>
    <message>
        <source>A plaintext copy cannot be written inside the vault's folder: choose another folder.</source>
        <translation>Une copie en clair ne peut pas être écrite dans le dossier du coffre : choisissez un autre dossier.</translation>
    </message>
    <message>
        <source>A file with this name already exists there; it was not overwritten. Choose another name.</source>
        <translation>Un fichier de ce nom existe déjà à cet endroit ; il n’a pas été remplacé. Choisissez un autre nom.</translation>
    </message>
    <message>
        <source>The export destination is a folder: choose a file name.</source>
        <translation>La destination de l’export est un dossier : choisissez un nom de fichier.</translation>
    </message>
    <message>
        <source>The export could not be written there (missing folder, no permission or disk full). Nothing was written.</source>
        <translation>L’export n’a pas pu être écrit à cet endroit (dossier absent, droits insuffisants ou disque plein). Rien n’a été écrit.</translation>
    </message>
    <message>
        <source>A name cannot be empty.</source>
        <translation>Un nom ne peut pas être vide.</translation>
    </message>
    <message>
        <source>The text contains invisible control characters: retype it.</source>
        <translation>Le texte contient des caractères de contrôle invisibles : saisissez-le de nouveau.</translation>
    </message>
    <message>
        <source>The text is too long.</source>
        <translation>Le texte est trop long.</translation>
    </message>
    <message>
        <source>The retention date is not a valid calendar date.</source>
        <translation>La date de fin de conservation n’est pas une date valide.</translation>
    </message>
    <message>
        <source>The value entered is not accepted.</source>
        <translation>La valeur saisie n’est pas acceptée.</translation>
    </message>
</context>
<context>
    <name>DocumentOperations</name>
    <message>
        <source>Please wait</source>
        <translation>Veuillez patienter</translation>
    </message>
    <message>
        <source>Another operation is running: wait for it to finish or cancel it.</source>
        <translation>Une autre opération est en cours : attendez qu’elle se termine ou annulez-la.</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>Importation…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) imported</source>
        <translation>
            <numerusform>%Ln document importé</numerusform>
            <numerusform>%Ln documents importés</numerusform>
        </translation>
    </message>
    <message>
        <source>Import cancelled: %1</source>
        <translation>Importation annulée : %1</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… et %n autre</numerusform>
            <numerusform>… et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <source>Some files were not imported</source>
        <translation>Certains fichiers n’ont pas été importés</translation>
    </message>
    <message>
        <source>These files could not be read (moved, access denied, links or special files) and were left out:</source>
        <translation>Ces fichiers n’ont pas pu être lus (déplacés, accès refusé, liens ou fichiers spéciaux) et ont été laissés de côté :</translation>
    </message>
    <message>
        <source>The import failed</source>
        <translation>L’importation a échoué</translation>
    </message>
    <message>
        <source>Export disabled</source>
        <translation>Export désactivé</translation>
    </message>
    <message>
        <source>Exporting documents is disabled on this workstation by its administrator.</source>
        <translation>L’export de documents est désactivé sur ce poste par son administrateur.</translation>
    </message>
    <message>
        <source>Export a plaintext copy</source>
        <translation>Exporter une copie en clair</translation>
    </message>
    <message>
        <source>Plaintext copy exported.</source>
        <translation>Copie en clair exportée.</translation>
    </message>
    <message>
        <source>The export failed</source>
        <translation>L’export a échoué</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Export en cours…</translation>
    </message>
    <message>
        <source>Delete “%1” permanently?</source>
        <translation>Supprimer définitivement « %1 » ?</translation>
    </message>
    <message numerus="yes">
        <source>Delete these %n documents permanently?</source>
        <translation>
            <numerusform>Supprimer définitivement ce document ?</numerusform>
            <numerusform>Supprimer définitivement ces %n documents ?</numerusform>
        </translation>
    </message>
    <message>
        <source>Their content is destroyed (crypto-shredded): it cannot be recovered, not even from a backup of the vault.</source>
        <translation>Le contenu est détruit (effacement cryptographique) : il ne pourra pas être récupéré, pas même depuis une sauvegarde du coffre.</translation>
    </message>
    <message>
        <source>Delete documents</source>
        <translation>Supprimer des documents</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>Supprimer définitivement</translation>
    </message>
    <message>
        <source>The documents could not be deleted</source>
        <translation>Les documents n’ont pas pu être supprimés</translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) deleted</source>
        <translation>
            <numerusform>%Ln document supprimé</numerusform>
            <numerusform>%Ln documents supprimés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The vault is intact: %Ln document version(s) checked, the database and the history are undamaged.</source>
        <translation>
            <numerusform>Le coffre est intact : %Ln version de document vérifiée, la base de données et l’historique sont intègres.</numerusform>
            <numerusform>Le coffre est intact : %Ln versions de documents vérifiées, la base de données et l’historique sont intègres.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rename the document</source>
        <translation>Renommer le document</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>Nouveau nom :</translation>
    </message>
    <message>
        <source>The document could not be renamed</source>
        <translation>Le document n’a pas pu être renommé</translation>
    </message>
    <message>
        <source>The integrity check failed</source>
        <translation>La vérification d’intégrité a échoué</translation>
    </message>
    <message>
        <source>Checking the vault…</source>
        <translation>Vérification du coffre…</translation>
    </message>
    <message>
        <source>Vault integrity</source>
        <translation>Intégrité du coffre</translation>
    </message>
    <message numerus="yes">
        <source>The check found %n problem(s). Keep this vault as it is and contact your administrator; the command “scelle check” gives the details.</source>
        <translation>
            <numerusform>La vérification a trouvé %n problème. Laissez ce coffre en l’état et contactez votre administrateur ; la commande « scelle check » en donne le détail.</numerusform>
            <numerusform>La vérification a trouvé %n problèmes. Laissez ce coffre en l’état et contactez votre administrateur ; la commande « scelle check » en donne le détail.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DocumentTableModel</name>
    <message>
        <source>Sorting by this column is possible for up to 10,000 documents: choose a case, a tag or search first. The list stays sorted by name.</source>
        <extracomment>The number of documents matching the query is known or changed (see `total`). A sentence for the status bar (e.g. why a sort was refused). The sort was changed back by the model: (column, descending). A query failed: the exception (shown by the window).</extracomment>
        <translation>Le tri selon cette colonne est possible jusqu’à 10 000 documents : choisissez d’abord un dossier, une étiquette ou faites une recherche. La liste reste triée par nom.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Ajouté le</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Étiquettes</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <source>Search names, notes, tags and PDF text…</source>
        <translation>Rechercher dans les noms, notes, étiquettes et le texte des PDF…</translation>
    </message>
    <message>
        <source>Search the documents</source>
        <translation>Rechercher dans les documents</translation>
    </message>
    <message>
        <source>Show only documents with this tag</source>
        <translation>N’afficher que les documents portant cette étiquette</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Search this case: names, notes, tags, PDF text…</source>
        <translation>Rechercher dans ce dossier : noms, notes, étiquettes, texte des PDF…</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Toutes les étiquettes</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>No document of this case matches this search.
Select “All documents” to search the whole vault.</source>
        <translation>Aucun document de ce dossier ne correspond à cette recherche.
Sélectionnez « Tous les documents » pour chercher dans tout le coffre.</translation>
    </message>
    <message>
        <source>No document matches this search.</source>
        <translation>Aucun document ne correspond à cette recherche.</translation>
    </message>
    <message>
        <source>No documents here yet.
Drop files or folders on this window to import them into the vault, or use File, Import files (Ctrl+I).</source>
        <translation>Aucun document ici pour l’instant.
Déposez des fichiers ou des dossiers sur cette fenêtre pour les importer dans le coffre, ou utilisez Fichier, Importer des fichiers (Ctrl+I).</translation>
    </message>
</context>
<context>
    <name>Formats</name>
    <message>
        <source>PDF document</source>
        <translation>Document PDF</translation>
    </message>
    <message>
        <source>PNG image</source>
        <translation>Image PNG</translation>
    </message>
    <message>
        <source>JPEG image</source>
        <translation>Image JPEG</translation>
    </message>
    <message>
        <source>GIF image</source>
        <translation>Image GIF</translation>
    </message>
    <message>
        <source>TIFF image</source>
        <translation>Image TIFF</translation>
    </message>
    <message>
        <source>WebP image</source>
        <translation>Image WebP</translation>
    </message>
    <message>
        <source>BMP image</source>
        <translation>Image BMP</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Texte</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>Tableau CSV</translation>
    </message>
    <message>
        <source>Web page</source>
        <translation>Page web</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Courriel</translation>
    </message>
    <message>
        <source>ZIP archive</source>
        <translation>Archive ZIP</translation>
    </message>
    <message>
        <source>Word document</source>
        <translation>Document Word</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Classeur Excel</translation>
    </message>
    <message>
        <source>OpenDocument text</source>
        <translation>Texte OpenDocument</translation>
    </message>
    <message>
        <source>OpenDocument spreadsheet</source>
        <translation>Classeur OpenDocument</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>File (%1)</source>
        <translation>Fichier (%1)</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 octets</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 octet</translation>
    </message>
    <message>
        <source>%1 KB</source>
        <translation>%1 Ko</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 Mo</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 Go</translation>
    </message>
    <message>
        <source>%1 TB</source>
        <translation>%1 To</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Imported into the vault</source>
        <translation>Importé dans le coffre</translation>
    </message>
    <message>
        <source>New version added</source>
        <translation>Nouvelle version ajoutée</translation>
    </message>
    <message>
        <source>Name or notes changed</source>
        <translation>Nom ou notes modifiés</translation>
    </message>
    <message>
        <source>Tags changed</source>
        <translation>Étiquettes modifiées</translation>
    </message>
    <message>
        <source>Moved to another case</source>
        <translation>Déplacé dans un autre dossier</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ouvert</translation>
    </message>
    <message>
        <source>Exported to a file</source>
        <translation>Exporté dans un fichier</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Supprimé</translation>
    </message>
    <message>
        <source>Sealed for recipients</source>
        <translation>Scellé pour des destinataires</translation>
    </message>
    <message>
        <source>Received in a sealed file</source>
        <translation>Reçu dans un pli scellé</translation>
    </message>
</context>
<context>
    <name>JobStatus</name>
    <message>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Cancel the operation</source>
        <translation>Annuler l’opération</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Scellé — Documents</source>
        <translation>Scellé — Documents</translation>
    </message>
    <message>
        <source>Number of documents</source>
        <translation>Nombre de documents</translation>
    </message>
    <message>
        <source>The documents cannot be listed</source>
        <translation>Les documents ne peuvent pas être affichés</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln résultat</numerusform>
            <numerusform>%Ln résultats</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than %Ln results: refine the search</source>
        <translation>
            <numerusform>Plus de %Ln résultat : précisez la recherche</numerusform>
            <numerusform>Plus de %Ln résultats : précisez la recherche</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message>
        <source>Exporting is disabled on this workstation</source>
        <translation>L’export est désactivé sur ce poste</translation>
    </message>
    <message>
        <source>This document was received view-only</source>
        <translation>Ce document a été reçu en consultation seule</translation>
    </message>
    <message>
        <source>Import files into the vault</source>
        <translation>Importer des fichiers dans le coffre</translation>
    </message>
    <message>
        <source>Import a folder into the vault</source>
        <translation>Importer un dossier dans le coffre</translation>
    </message>
    <message>
        <source>Drop to open the sealed file</source>
        <translation>Déposez pour ouvrir le pli scellé</translation>
    </message>
    <message>
        <source>Drop to import into “%1”</source>
        <translation>Déposez pour importer dans « %1 »</translation>
    </message>
    <message>
        <source>Drop to import into the vault</source>
        <translation>Déposez pour importer dans le coffre</translation>
    </message>
    <message>
        <source>Open a sealed file</source>
        <translation>Ouvrir un pli scellé</translation>
    </message>
    <message>
        <source>Sealed files (*.scelle)</source>
        <translation>Plis scellés (*.scelle)</translation>
    </message>
    <message>
        <source>&amp;Import files…</source>
        <translation>&amp;Importer des fichiers…</translation>
    </message>
    <message>
        <source>Import files into the selected case</source>
        <translation>Importer des fichiers dans le dossier sélectionné</translation>
    </message>
    <message>
        <source>Import &amp;folder…</source>
        <translation>Importer un &amp;dossier…</translation>
    </message>
    <message>
        <source>Import a folder and everything in it</source>
        <translation>Importer un dossier et tout son contenu</translation>
    </message>
    <message>
        <source>&amp;Open sealed file…</source>
        <translation>&amp;Ouvrir un pli scellé…</translation>
    </message>
    <message>
        <source>Check a sealed file (.scelle) and receive its documents</source>
        <translation>Vérifier un pli scellé (.scelle) et en recevoir les documents</translation>
    </message>
    <message>
        <source>&amp;View document</source>
        <translation>&amp;Afficher le document</translation>
    </message>
    <message>
        <source>Show the selected document in the viewer</source>
        <translation>Afficher le document sélectionné dans la visionneuse</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>Write a plaintext copy of the document outside the vault</source>
        <translation>Écrire une copie en clair du document hors du coffre</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>Lock the vault now</source>
        <translation>Verrouiller le coffre maintenant</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Rechercher</translation>
    </message>
    <message>
        <source>Search the documents</source>
        <translation>Rechercher dans les documents</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>Re&amp;nommer…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>Delete the selected documents permanently</source>
        <translation>Supprimer définitivement les documents sélectionnés</translation>
    </message>
    <message>
        <source>&amp;Seal and send…</source>
        <translation>&amp;Sceller et envoyer…</translation>
    </message>
    <message>
        <source>Seal the selected documents for contacts</source>
        <translation>Sceller les documents sélectionnés pour des contacts</translation>
    </message>
    <message>
        <source>&amp;Address book…</source>
        <translation>&amp;Carnet d’adresses…</translation>
    </message>
    <message>
        <source>&amp;Security settings…</source>
        <translation>Paramètres de &amp;sécurité…</translation>
    </message>
    <message>
        <source>&amp;Check vault integrity</source>
        <translation>&amp;Vérifier l’intégrité du coffre</translation>
    </message>
    <message>
        <source>&amp;About Scellé</source>
        <translation>À &amp;propos de Scellé</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Case</source>
        <translation>&amp;Dossier</translation>
    </message>
    <message>
        <source>&amp;Sealed</source>
        <translation>&amp;Plis scellés</translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation>&amp;Contacts</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Main actions</source>
        <translation>Actions principales</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importer</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Afficher</translation>
    </message>
    <message>
        <source>Seal and send</source>
        <translation>Sceller et envoyer</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
</context>
<context>
    <name>Viewer</name>
    <message>
        <source>This document is too large to be shown here (%1).</source>
        <translation>Ce document est trop volumineux pour être affiché ici (%1).</translation>
    </message>
    <message>
        <source>This image cannot be displayed: its content is damaged or its format is not supported.</source>
        <translation>Cette image ne peut pas être affichée : son contenu est endommagé ou son format n’est pas pris en charge.</translation>
    </message>
</context>
<context>
    <name>ViewerWindow</name>
    <message>
        <source>%1 — Scellé viewer</source>
        <translation>%1 — Visionneuse Scellé</translation>
    </message>
    <message>
        <source>Document page</source>
        <translation>Page du document</translation>
    </message>
    <message>
        <source>&amp;Previous page</source>
        <translation>Page &amp;précédente</translation>
    </message>
    <message>
        <source>&amp;Next page</source>
        <translation>Page &amp;suivante</translation>
    </message>
    <message>
        <source>&amp;First page</source>
        <translation>P&amp;remière page</translation>
    </message>
    <message>
        <source>&amp;Last page</source>
        <translation>&amp;Dernière page</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;avant</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>Zoom a&amp;rrière</translation>
    </message>
    <message>
        <source>Fit &amp;width</source>
        <translation>Ajuster à la &amp;largeur</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>&amp;Taille réelle</translation>
    </message>
    <message>
        <source>&amp;Go to page…</source>
        <translation>&amp;Aller à la page…</translation>
    </message>
    <message>
        <source>&amp;Copy page text</source>
        <translation>&amp;Copier le texte de la page</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Visionneuse</translation>
    </message>
    <message>
        <source>Page number</source>
        <translation>Numéro de page</translation>
    </message>
    <message>
        <source>Zoom level</source>
        <translation>Niveau de zoom</translation>
    </message>
    <message>
        <source>Decrypting…</source>
        <translation>Déchiffrement…</translation>
    </message>
    <message>
        <source>Decrypting the document…</source>
        <translation>Déchiffrement du document…</translation>
    </message>
    <message>
        <source>Decrypting… %1 %</source>
        <translation>Déchiffrement… %1 %</translation>
    </message>
    <message>
        <source>of %1</source>
        <translation>sur %1</translation>
    </message>
    <message>
        <source>No preview is available for this type of document (%1).</source>
        <translation>Aucun aperçu n’est disponible pour ce type de document (%1).</translation>
    </message>
    <message>
        <source>To open it with another program, export it on explicit request: a plaintext copy is then written where you choose, outside the vault.</source>
        <translation>Pour l’ouvrir avec un autre logiciel, exportez-le sur demande expresse : une copie en clair est alors écrite à l’endroit choisi, hors du coffre.</translation>
    </message>
    <message>
        <source>Exporting documents is disabled on this workstation.</source>
        <translation>L’export de documents est désactivé sur ce poste.</translation>
    </message>
    <message>
        <source>Received view-only: cannot be exported</source>
        <translation>Reçu en consultation seule : ne peut pas être exporté</translation>
    </message>
    <message>
        <source>Rendering the page…</source>
        <translation>Affichage de la page…</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Page %1 sur %2</translation>
    </message>
    <message>
        <source>Page text copied; the clipboard is cleared when the vault locks.</source>
        <translation>Texte de la page copié ; le presse-papiers sera vidé au verrouillage du coffre.</translation>
    </message>
</context>
</TS>