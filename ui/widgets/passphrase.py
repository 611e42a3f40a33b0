"""Passphrase entry: a masked field with a show/hide toggle and, optionally, a strength meter.

The meter presents the core's estimate against the minimum in force (app/passphrase_rules.py);
the services refuse a weak passphrase themselves, so the meter only tells the user early.
With `propose=True` (the wizard) a Propose button fills the field with random French words
(app/passphrase_generator.py), shown so they can be written down, and a Copy button copies it
under the clipboard rules (ui/clipboard.py: hidden from clipboard histories, cleared later).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.passphrase_generator import WordListError, propose_passphrase
from app.passphrase_rules import Strength, assess, required_bits
from ui.clipboard import copy_secret_text
from ui.widgets.icons import icon

_LEVEL_NAMES = ("veryweak", "weak", "ok", "strong")


class SecretLineEdit(QLineEdit):
    """A password-mode line edit with an eye button; never offers copy, drag or undo history."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        # Copying a secret out would put it in the clipboard, outside our control.
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setDragEnabled(False)
        self.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText
                                 | Qt.InputMethodHint.ImhNoPredictiveText
                                 | Qt.InputMethodHint.ImhSensitiveData)
        self._toggle = QAction(icon("eye"), self.tr("Show"), self)
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._reveal)
        self.addAction(self._toggle, QLineEdit.ActionPosition.TrailingPosition)

    def _reveal(self, shown: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self._toggle.setText(self.tr("Hide") if shown else self.tr("Show"))
        self._toggle.setIcon(icon("eye-off" if shown else "eye"))

    def clear_secret(self) -> None:
        """Empty the field (and hide it again). Python strings cannot be wiped; this is what
        we can do: drop our reference and the widget's buffer."""
        self._toggle.setChecked(False)
        self.clear()

    def reveal(self) -> None:
        self._toggle.setChecked(True)


class PassphraseField(QWidget):
    """A `SecretLineEdit` plus a strength bar and a sentence with the estimate in bits."""

    strengthChanged = Signal(float)
    proposed = Signal(str)  # a proposal was put in the field (the wizard fills "Again" too)

    def __init__(self, parent: QWidget | None = None, meter: bool = True,
                 propose: bool = False) -> None:
        super().__init__(parent)
        self.edit = SecretLineEdit(self)
        self.edit.setAccessibleName(self.tr("Passphrase"))
        self.bar = QProgressBar(self)
        self.bar.setObjectName("strengthBar")
        self.bar.setRange(0, 120)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName(self.tr("Passphrase strength"))
        self.verdict = QLabel(self)
        self.verdict.setObjectName("strengthVerdict")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        if propose:
            layout.addLayout(self._proposal_row())
        layout.addWidget(self.bar)
        layout.addWidget(self.verdict)
        self.bar.setVisible(meter)
        self.verdict.setVisible(meter)
        self.setFocusProxy(self.edit)
        self._strength = Strength(0.0, required_bits())
        self.edit.textChanged.connect(self._update)
        self._update("")

    def _proposal_row(self) -> QHBoxLayout:
        self.propose = QPushButton(icon("refresh"), self.tr("P&ropose a passphrase"), self)
        self.propose.setToolTip(self.tr("Random French words, enough for the strength rule"))
        self.propose.clicked.connect(self.propose_new)
        self.copy = QPushButton(self.tr("Cop&y"), self)
        self.copy.setToolTip(self.tr("Copy the passphrase (the clipboard is cleared after a "
                                     "while)"))
        self.copy.setEnabled(False)
        self.copy.clicked.connect(lambda: copy_secret_text(self.text()))
        self.edit.textChanged.connect(lambda text: self.copy.setEnabled(bool(text)))
        self.proposal_note = QLabel(self)
        self.proposal_note.setObjectName("hint")
        self.proposal_note.setWordWrap(True)
        self.proposal_note.hide()
        row = QHBoxLayout()
        row.addWidget(self.propose)
        row.addWidget(self.copy)
        row.addWidget(self.proposal_note, 1)
        return row

    def propose_new(self) -> None:
        """Fill the field with a fresh proposal, shown so that it can be written down."""
        try:
            proposal = propose_passphrase()
        except WordListError as exc:
            self.verdict.setText(str(exc))
            return
        self.edit.setText(proposal.text)
        self.edit.reveal()
        self.proposal_note.setText(self.tr("%1 words drawn at random among 2048: %2 bits. "
                                           "Write it down until you know it.").replace(
            "%1", str(proposal.words)).replace("%2", f"{proposal.entropy_bits:.0f}"))
        self.proposal_note.show()
        self.proposed.emit(proposal.text)

    @property
    def strength(self) -> Strength:
        return self._strength

    def text(self) -> str:
        return self.edit.text()

    def clear_secret(self) -> None:
        self.edit.clear_secret()

    def _update(self, text: str) -> None:
        self._strength = assess(text)
        bits = self._strength.bits
        self.bar.setValue(int(min(bits, 120)))
        self.bar.setProperty("level", _LEVEL_NAMES[self._strength.level])
        self.bar.style().unpolish(self.bar)
        self.bar.style().polish(self.bar)
        self.verdict.setText(self._sentence(text, bits))
        self.strengthChanged.emit(bits)

    def _sentence(self, text: str, bits: float) -> str:
        required = f"{self._strength.required:.0f}"
        if not text:
            return self.tr("At least %2 bits are required (CNIL recommendation): for example "
                           "7 random words, or 13 characters mixing upper and lower case, "
                           "digits and symbols.").replace("%2", required)
        if not self._strength.acceptable:
            return self.tr("Estimated strength: %1 bits. Too weak: at least %2 bits are "
                           "required. Add words or characters; avoid common words and "
                           "sequences.").replace("%1", f"{bits:.0f}").replace("%2", required)
        return self.tr("Estimated strength: %1 bits. Sufficient.").replace("%1", f"{bits:.0f}")
