"""`SentDetails`: the recipients of one sent message, each with its state, and the proofs kept
for it (deposit, delivery, receipts: time, signer, signature verified offline), with
"Export the proofs…" writing the bundle that `scelle relay proof verify` checks anywhere."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.relay_client import RelayService
from ui.common.prompts import Prompts
from ui.common.widgets import PlainLabel
from ui.relay.data import ProofRow, SentRow, load_proofs
from ui.relay.errors import relay_error_text
from ui.relay.evidence_button import EvidenceButton
from ui.relay.models import ProofsModel, RecipientStatesModel
from ui.relay.tables import make_table
from ui.workers import JobQueue, plain


def _write(path: Path, service: RelayService, envelope_id: str) -> Path:
    path.write_bytes(service.export_proofs(envelope_id))
    return path


class SentDetails(QWidget):
    """Recipients and proofs of the sent message chosen in the list."""

    status = Signal(str, str)  # kind (info, success, warning, danger), text

    def __init__(self, service: RelayService, jobs: JobQueue, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service, self._jobs, self._prompts = service, jobs, prompts
        self._row: SentRow | None = None
        self.recipients = RecipientStatesModel(self)
        self.proofs = ProofsModel(self)
        who = QGroupBox(self.tr("Recipients"), self)
        self.recipients_view = make_table(who, self.tr("Recipients of the message"),
                                          self.recipients)
        QVBoxLayout(who).addWidget(self.recipients_view)
        box = QGroupBox(self.tr("Proofs"), self)
        self.proofs_view = make_table(box, self.tr("Proofs of the message"), self.proofs,
                                      stretch=2)
        self.note = PlainLabel("", box, selectable=False)
        self.export_button = QPushButton(self.tr("E&xport the proofs…"), box)
        self.export_button.setAccessibleName(self.tr("Export the proofs to a file"))
        self.export_button.clicked.connect(self.export)
        self.evidence_button = EvidenceButton(service, jobs, prompts, box)
        self.evidence_button.status.connect(self.status)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.evidence_button)
        inner = QVBoxLayout(box)
        inner.addWidget(self.proofs_view, 1)
        inner.addLayout(row)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(who, 2)
        layout.addWidget(box, 3)
        self.show_row(None)

    @property
    def row(self) -> SentRow | None:
        return self._row

    def show_row(self, row: SentRow | None) -> None:
        self._row = row
        self.recipients.set_rows(row.recipients if row else [])
        self.proofs.set_rows([])
        self.export_button.setEnabled(False)
        self.evidence_button.set_message(None, None)
        if row is None or row.envelope_id is None:
            self.note.setText(self.tr("No proof yet: the message has not reached the relay.")
                              if row else "")
            return
        self.note.setText(self.tr("Checking the proofs…"))
        self._jobs.submit(plain(load_proofs), self._service, row.envelope_id,
                          on_done=lambda rows, r=row: self._loaded(r, rows),
                          on_error=self._failed)

    def _loaded(self, row: SentRow, rows: list[ProofRow]) -> None:
        if row is not self._row:
            return  # another message was chosen meanwhile
        self.proofs.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        self.evidence_button.set_message(row.record_id if rows else None, row.created.date())
        self.note.setText(self.tr("Signatures checked on this computer, without the relay. "
                                  "The exported file can be checked by anyone."))

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(relay_error_text(exc))

    def export(self) -> None:
        row = self._row
        if row is None or row.envelope_id is None:
            return
        default = Path.home() / f"preuves-{row.created.date().isoformat()}.json"
        path = self._prompts.save_path(self, self.tr("Export the proofs"), default,
                                       self.tr("Proof files (*.json)"))
        if path is None:
            return
        self._jobs.submit(plain(_write), path, self._service, row.envelope_id,
                          on_done=self._exported,
                          on_error=lambda exc: self.status.emit("danger", relay_error_text(exc)))

    def _exported(self, path: Path) -> None:
        self.status.emit("success", self.tr("Proofs exported to {path}.").format(path=path))
