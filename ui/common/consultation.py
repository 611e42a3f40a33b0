"""How a view-only document's state reads, wherever a face shows it (details pane, lists)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ui.common.formatting import format_datetime


def view_only_text(consult_until: datetime | None) -> str:
    """"View only" with its consultation end, if its sender set one."""
    if consult_until is None:
        return QCoreApplication.translate(
            "Consultation", "View only: received with a ban on export")
    return QCoreApplication.translate(
        "Consultation", "View only, until %1: then destroyed in this vault").replace(
            "%1", format_datetime(consult_until))


def end_note(consult_until: datetime) -> str:
    """A received file's consultation end, as the open dialog shows it."""
    return QCoreApplication.translate(
        "Consultation", "Consultation until %1: then the documents are destroyed in your "
        "vault and the sender is told.").replace("%1", format_datetime(consult_until))


def view_only_short(consult_until: datetime | None) -> str:
    """The document list's note: "view only", with the consultation end if any."""
    if consult_until is None:
        return QCoreApplication.translate("Consultation", "view only")
    return QCoreApplication.translate("Consultation", "view only, until %1").replace(
        "%1", format_datetime(consult_until))


def view_only_preview_note() -> str:
    """Instead of the open dialog's preview, for a view-only file."""
    return QCoreApplication.translate(
        "Consultation", "View only: once received, its documents are shown in Scellé's viewer "
        "only, each page watermarked with your name. There is no preview before.")
