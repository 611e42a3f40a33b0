"""What the viewer shows for a document it cannot render (a Word file, an archive…).

The way on is an explicit export, offered only where the core would allow it: the workstation
policy allows export and the document was not received view-only (asked of the core on a worker
before anything is shown: `document_is_view_only`). Nothing is decrypted for this page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QPushButton

from ui.common.formatting import type_label


def document_is_view_only(session: Any, document_id: int, **_: Any) -> bool:
    """Job: the core's view-only flag (no content read)."""
    return bool(session.documents.is_view_only(document_id))


def show_no_preview(window: Any, *, export_allowed: bool, view_only: bool) -> None:
    translate = QCoreApplication.translate
    text = translate("ViewerWindow", "No preview is available for this type of document (%1)."
                     ).replace("%1", type_label(window.document.media_type))
    if view_only:
        text += "\n\n" + translate("NoPreview", "It was received view-only: it cannot be "
                                   "exported, so it can only be read with a program that "
                                   "Scellé does not have.")
        window.view.show_message(text)
    elif export_allowed:
        text += "\n\n" + translate("ViewerWindow", "To open it with another program, export it "
                                   "on explicit request: a plaintext copy is then written where "
                                   "you choose, outside the vault.")
        button = QPushButton(translate("ViewerWindow", "&Export…"), window)
        button.clicked.connect(window.export_action.trigger)
        window.view.show_message(text, button)
        button.setFocus()
    else:
        text += "\n\n" + translate("ViewerWindow",
                                   "Exporting documents is disabled on this workstation.")
        window.view.show_message(text)
    window.toolbar.hide()  # nothing to page through or zoom
    window.statusBar().clearMessage()
