"""`BrokerageWindow`: the broker's portfolio (app/brokerage/): contracts and the instalments of
a period with their state, and the month's work — import a portfolio from CSV, make the
schedule, file the notices and receipts in the clients' cases, write the direct-debit and
transfer files, import a bank statement. Every step runs on the job queue (ui/workers.py) and
reports in the banner; a refusal of the core is shown as its sentence.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.vault import VaultSession
from ui.brokerage import jobs
from ui.brokerage.models import ContractsModel, InstalmentsModel, money
from ui.brokerage.prompts import BrokeragePrompts
from ui.brokerage.statements import StatementsModel, import_received, summary
from ui.brokerage.statements import load as load_statements
from ui.common.widgets import Banner, KeyTable
from ui.workers import JobQueue, error_message


def _table(parent: QWidget, name: str, model: Any) -> KeyTable:
    view = KeyTable(parent)
    view.setAccessibleName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _date_edit(parent: QWidget, day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day), parent)
    edit.setCalendarPopup(True)
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class BrokerageWindow(QDialog):
    """Non-modal. `loaded` follows every reload; `finished_job` every step done or refused."""

    loaded = Signal()
    finished_job = Signal()

    def __init__(self, session: VaultSession, jobs_queue: JobQueue,
                 parent: QWidget | None = None, *, prompts: BrokeragePrompts | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.jobs = jobs_queue
        self.prompts = prompts or BrokeragePrompts(self)
        self.today = today or date.today()  # the core's "not in the past" rules use it
        self.setWindowTitle(self.tr("Brokerage"))
        self.resize(1100, 640)
        self._build()
        self.reload()

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.banner = Banner(self)
        layout.addWidget(self.banner)
        layout.addLayout(self._period())
        self.contracts = ContractsModel(self)
        self.instalments = InstalmentsModel(self)
        self.tabs = QTabWidget(self)
        self.contracts_view = _table(self, self.tr("Contracts"), self.contracts)
        self.instalments_view = _table(self, self.tr("Instalments"), self.instalments)
        self.tabs.addTab(self.instalments_view, self.tr("&Instalments"))
        self.tabs.addTab(self.contracts_view, self.tr("&Contracts"))
        self.statements = StatementsModel(self)
        self.statements_view = _table(self, self.tr("Insurer statements"), self.statements)
        self.tabs.addTab(self.statements_view, self.tr("Insurer state&ments"))
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._buttons())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)

    def _period(self) -> QGridLayout:
        first = self.today.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        self.start_edit = _date_edit(self, first)
        self.end_edit = _date_edit(self, last)
        self.collection_edit = _date_edit(self, self.today + timedelta(days=2))
        grid = QGridLayout()
        for column, (text, edit) in enumerate(((self.tr("&From"), self.start_edit),
                                               (self.tr("&To"), self.end_edit),
                                               (self.tr("Collection or e&xecution date"),
                                                self.collection_edit))):
            label = QLabel(text, self)
            label.setBuddy(edit)
            grid.addWidget(label, 0, 2 * column)
            grid.addWidget(edit, 0, 2 * column + 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.clicked.connect(self.reload)
        grid.addWidget(self.refresh_button, 0, 6)
        grid.setColumnStretch(7, 1)
        return grid

    def _buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        portfolio = (
            ("import", self.tr("Import a &portfolio (CSV)…"), self.import_csv),
            ("schedule", self.tr("Make the &schedule"), self.make_schedule),
            ("notices", self.tr("&Notices"), lambda: self.file_notices(receipts=False)),
            ("receipts", self.tr("Rec&eipts"), lambda: self.file_notices(receipts=True)))
        money = (
            ("debit", self.tr("&Direct-debit file…"), self.debit_file),
            ("transfer", self.tr("Tr&ansfer file…"), self.transfer_file),
            ("bank", self.tr("&Bank file…"), self.bank_file),
            ("statement", self.tr("Ins&urer statement…"), self.insurer_statement),
            ("received", self.tr("Statements from the rela&y"), self.import_received),
            ("accounting", self.tr("Acc&ounting (FEC)…"), self.accounting))
        for group in (portfolio, money):
            row = QHBoxLayout()
            for key, text, slot in group:
                button = QPushButton(text, self)
                button.setAutoDefault(False)
                button.clicked.connect(slot)
                row.addWidget(button)
                self.buttons[key] = button
            row.addStretch(1)
            rows.addLayout(row)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        row.addWidget(close)
        return rows

    # -- running ------------------------------------------------------------------------------
    def _run(self, fn: Any, *args: Any, done: Any) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)

        def succeeded(result: Any) -> None:
            self._idle()
            done(result)
            self.reload()

        def failed(exc: BaseException) -> None:
            self._idle()
            self.banner.show_message("danger", error_message(exc))

        self.jobs.submit(fn, self.session, *args, on_done=succeeded, on_error=failed)

    def _idle(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(True)
        self.finished_job.emit()

    def reload(self) -> None:
        def shown(result: Any) -> None:
            contracts, instalments = result
            self.contracts.set_rows(contracts)
            self.instalments.set_rows(instalments)
            self.loaded.emit()

        self.jobs.submit(jobs.load, self.session, _day(self.start_edit), _day(self.end_edit),
                         on_done=shown,
                         on_error=lambda e: self.banner.show_message("danger", error_message(e)))
        self.jobs.submit(load_statements, self.session, on_done=self.statements.set_rows,
                         on_error=lambda e: self.banner.show_message("danger", error_message(e)))

    def import_received(self) -> None:
        """Import the insurers' statements the relay synchronisation received."""
        def shown(outcomes: Any) -> None:
            self.banner.show_message(*summary(outcomes))
            self.tabs.setCurrentWidget(self.statements_view)

        self._run(import_received, done=shown)

    # -- the month's steps --------------------------------------------------------------------
    def import_csv(self, path: Path | None = None) -> None:
        path = path or self.prompts.open_file(self, self.tr("Portfolio to import"),
                                              self.tr("CSV files (*.csv);;All files (*)"))
        if path is not None:
            self._run(jobs.import_csv, path, self.today, done=self._imported)

    def _imported(self, report: Any) -> None:
        text = self.tr("%1 contract(s) imported, %2 row(s) refused.").replace(
            "%1", str(report.imported)).replace("%2", str(len(report.rejected)))
        lines = [self.tr("Line %1: %2").replace("%1", str(r.line)).replace("%2", r.reason)
                 for r in report.rejected[:20]]
        self.banner.show_message("warning" if report.rejected else "success",
                                 "\n".join([text, *lines]))

    def make_schedule(self) -> None:
        self._run(jobs.make_schedule, _day(self.start_edit), _day(self.end_edit),
                  done=lambda s: self.banner.show_message("success", self.tr(
                      "%1 instalment(s) in the period, %2 in all (%3 newly recorded).").replace(
                      "%1", str(len(s.instalments))).replace("%2", money(s.total_cents))
                      .replace("%3", str(s.new))))

    def file_notices(self, *, receipts: bool) -> None:
        text = self.tr("%1 receipt(s) filed in the clients' cases.") if receipts else \
            self.tr("%1 notice(s) filed in the clients' cases.")
        self._run(jobs.notices, _day(self.start_edit), _day(self.end_edit), receipts,
                  done=lambda issued: self.banner.show_message(
                      "success", text.replace("%1", str(len(issued)))))

    def _saved(self, result: Any) -> None:
        self.banner.show_message("success", self.tr(
            "%1 written: %2 transaction(s), %3, checked against the ISO 20022 schema.").replace(
            "%1", result.path.name).replace("%2", str(result.transactions)).replace(
            "%3", money(result.total_cents)))

    def debit_file(self, target: Path | None = None) -> None:
        target = target or self.prompts.save_file(
            self, self.tr("Direct-debit file"), "prelevements.xml",
            self.tr("SEPA files (*.xml)"))
        if target is not None:
            self._run(jobs.debit_file, _day(self.collection_edit), target, self.today,
                      done=self._saved)

    def transfer_file(self, target: Path | None = None) -> None:
        target = target or self.prompts.save_file(
            self, self.tr("Transfer file"), "virements.xml", self.tr("SEPA files (*.xml)"))
        if target is not None:
            self._run(jobs.transfer_file, _day(self.collection_edit), target, self.today,
                      done=self._saved)

    def bank_file(self, path: Path | None = None) -> None:
        path = path or self.prompts.open_file(
            self, self.tr("Bank statement or reject file"),
            self.tr("Bank files (*.xml);;All files (*)"))
        if path is not None:
            self._run(jobs.bank_file, path, self.today, done=self._bank_done)

    def _bank_done(self, report: Any) -> None:
        text = self.tr("%1 paid, %2 rejected, %3 not matched.").replace(
            "%1", str(len(report.paid))).replace("%2", str(len(report.rejected))).replace(
            "%3", str(len(report.unmatched)))
        self.banner.show_message("warning" if report.rejected or report.unmatched
                                 else "success", text)

    def insurer_statement(self, path: Path | None = None) -> None:
        path = path or self.prompts.open_file(
            self, self.tr("Insurer's statement"), self.tr("Statements (*.json);;All files (*)"))
        if path is not None:
            self._run(jobs.statement, path, done=lambda r: self.banner.show_message(
                "warning" if r.unknown or r.differences else "success",
                self.tr("%1 line(s) matched, %2 unknown, %3 difference(s).").replace(
                    "%1", str(r.matched)).replace("%2", str(len(r.unknown))).replace(
                    "%3", str(len(r.differences)))))

    def accounting(self, target: Path | None = None) -> None:
        target = target or self.prompts.save_file(
            self, self.tr("Accounting export (FEC)"), "FEC.txt", self.tr("FEC files (*.txt)"))
        if target is not None:
            self._run(jobs.accounting, _day(self.start_edit), _day(self.end_edit), target,
                      done=lambda n: self.banner.show_message("success", self.tr(
                          "%1 written: %2 balanced entries.").replace(
                          "%1", target.name).replace("%2", str(n))))
