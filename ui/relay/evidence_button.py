"""`EvidenceButton` (issue 17): "Evidence bundle…" for the message whose proofs are shown.

It asks where to save (a .zip), then makes the bundle on the job queue (app.evidence: proofs,
timestamps, audit entries, cards, French PDF report) and reports the result on `status`, the
way the proofs' own Export button does. Keyboard: Alt+B.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from app.evidence import Subject, save_bundle
from app.relay_client import RelayService
from ui.common.prompts import Prompts
from ui.relay.errors import relay_error_text
from ui.workers import JobQueue, plain


class EvidenceButton(QPushButton):
    status = Signal(str, str)  # kind (info, success, warning, danger), text

    def __init__(self, service: RelayService, jobs: JobQueue, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Evidence &bundle…"), parent)
        self._service, self._jobs, self._prompts = service, jobs, prompts
        self._record: int | None = None
        self._day: date | None = None
        self.setAccessibleName(self.tr("Save an evidence bundle of this message"))
        self.setToolTip(self.tr("One file with every proof, its timestamp, the audit entries "
                                "and a report in French, which anyone can check with "
                                "“scelle proof verify”."))
        self.clicked.connect(self.make)
        self.set_message(None, None)

    def set_message(self, record_id: int | None, day: date | None) -> None:
        """The message of the vault's log whose proofs are shown (None: nothing to bundle)."""
        self._record, self._day = record_id, day
        self.setEnabled(record_id is not None)

    def make(self) -> None:
        if self._record is None:
            return
        stamp = (self._day or date.today()).isoformat()
        path = self._prompts.save_path(self, self.tr("Save the evidence bundle"),
                                       Path.home() / f"preuves-{stamp}.zip",
                                       self.tr("Evidence bundles (*.zip)"))
        if path is None:
            return
        self.setEnabled(False)
        self.status.emit("info", self.tr("Making the evidence bundle…"))
        # The dialog already asked before replacing an existing file.
        self._jobs.submit(plain(save_bundle), self._service.session,
                          Subject("message", self._record), path, replace=True,
                          on_done=self._saved, on_error=self._failed)

    def _saved(self, path: Path) -> None:
        self.setEnabled(self._record is not None)
        self.status.emit("success", self.tr("Evidence bundle saved to {path}. Anyone can check "
                                            "it with: scelle proof verify {name}").format(
            path=path, name=path.name))

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(self._record is not None)
        self.status.emit("danger", relay_error_text(exc))
