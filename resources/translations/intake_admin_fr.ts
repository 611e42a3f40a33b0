<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
    <context>
        <name>PublishIntakeDialog</name>
        <message>
            <source>Publish an intake point</source>
            <translation>Publier un point de dépôt</translation>
        </message>
        <message>
            <source>Page &amp;name (its address):</source>
            <translation>&amp;Nom de la page (son adresse) :</translation>
        </message>
        <message>
            <source>Intake &amp;group:</source>
            <translation>&amp;Groupe destinataire :</translation>
        </message>
        <message>
            <source>&amp;Title shown on the page:</source>
            <translation>&amp;Titre affiché sur la page :</translation>
        </message>
        <message>
            <source>Largest &amp;request, in MB:</source>
            <translation>Plus grande &amp;demande, en Mo :</translation>
        </message>
        <message>
            <source>Attached &amp;files at most:</source>
            <translation>&amp;Fichiers joints au plus :</translation>
        </message>
        <message>
            <source>Every member of the intake group whose card is certified by your organisation can read the requests. Publishing again gives the page a new version.</source>
            <translation>Chaque membre du groupe destinataire dont la carte est certifiée par votre organisation peut lire les demandes. Publier à nouveau donne une nouvelle version à la page.</translation>
        </message>
        <message>
            <source>P&amp;ublish</source>
            <translation>P&amp;ublier</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
    </context>
    <context>
        <name>IntakePanel</name>
        <message>
            <source>Intake &amp;point</source>
            <translation>Point de &amp;dépôt</translation>
        </message>
        <message>
            <source>Intake points</source>
            <translation>Points de dépôt</translation>
        </message>
        <message>
            <source>Organisation key finge&amp;rprint:</source>
            <translation>&amp;Empreinte de la clé de l’organisation :</translation>
        </message>
        <message>
            <source>Page a&amp;ddress to publish:</source>
            <translation>Adresse de la page à pub&amp;lier :</translation>
        </message>
        <message>
            <source>Re&amp;load</source>
            <translation>Rec&amp;harger</translation>
        </message>
        <message>
            <source>P&amp;ublish…</source>
            <translation>P&amp;ublier…</translation>
        </message>
        <message>
            <source>&amp;Withdraw…</source>
            <translation>&amp;Retirer…</translation>
        </message>
        <message>
            <source>Copy the addr&amp;ess</source>
            <translation>&amp;Copier l’adresse</translation>
        </message>
        <message>
            <source>Copy the fingerprin&amp;t</source>
            <translation>Cop&amp;ier l’empreinte</translation>
        </message>
        <message>
            <source>Make a duty group of the members who will read the requests first (Duty groups tab): an intake point is published for a group.</source>
            <translation>Créez d’abord un groupe de permanence avec les membres qui liront les demandes (onglet Groupes de permanence) : un point de dépôt est publié pour un groupe.</translation>
        </message>
        <message>
            <source>Intake point %1 published (version %2). Publish its address and key fingerprint on your website.</source>
            <translation>Point de dépôt %1 publié (version %2). Publiez son adresse et l’empreinte de la clé sur votre site.</translation>
        </message>
        <message>
            <source>Withdraw the intake point %1? Its page will take no more requests; those already made stay with their readers.</source>
            <translation>Retirer le point de dépôt %1 ? Sa page n’acceptera plus de demandes ; celles déjà faites restent à leurs lecteurs.</translation>
        </message>
        <message>
            <source>Intake point %1 withdrawn.</source>
            <translation>Point de dépôt %1 retiré.</translation>
        </message>
        <message>
            <source>Page address copied.</source>
            <translation>Adresse de la page copiée.</translation>
        </message>
        <message>
            <source>Key fingerprint copied.</source>
            <translation>Empreinte de la clé copiée.</translation>
        </message>
        <message>
            <source>Left out: %1.</source>
            <translation>Non inclus : %1.</translation>
        </message>
        <message>
            <source>Withdraw</source>
            <translation>Retirer</translation>
        </message>
    </context>
    <context>
        <name>IntakePointsModel</name>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Title</source>
            <translation>Titre</translation>
        </message>
        <message>
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Version</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>Readers</source>
            <translation>Lecteurs</translation>
        </message>
        <message>
            <source>Largest request</source>
            <translation>Plus grande demande</translation>
        </message>
        <message>
            <source>Published</source>
            <translation>Publié le</translation>
        </message>
    </context>
    <context>
        <name>IntakeLabels</name>
        <message>
            <source>Withdrawn</source>
            <translation>Retiré</translation>
        </message>
        <message>
            <source>Outdated: publish it again</source>
            <translation>Périmé : à publier à nouveau</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>Ouvert</translation>
        </message>
        <message>
            <source>no valid certified card (revoked, expired or unknown)</source>
            <translation>aucune carte certifiée valide (révoquée, expirée ou inconnue)</translation>
        </message>
        <message>
            <source>card not certified by this organisation's key</source>
            <translation>carte non certifiée par la clé de cette organisation</translation>
        </message>
        <message>
            <source>card without a post-quantum key: the member renews it</source>
            <translation>carte sans clé post-quantique : le membre doit la renouveler</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
    </context>
</TS>
