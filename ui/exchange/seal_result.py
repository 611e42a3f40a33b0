"""The page the seal dialog shows once the sealed file exists."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.vault import SealedMessage
from ui.common.formatting import format_size
from ui.common.widgets import Banner, PlainLabel, message_id_text, monospace_font


class SealResult(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headline = Banner(self)
        self.path_label = PlainLabel(parent=self)
        self.message_id_label = PlainLabel(parent=self)
        self.message_id_label.setFont(monospace_font())
        self.message_id_label.setAccessibleName(self.tr("Message number"))
        self.recipients_label = PlainLabel(parent=self)
        self.size_label = PlainLabel(parent=self)
        self.protection_label = PlainLabel(parent=self)
        self.next_steps = PlainLabel(self.tr(
            "Send this file by any channel (e-mail, USB key, shared drive): only the recipients "
            "above can open it, and they will see whether it was altered on the way. Keep the "
            "message number to refer to this sending."), self, selectable=False)
        self.open_folder_button = QPushButton(self.tr("Show in &folder"), self)
        self.open_folder_button.setAccessibleName(self.tr("Open the folder of the sealed file"))
        form = QFormLayout()
        form.addRow(self.tr("File:"), self.path_label)
        form.addRow(self.tr("Message number:"), self.message_id_label)
        form.addRow(self.tr("Recipients:"), self.recipients_label)
        form.addRow(self.tr("Size:"), self.size_label)
        form.addRow(self.tr("Protection:"), self.protection_label)
        row = QHBoxLayout()
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(form)
        layout.addWidget(self.next_steps)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_message(self, message: SealedMessage, recipient_names: list[str]) -> None:
        self.headline.show_message("success", self.tr("The sealed file is ready."), bold=True)
        self.path_label.setText(str(message.path))
        self.message_id_label.setText(message_id_text(message.message_id))
        self.recipients_label.setText("\n".join(recipient_names))
        self.size_label.setText(format_size(message.size))
        self.protection_label.setText(
            self.tr("End-to-end encryption with post-quantum protection (ML-KEM-768 + X25519)")
            if message.hybrid else
            self.tr("End-to-end encryption (X25519): a recipient's card has no post-quantum key"))
