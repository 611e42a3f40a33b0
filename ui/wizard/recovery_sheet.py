"""The printable recovery sheet (PDF), written only to a path the user chose.

The sheet holds the recovery code in clear: that is its purpose. It is written with
QTextDocument + QPdfWriter (painting to a PDF is allowed off the GUI thread), and the
function is run as a worker job. The text is built on the GUI thread (translations), the file
on the worker.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


@dataclass(frozen=True)
class SheetText:
    title: str
    intro: str
    code_label: str
    vault_label: str
    holder_label: str
    date_label: str
    advice: list[str]


def sheet_text() -> SheetText:
    return SheetText(
        title=QCoreApplication.translate("RecoverySheet", "Scellé — Vault recovery sheet"),
        intro=QCoreApplication.translate(
            "RecoverySheet", "This code opens your vault on its own, without the passphrase "
            "and without the second factor. Whoever holds it can read every file in the vault."),
        code_label=QCoreApplication.translate("RecoverySheet", "Recovery code"),
        vault_label=QCoreApplication.translate("RecoverySheet", "Vault"),
        holder_label=QCoreApplication.translate("RecoverySheet", "Holder"),
        date_label=QCoreApplication.translate("RecoverySheet", "Created on"),
        advice=[
            QCoreApplication.translate(
                "RecoverySheet", "Print this sheet, then delete the PDF file and empty the "
                "trash."),
            QCoreApplication.translate(
                "RecoverySheet", "Keep the sheet away from the computer: in a safe, or sealed "
                "in an envelope at the office's registry."),
            QCoreApplication.translate(
                "RecoverySheet", "Never photograph it, send it by e-mail or store it in the "
                "cloud."),
            QCoreApplication.translate(
                "RecoverySheet", "Once used, set a new code in Security settings: the old one "
                "stops working."),
        ],
    )


def _html(text: SheetText, code: str, vault_id: str, holder: str, created: str) -> str:
    e = html.escape
    groups = code.split("-")
    lines = "<br/>".join(" – ".join(groups[i:i + 4]) for i in range(0, len(groups), 4))
    advice = "".join(f"<li>{e(a)}</li>" for a in text.advice)
    return f"""
<h1 style="color:#8b1e2d">{e(text.title)}</h1>
<p>{e(text.intro)}</p>
<table cellpadding="6">
<tr><td><b>{e(text.holder_label)}</b></td><td>{e(holder)}</td></tr>
<tr><td><b>{e(text.vault_label)}</b></td><td style="font-family:monospace">{e(vault_id)}</td></tr>
<tr><td><b>{e(text.date_label)}</b></td><td>{e(created)}</td></tr>
</table>
<h2>{e(text.code_label)}</h2>
<p style="font-family:monospace; font-size:17pt; font-weight:bold">{lines}</p>
<ul>{advice}</ul>
"""


def write_recovery_sheet(path: str | os.PathLike[str], text: SheetText, code: str,
                         vault_id: str, holder: str, created: str) -> Path:
    """Write the sheet as a PDF at `path` (A4). Worker-thread safe."""
    target = Path(path)
    writer = QPdfWriter(str(target))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ adds its own 2 cm margins.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(300)
    writer.setTitle(text.title)
    writer.setCreator("Scellé")
    document = QTextDocument()
    font = document.defaultFont()
    font.setPointSize(11)
    document.setDefaultFont(font)
    document.setHtml(_html(text, code, vault_id, holder, created))
    document.print_(writer)
    return target
