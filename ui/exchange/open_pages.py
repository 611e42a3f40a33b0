"""The two end pages of the open dialog: a refused file, and a received one."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.common.explain import Explanation
from ui.common.widgets import PlainLabel
from ui.exchange.open_jobs import Received
from ui.widgets.icons import pixmap


class RefusedPage(QWidget):
    """Title in large type, then what the refusal means and what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel(self)
        self.icon.setPixmap(pixmap("error", 48))
        self.title = PlainLabel(parent=self)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.title.setFont(font)
        self.text = PlainLabel(parent=self)
        self.text.setAccessibleName(self.tr("Why the sealed file was refused"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.icon)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def show_refusal(self, refusal: Explanation) -> None:
        self.title.setText(refusal.title)
        self.text.setText(refusal.text)


class ReceivedPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = PlainLabel(parent=self)
        self.documents = PlainLabel(parent=self)
        self.documents.setAccessibleName(self.tr("Documents received"))
        self.note = PlainLabel(parent=self)
        # Offered only when a main window can show them (OpenSealedDialog.offer_documents_link).
        self.show_documents = QPushButton(self.tr("&Show the documents"), self)
        self.show_documents.setToolTip(self.tr(
            "Close this window and select the received documents in the main window"))
        self.show_documents.setVisible(False)
        link = QHBoxLayout()
        link.addWidget(self.show_documents)
        link.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.documents)
        layout.addWidget(self.note)
        layout.addLayout(link)
        layout.addStretch(1)

    def show_outcome(self, outcome: Received) -> None:
        count = len(outcome.document_names)
        if outcome.case_name is None:
            self.summary.setText(self.tr("%n document(s) received, not filed in a case:", "",
                                         count))
        else:
            self.summary.setText(self.tr("%n document(s) received into the case “{case}”:", "",
                                         count).format(case=outcome.case_name))
        self.documents.setText("\n".join(f"•  {name}" for name in outcome.document_names))
        self.note.setText(
            self.tr("They are view-only: they can be read in Scellé but not exported or sent "
                    "on, as the sender asked.") if outcome.message.view_only else "")
        self.note.setVisible(outcome.message.view_only)
