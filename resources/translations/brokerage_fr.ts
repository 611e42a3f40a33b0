<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>BrokerageLabels</name>
    <message>
        <location filename="../../ui/brokerage/models.py" line="25"/>
        <source>Due</source>
        <translation>À payer</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="26"/>
        <source>In a direct-debit file</source>
        <translation>Dans un fichier de prélèvement</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="27"/>
        <source>Paid</source>
        <translation>Payée</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="28"/>
        <source>Rejected</source>
        <translation>Rejetée</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="29"/>
        <source>Paid to the insurer</source>
        <translation>Reversée à l’assureur</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="30"/>
        <source>annual</source>
        <translation>annuel</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="31"/>
        <source>half-yearly</source>
        <translation>semestriel</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="32"/>
        <source>quarterly</source>
        <translation>trimestriel</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="33"/>
        <source>monthly</source>
        <translation>mensuel</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="51"/>
        <source>%1 €</source>
        <translation>%1&#xa0;€</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="62"/>
        <source>%1 (%2: %3)</source>
        <translation>%1 (%2&#xa0;: %3)</translation>
    </message>
</context>
<context>
    <name>BrokerageMenu</name>
    <message>
        <location filename="../../ui/brokerage/__init__.py" line="23"/>
        <source>&amp;Brokerage…</source>
        <translation>&amp;Courtage…</translation>
    </message>
</context>
<context>
    <name>BrokerageReasons</name>
    <message>
        <location filename="../../ui/brokerage/models.py" line="35"/>
        <source>incorrect account number</source>
        <translation>numéro de compte erroné</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="36"/>
        <source>account closed</source>
        <translation>compte clôturé</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="37"/>
        <source>account blocked</source>
        <translation>compte bloqué</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="38"/>
        <source>insufficient funds</source>
        <translation>provision insuffisante</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="39"/>
        <source>no valid mandate</source>
        <translation>pas de mandat valide</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="40"/>
        <source>refund requested by the debtor</source>
        <translation>remboursement demandé par le débiteur</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="41"/>
        <source>debtor deceased</source>
        <translation>débiteur décédé</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="42"/>
        <source>refused by the debtor</source>
        <translation>refusé par le débiteur</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="43"/>
        <source>reason not given</source>
        <translation>motif non communiqué</translation>
    </message>
</context>
<context>
    <name>BrokerageWindow</name>
    <message>
        <location filename="../../ui/brokerage/window.py" line="76"/>
        <source>Brokerage</source>
        <translation>Courtage</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="90"/>
        <source>Contracts</source>
        <translation>Contrats</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="91"/>
        <source>Instalments</source>
        <translation>Échéances</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="92"/>
        <source>&amp;Instalments</source>
        <translation>&amp;Échéances</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="93"/>
        <source>&amp;Contracts</source>
        <translation>&amp;Contrats</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="105"/>
        <source>&amp;From</source>
        <translation>&amp;Du</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="106"/>
        <source>&amp;To</source>
        <translation>&amp;Au</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="107"/>
        <source>Collection or e&amp;xecution date</source>
        <translation>Date de prélèvement ou d’e&amp;xécution</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="113"/>
        <source>&amp;Refresh</source>
        <translation>Actualise&amp;r</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="123"/>
        <source>Import a &amp;portfolio (CSV)…</source>
        <translation>Importer un &amp;portefeuille (CSV)…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="124"/>
        <source>Make the &amp;schedule</source>
        <translation>Établir l’éc&amp;héancier</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="125"/>
        <source>&amp;Notices</source>
        <translation>A&amp;vis d’échéance</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="126"/>
        <source>Rec&amp;eipts</source>
        <translation>&amp;Quittances</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="128"/>
        <source>&amp;Direct-debit file…</source>
        <translation>Fichier de pré&amp;lèvement…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="129"/>
        <source>Tr&amp;ansfer file…</source>
        <translation>Fichier de vire&amp;ment…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="130"/>
        <source>&amp;Bank file…</source>
        <translation>Relevé &amp;bancaire…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="131"/>
        <source>Ins&amp;urer statement…</source>
        <translation>Bordereau d’assure&amp;ur…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="132"/>
        <source>Acc&amp;ounting (FEC)…</source>
        <translation>Comptabilité (&amp;FEC)…</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="143"/>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="183"/>
        <source>Portfolio to import</source>
        <translation>Portefeuille à importer</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="184"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="189"/>
        <source>%1 contract(s) imported, %2 row(s) refused.</source>
        <translation>%1 contrat(s) importé(s), %2 ligne(s) refusée(s).</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="191"/>
        <source>Line %1: %2</source>
        <translation>Ligne %1&#xa0;: %2</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="199"/>
        <source>%1 instalment(s) in the period, %2 in all (%3 newly recorded).</source>
        <translation>%1 échéance(s) sur la période, %2 au total (%3 nouvellement enregistrée(s)).</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="204"/>
        <source>%1 receipt(s) filed in the clients&apos; cases.</source>
        <translation>%1 quittance(s) classée(s) dans les dossiers des clients.</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="205"/>
        <source>%1 notice(s) filed in the clients&apos; cases.</source>
        <translation>%1 avis d’échéance classé(s) dans les dossiers des clients.</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="212"/>
        <source>%1 written: %2 transaction(s), %3, checked against the ISO 20022 schema.</source>
        <translation>%1 écrit&#xa0;: %2 opération(s), %3, vérifié contre le schéma ISO 20022.</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="218"/>
        <source>Direct-debit file</source>
        <translation>Fichier de prélèvement</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="219"/>
        <location filename="../../ui/brokerage/window.py" line="226"/>
        <source>SEPA files (*.xml)</source>
        <translation>Fichiers SEPA (*.xml)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="226"/>
        <source>Transfer file</source>
        <translation>Fichier de virement</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="233"/>
        <source>Bank statement or reject file</source>
        <translation>Relevé bancaire ou fichier de rejets</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="234"/>
        <source>Bank files (*.xml);;All files (*)</source>
        <translation>Fichiers bancaires (*.xml);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="239"/>
        <source>%1 paid, %2 rejected, %3 not matched.</source>
        <translation>%1 payée(s), %2 rejetée(s), %3 non rapprochée(s).</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="247"/>
        <source>Insurer&apos;s statement</source>
        <translation>Bordereau de l’assureur</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="247"/>
        <source>Statements (*.json);;All files (*)</source>
        <translation>Bordereaux (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="251"/>
        <source>%1 line(s) matched, %2 unknown, %3 difference(s).</source>
        <translation>%1 ligne(s) rapprochée(s), %2 inconnue(s), %3 écart(s).</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="257"/>
        <source>Accounting export (FEC)</source>
        <translation>Export comptable (FEC)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="257"/>
        <source>FEC files (*.txt)</source>
        <translation>Fichiers FEC (*.txt)</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/window.py" line="261"/>
        <source>%1 written: %2 balanced entries.</source>
        <translation>%1 écrit : %2 écritures équilibrées.</translation>
    </message>
</context>
<context>
    <name>ContractsModel</name>
    <message>
        <location filename="../../ui/brokerage/models.py" line="125"/>
        <source>Contract</source>
        <translation>Contrat</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="125"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="125"/>
        <source>Insurer</source>
        <translation>Assureur</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="125"/>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="126"/>
        <source>Annual premium</source>
        <translation>Prime annuelle</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="126"/>
        <source>Split</source>
        <translation>Fractionnement</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="126"/>
        <source>Cover from</source>
        <translation>Garantie depuis le</translation>
    </message>
</context>
<context>
    <name>InstalmentsModel</name>
    <message>
        <location filename="../../ui/brokerage/models.py" line="141"/>
        <source>Due</source>
        <translation>Échéance</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="141"/>
        <source>Contract</source>
        <translation>Contrat</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="141"/>
        <source>Client</source>
        <translation>Client</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="141"/>
        <source>Net premium</source>
        <translation>Prime nette</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="142"/>
        <source>Fees</source>
        <translation>Frais</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="142"/>
        <source>Tax</source>
        <translation>Taxe</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="142"/>
        <source>Amount</source>
        <translation>Montant</translation>
    </message>
    <message>
        <location filename="../../ui/brokerage/models.py" line="142"/>
        <source>State</source>
        <translation>État</translation>
    </message>
</context>
</TS>
