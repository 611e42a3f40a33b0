"""Taking a group envelope for the others, from the relay inbox (ui/relay/panel.py).

The button shows on an envelope addressed to a duty group; it is enabled once the envelope was
opened into the vault and nobody took it yet. The core signs the `taken` receipt and the relay
accepts the first one only (`RelayService.take`); if another member was first, the refusal
names them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPushButton, QWidget

from app.relay_client import RelayService


class TakeButton(QPushButton):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("&Take it for the group"), parent)
        self.setAccessibleName(self.tr("Take the envelope for the other members of the group"))
        self.setToolTip(self.tr("Tell the other members of the group, and the sender, that you "
                                "take care of this envelope."))
        self.hide()

    def show_for(self, row: Any, busy: bool) -> None:
        """`row`: the selected inbox row (ui/relay/data.py `InboxRow`) or None."""
        grouped = row is not None and getattr(row, "group", None) is not None
        self.setVisible(grouped)
        self.setEnabled(grouped and not busy and row.state == "opened"
                        and row.taken_by is None and not row.taken_by_me)


def take(service: RelayService, envelope_id: str, *, progress: Any = None,
         cancel: Any = None) -> object:
    return service.take(envelope_id)
