"""`IntakeProofs`: the proofs kept for one request from outside (the relay's `intake_deposit`
proof, our delivery proof, our receipt), each checked again offline, with "Export the proofs…"
writing the bundle that `scelle relay proof verify` checks anywhere (ui/relay/proofs_view.py
does the same for sent messages)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.relay_client import RelayService
from ui.common.prompts import Prompts
from ui.common.widgets import PlainLabel
from ui.relay.data import ProofRow, load_proofs
from ui.relay.errors import relay_error_text
from ui.relay.models import ProofsModel
from ui.relay.tables import make_table
from ui.workers import JobQueue, plain


def _load(service: RelayService, envelope_id: str) -> tuple[str, list[ProofRow]]:
    return envelope_id, load_proofs(service, envelope_id)


def _write(path: Path, service: RelayService, envelope_id: str) -> Path:
    path.write_bytes(service.export_proofs(envelope_id))
    return path


class IntakeProofs(QGroupBox):
    status = Signal(str, str)  # kind (info, success, warning, danger), text

    def __init__(self, service: RelayService, jobs: JobQueue, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Proofs"), parent)
        self._service, self._jobs, self._prompts = service, jobs, prompts
        self._envelope: str | None = None
        self._shown: tuple[str | None, str] = (None, "")
        self.model = ProofsModel(self)
        self.view = make_table(self, self.tr("Proofs of the request"), self.model, stretch=2)
        self.note = PlainLabel("", self, selectable=False)
        self.export_button = QPushButton(self.tr("Export the proo&fs…"), self)
        self.export_button.setAccessibleName(self.tr("Export the proofs to a file"))
        self.export_button.clicked.connect(self.export)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.show_envelope(None)

    def show_envelope(self, envelope_id: str | None, state: str = "") -> None:
        """The proofs of a downloaded or received request (none before it is downloaded);
        loaded again when the request's `state` changed (a receipt was added)."""
        if (envelope_id, state) == self._shown and envelope_id is not None:
            return
        self._shown = (envelope_id, state)
        self._envelope = envelope_id
        self.model.set_rows([])
        self.export_button.setEnabled(False)
        self.note.setText("")
        if envelope_id is None:
            return
        self.note.setText(self.tr("Checking the proofs…"))
        # Bound methods, not lambdas: Qt drops them with this widget if the job ends later.
        self._jobs.submit(plain(_load), self._service, envelope_id, on_done=self._loaded,
                          on_error=self._failed)

    def _loaded(self, loaded: tuple[str, list[ProofRow]]) -> None:
        envelope_id, rows = loaded
        if envelope_id != self._envelope:
            return  # another request was chosen meanwhile
        self.model.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        self.note.setText(self.tr("Signatures checked on this computer, without the relay."))

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(relay_error_text(exc))

    def export(self) -> None:
        if self._envelope is None:
            return
        default = Path.home() / f"preuves-demande-{self._envelope[:8]}.json"
        path = self._prompts.save_path(self, self.tr("Export the proofs"), default,
                                       self.tr("Proof files (*.json)"))
        if path is None:
            return
        self._jobs.submit(plain(_write), path, self._service, self._envelope,
                          on_done=self._exported, on_error=self._export_failed)

    def _exported(self, path: Path) -> None:
        self.status.emit("success", self.tr("Proofs exported to {path}.").format(path=path))

    def _export_failed(self, exc: BaseException) -> None:
        self.status.emit("danger", relay_error_text(exc))
