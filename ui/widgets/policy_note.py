"""The "imposed by your administrator" mark shown next to settings the policy fixes."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets.icons import pixmap


class PolicyNote(QWidget):
    """Lock icon + "Imposé par votre administrateur" (+ an optional detail)."""

    def __init__(self, detail: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyNote")
        image = QLabel(self)
        image.setPixmap(pixmap("admin", 16))
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.set_detail(detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(image)
        layout.addWidget(self.label, 1)

    def set_detail(self, detail: str) -> None:
        text = self.tr("Imposed by your administrator")
        self.label.setText(f"{text} — {detail}" if detail else text)
        self.setAccessibleName(self.label.text())
