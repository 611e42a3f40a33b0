"""The evidence bundle's French PDF report, laid out with reportlab from app/evidence/wording.py.

The standard PDF fonts (Helvetica, Courier) are used: they need no font file and cover French
(WinAnsi). The document's dates are fixed (`invariant`) so the same evidence gives the same PDF.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.evidence.wording import Block


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": base["Title"],
        "heading": base["Heading2"],
        "text": ParagraphStyle("text", parent=base["BodyText"], leading=14, spaceAfter=4),
        "code": ParagraphStyle("code", parent=base["Code"], fontSize=8, leading=10,
                               backColor=colors.whitesmoke, borderPadding=4),
        "cell": ParagraphStyle("cell", parent=base["BodyText"], fontSize=8, leading=10),
    }


def _table(block: Block, styles: dict[str, ParagraphStyle]) -> Table:
    cells = [[Paragraph(escape(c), styles["cell"]) for c in row] for row in block.rows]
    table = Table(cells, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def render(blocks: list[Block], title: str) -> bytes:
    """The PDF bytes of `blocks`."""
    styles = _styles()
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, title=title, author="Scellé",
                                 leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                                 bottomMargin=18 * mm, invariant=True, lang="fr")
    story: list[object] = []
    for block in blocks:
        if block.kind == "table":
            story += [_table(block, styles), Spacer(1, 4 * mm)]
        else:
            story.append(Paragraph(escape(block.text), styles[block.kind]))
    document.build(story)
    return out.getvalue()
