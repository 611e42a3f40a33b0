"""`CaseEvidence` (issue 17): "Evidence bundle of the case…" in the cases pane's context menu.

It asks where to save a .zip, makes the evidence bundle of every message of the case on the job
queue (app.evidence.save_bundle: proofs, timestamps, audit extract, cards, French PDF report)
and says where it went and which command checks it; a case without relay proofs is a readable
dialog naming why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from app.evidence import Subject, save_bundle
from ui.documents.tasks import Tasks


class CaseEvidence(QObject):
    def __init__(self, tasks: Tasks, parent: QWidget) -> None:
        super().__init__(parent)
        self._tasks, self._parent = tasks, parent
        self._session: Any = None
        self._case: int | None = None
        self.action = QAction(self.tr("&Evidence bundle of the case…"), parent)
        self.action.setStatusTip(self.tr("Save every proof of the case's messages, with their "
                                         "timestamps and a report in French, in one file"))
        self.action.triggered.connect(self.make)
        self.set_case(None, None)

    def set_case(self, session: Any, case_id: int | None) -> None:
        self._session, self._case = session, case_id
        self.action.setEnabled(session is not None and case_id is not None)

    def make(self) -> None:
        if self._session is None or self._case is None:
            return
        title = self.tr("Save the evidence bundle")
        path = self._tasks.prompts.save_path(self._parent, title,
                                             Path.home() / f"preuves-dossier-{self._case}.zip")
        if path is None:
            return
        # The save dialog already asked before replacing an existing file.
        self._tasks.run(title, save_bundle, self._session, Subject("case", self._case), path,
                        replace=True, on_done=self._saved)

    def _saved(self, path: Path) -> None:
        self._tasks.prompts.info(self._parent, self.tr("Evidence bundle"), self.tr(
            "The evidence bundle was saved to {path}. Anyone can check it, without Scellé's "
            "vault, with: scelle proof verify {name}").format(path=path, name=path.name))
