"""Premium notices (avis d'échéance) and receipts (quittances) as French PDFs, laid out with
reportlab in memory: the bytes go into the vault (app/brokerage/notices.py), never to a file
unless the user exports them.

The mentions a client and an insurer expect: the broker, the client, the insurer, the
contract and product, the period of cover, the due date, the breakdown (net premium, fees,
insurance tax, total), the payment method and, for a direct debit, the mandate reference (RUM),
the creditor identifier (ICS) and the account debited, masked but for its last four
characters. The standard PDF fonts (Helvetica) cover French; the PDF's dates are fixed
(`invariant`) so the same instalment always gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from app.brokerage.model import Client, Contract, Creditor, Instalment, Insurer, Mandate

_NBSP = "\u00a0"  # WinAnsi has it (not the narrow one): the standard fonts can draw it
_METHODS = {"debit": "Prélèvement SEPA", "transfer": "Virement", "cheque": "Chèque"}
_SPLITS = {"annual": "annuel", "half-yearly": "semestriel", "quarterly": "trimestriel",
           "monthly": "mensuel"}


@dataclass(frozen=True)
class NoticeData:
    """Everything a notice or a receipt shows about one instalment."""

    creditor: Creditor
    client: Client
    insurer: Insurer
    contract: Contract
    instalment: Instalment
    mandate: Mandate | None


def euros(cents: int) -> str:
    """"1 234,56 €" (French grouping with a non-breaking space)."""
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", _NBSP)
    return f"{'-' if cents < 0 else ''}{grouped},{part:02d}{_NBSP}€"


def french_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def masked_iban(iban: str) -> str:
    return f"{iban[:4]} •••• {iban[-4:]}".replace("•", "*")


def _lines(data: NoticeData, receipt: bool) -> list[tuple[str, str]]:
    c, i = data.contract, data.instalment
    rows = [("Souscripteur", data.client.name), ("Assureur", data.insurer.name),
            ("Contrat n°", c.number), ("Produit", c.product),
            ("Fractionnement", _SPLITS[c.frequency.value]),
            ("Période de garantie", f"du {french_date(i.period_start)} au "
                                    f"{french_date(i.period_end)}"),
            ("Échéance", french_date(i.due_date))]
    rows.append(("Mode de paiement", _METHODS[c.payment.value]))
    if data.mandate is not None:
        rows += [("Référence unique de mandat (RUM)", data.mandate.reference),
                 ("Identifiant créancier SEPA (ICS)", data.creditor.ics),
                 ("Compte prélevé", masked_iban(data.mandate.iban))]
    if receipt and i.paid_on is not None:
        rows.append(("Payée le", french_date(i.paid_on)))
    return rows


def _breakdown(i: Instalment) -> list[tuple[str, str]]:
    return [("Prime nette", euros(i.premium.net)), ("Frais et accessoires", euros(i.premium.fees)),
            ("Taxe sur les conventions d'assurance", euros(i.premium.tax)),
            ("Total", euros(i.amount))]


def render(data: NoticeData, *, receipt: bool) -> bytes:
    """One notice (or receipt) as a one-page A4 PDF."""
    return render_many([data], receipt=receipt)


def render_many(items: list[NoticeData], *, receipt: bool) -> bytes:
    """Several notices or receipts, one per page: the print-ready batch."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, SimpleDocTemplate

    buffer = io.BytesIO()
    title = "Quittances de prime" if receipt else "Avis d'échéance"
    document = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Scellé",
                                 leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, invariant=True)
    story: list[object] = []
    for n, data in enumerate(items):
        if n:
            story.append(PageBreak())
        story.extend(_page(data, receipt))
    document.build(story)
    return buffer.getvalue()


def _page(data: NoticeData, receipt: bool) -> list[object]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    base = getSampleStyleSheet()
    text = ParagraphStyle("text", parent=base["BodyText"], leading=14)
    i = data.instalment
    heading = "Quittance de prime" if receipt else "Avis d'échéance"
    story: list[object] = [
        Paragraph(escape(data.creditor.name), base["Heading3"]),
        Paragraph(escape(f"{heading} — contrat n° {data.contract.number}"), base["Title"]),
        Paragraph(escape(data.client.name), text)]
    if data.client.address:
        story.append(Paragraph(escape(data.client.address), text))
    story.append(Spacer(1, 10))
    # Table cells are plain strings (drawn as is): no markup to escape.
    facts = Table([list(row) for row in _lines(data, receipt)], hAlign="LEFT",
                  colWidths=[70 * mm, 95 * mm])
    facts.setStyle(TableStyle([("FONTSIZE", (0, 0), (-1, -1), 9),
                               ("TEXTCOLOR", (0, 0), (0, -1), colors.grey)]))
    money = Table(_breakdown(i), hAlign="LEFT", colWidths=[120 * mm, 45 * mm])
    money.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                               ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold")]))
    closing = Paragraph(escape(_closing(data, receipt)), text)
    story += [facts, Spacer(1, 12), money, Spacer(1, 12), closing]
    return story


def _closing(data: NoticeData, receipt: bool) -> str:
    i, c = data.instalment, data.contract
    if receipt:
        return (f"Nous reconnaissons avoir reçu de {data.client.name} la somme de "
                f"{euros(i.amount)} au titre de la prime du contrat n° {c.number} pour la "
                f"période du {french_date(i.period_start)} au {french_date(i.period_end)}, "
                f"pour le compte de {data.insurer.name}.")
    if data.mandate is not None:
        day = french_date(i.collection_date or i.due_date)
        return (f"Cette somme sera prélevée à partir du {day} sur le compte désigné dans le "
                f"mandat {data.mandate.reference}.")
    return (f"Merci de régler {euros(i.amount)} au plus tard le {french_date(i.due_date)}, en "
            f"rappelant le numéro de contrat {c.number}.")
