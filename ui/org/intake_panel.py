"""`IntakePanel`: the organisation's intake points (a tab of the Organisation window,
ui/org/window.py; app/org/intake.py does the work).

The points are a table (model/view): name, title, state, version, readers, limits. The chosen
point's organisation key fingerprint and page address (with the key in its `#cle=` fragment)
are shown in read-only fields and copied with a button each, for the organisation to publish
them elsewhere (its website, letterhead, reception desk). Publish… (a new point, or the chosen
one again), Withdraw… (asked first). Every request runs on a worker with the window's signer;
members left out are named in the banner, to the admin only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.org.intake import IntakePoint, IntakeRefused, LeftOut, Publication
from app.org.signer import OrgSigner
from app.vault import VaultSession
from ui.common.widgets import Banner, KeyTable
from ui.org import intake_jobs
from ui.org.intake_dialog import PublishIntakeDialog
from ui.org.intake_model import IntakePointsModel, left_out_text
from ui.workers import JobQueue, error_message, plain


def panel_title() -> str:
    return QCoreApplication.translate("IntakePanel", "Intake &point")


class IntakePanel(QWidget):
    """`loaded` after every reload (tests wait for it)."""

    loaded = Signal()

    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 signer_now: Callable[[], OrgSigner | None], parent: QWidget | None = None,
                 *, confirm: Callable[[QWidget, str], bool] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.jobs = jobs_queue
        self.signer_now = signer_now
        self.confirm = confirm or _ask
        self.snapshot: intake_jobs.IntakeSnapshot | None = None
        self.dialog: QDialog | None = None  # the dialog opened last (tests drive it)
        self._build()

    def _build(self) -> None:
        self.banner = Banner(self)
        self.model = IntakePointsModel(self)
        self.view = KeyTable(self)
        self.view.setAccessibleName(self.tr("Intake points"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.key_edit = QLineEdit(self)
        self.address_edit = QLineEdit(self)
        form = QFormLayout()
        for text, field in ((self.tr("Organisation key finge&rprint:"), self.key_edit),
                            (self.tr("Page a&ddress to publish:"), self.address_edit)):
            field.setReadOnly(True)  # selectable and copyable, never edited
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (("reload", self.tr("Re&load"), self.reload),
                                ("publish", self.tr("P&ublish…"), self.open_publish),
                                ("withdraw", self.tr("&Withdraw…"), self.withdraw),
                                ("copy_address", self.tr("Copy the addr&ess"),
                                 self.copy_address),
                                ("copy_key", self.tr("Copy the fingerprin&t"),
                                 self.copy_key)):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self._selection_changed()

    # -- state --------------------------------------------------------------------------------
    def selected(self) -> IntakePoint | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        point = self.selected()
        self.key_edit.setText(point.key_fingerprint if point else "")
        self.address_edit.setText(point.address if point else "")
        self.buttons["publish"].setEnabled(self.snapshot is not None)
        self.buttons["withdraw"].setEnabled(point is not None and point.withdrawn is None)
        for key in ("copy_address", "copy_key"):
            self.buttons[key].setEnabled(point is not None)

    # -- requests -----------------------------------------------------------------------------
    def reload(self) -> None:
        signer = self.signer_now()
        if signer is None:
            return
        self.jobs.submit(plain(intake_jobs.load), self.session, signer, on_done=self._loaded,
                         on_error=self._failed)

    def _loaded(self, snapshot: intake_jobs.IntakeSnapshot) -> None:
        chosen = self.selected()
        self.snapshot = snapshot
        self.model.set_rows(snapshot.points)
        names = [p.name for p in snapshot.points]
        if names:
            self.view.selectRow(names.index(chosen.name) if chosen and chosen.name in names
                                else 0)
        self._selection_changed()
        if not snapshot.groups:
            self.banner.show_message("info", self.tr(
                "Make a duty group of the members who will read the requests first (Duty "
                "groups tab): an intake point is published for a group."))
        self.loaded.emit()

    def open_publish(self) -> QDialog | None:
        signer = self.signer_now()
        if signer is None or self.snapshot is None:
            return None
        dialog = PublishIntakeDialog(self.snapshot.groups, self.selected(), self)
        dialog.accepted.connect(lambda: self.jobs.submit(
            plain(intake_jobs.publish), self.session, signer, dialog.request(),
            on_done=self._published, on_error=self._failed))
        dialog.open()
        self.dialog = dialog
        return dialog

    def _published(self, done: Publication) -> None:
        document = done.point.document
        text = self.tr("Intake point %1 published (version %2). Publish its address and key "
                       "fingerprint on your website.").replace("%1", document.name).replace(
            "%2", str(document.version))
        self.banner.show_message("warning" if done.left_out else "success",
                                 text + self._left_out(done.left_out))
        self.reload()

    def withdraw(self) -> None:
        point, signer = self.selected(), self.signer_now()
        if point is None or signer is None:
            return
        question = self.tr("Withdraw the intake point %1? Its page will take no more "
                           "requests; those already made stay with their readers.").replace(
            "%1", point.name)
        if not self.confirm(self, question):
            return
        self.jobs.submit(plain(intake_jobs.withdraw), self.session, signer, point.name,
                         on_done=self._withdrawn, on_error=self._failed)

    def _withdrawn(self, point: IntakePoint) -> None:
        self.banner.show_message("success", self.tr("Intake point %1 withdrawn.").replace(
            "%1", point.name))
        self.reload()

    def copy_address(self) -> None:
        self._copy(self.address_edit.text(), self.tr("Page address copied."))

    def copy_key(self) -> None:
        self._copy(self.key_edit.text(), self.tr("Key fingerprint copied."))

    def _copy(self, text: str, done: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self.banner.show_message("success", done)

    def _left_out(self, left_out: tuple[LeftOut, ...]) -> str:
        if not left_out:
            return ""
        return " " + self.tr("Left out: %1.").replace(
            "%1", "; ".join(left_out_text(m) for m in left_out))

    def _failed(self, exc: BaseException) -> None:
        extra = self._left_out(exc.left_out) if isinstance(exc, IntakeRefused) else ""
        self.banner.show_message("danger", error_message(exc) + extra)


def _ask(parent: QWidget, question: str) -> bool:
    answer = QMessageBox.question(parent, QCoreApplication.translate("IntakePanel",
                                                                     "Withdraw"), question)
    return answer == QMessageBox.StandardButton.Yes
