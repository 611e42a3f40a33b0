"""Choosing a PKCS#11 token and one of its certificates (wizard and "add a token" dialog).

The token list is refreshed every two seconds while the picker is visible, so plugging a token
in makes it appear; each refresh is a job on the worker pool which calls
`Pkcs11Module.list_tokens()` (itself run on the token thread), never the GUI thread. A refresh
is skipped while the previous one is still running. Certificates need the PIN (their private
keys are read to know what they can do), so they are listed when the user asks, with the PIN.
Which tokens and certificates are offered, and the library used, are the core's decisions
(app/key_factors.py: `usable_tokens`, `eligible_certificates`, `pkcs11_module`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.key_factors import (
    DEFAULT_MODULE_PATHS,
    CertificateInfo,
    FactorRequest,
    TokenInfo,
    eligible_certificates,
    new_key_factor,
    pkcs11_module,
    usable_tokens,
)
from app.unlock import SlotFactor
from ui.widgets.unlock_messages import unlock_error_message
from ui.widgets.icons import icon
from ui.widgets.passphrase import SecretLineEdit
from ui.workers import JobHandle, JobQueue, plain

_Index = QModelIndex | QPersistentModelIndex
POLL_MS = 2000


class _ListModel(QAbstractListModel):
    """A read-only list of (text, payload) rows."""

    def __init__(self, icon_name: str, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, Any]] = []
        self._icon = icon(icon_name)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        text, payload = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon
        if role == Qt.ItemDataRole.UserRole:
            return payload
        return None

    def set_rows(self, rows: list[tuple[str, Any]]) -> bool:
        """Replace the rows; returns False (and keeps the selection) when nothing changed."""
        if rows == self._rows:
            return False
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return True

    def payload(self, row: int) -> Any:
        return self._rows[row][1]


def _token_text(info: TokenInfo) -> str:
    detail = " ".join(p for p in (info.manufacturer, info.model) if p)
    serial = f" — n° {info.serial}" if info.serial else ""
    return f"{info.label}{serial}" + (f" ({detail})" if detail else "")


def _cert_text(cert: CertificateInfo) -> str:
    until = cert.not_after.strftime("%d/%m/%Y")
    return f"{cert.subject} — {cert.key_type} {cert.key_size} — {until}"


class TokenPicker(QWidget):
    """Middleware path, token list, PIN, certificate list. `changed` when a pick changes."""

    changed = Signal()

    def __init__(self, jobs: JobQueue, module_path: str = "", module_locked: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._poll: JobHandle | None = None
        self._certs_job: JobHandle | None = None
        self.tokens = _ListModel("token", self)
        self.certificates = _ListModel("key", self)
        self._build(module_path, module_locked)
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.refresh)

    def _build(self, module_path: str, module_locked: bool) -> None:
        self.module = QComboBox(self)
        self.module.setEditable(True)
        self.module.setAccessibleName(self.tr("PKCS#11 library"))
        paths = [module_path] if module_path else []
        paths += [p for p in DEFAULT_MODULE_PATHS if p != module_path and _exists(p)]
        self.module.addItems(paths)
        self.module.setEnabled(not module_locked)
        self.module.currentTextChanged.connect(self._module_changed)
        browse = QPushButton(icon("folder"), self.tr("Bro&wse…"), self)
        browse.setEnabled(not module_locked)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.module, 1)
        row.addWidget(browse)
        self.token_view = QListView(self)
        self.token_view.setModel(self.tokens)
        self.token_view.setAccessibleName(self.tr("Security tokens plugged in"))
        self.token_view.setMaximumHeight(110)
        self.token_view.selectionModel().currentChanged.connect(self._token_changed)
        self.status = QLabel(self.tr("Looking for tokens…"), self)
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.pin = SecretLineEdit(self)
        self.pin.setAccessibleName(self.tr("Token PIN"))
        self.pin.returnPressed.connect(self.list_certificates)
        self.pin.textChanged.connect(self.changed)
        self.show_certs = QPushButton(self.tr("&Show the certificates"), self)
        self.show_certs.clicked.connect(self.list_certificates)
        pin_row = QHBoxLayout()
        pin_row.addWidget(self.pin, 1)
        pin_row.addWidget(self.show_certs)
        self.cert_view = QListView(self)
        self.cert_view.setModel(self.certificates)
        self.cert_view.setAccessibleName(self.tr("Certificates on the token"))
        self.cert_view.setMaximumHeight(110)
        self.cert_view.selectionModel().currentChanged.connect(lambda *_: self.changed.emit())
        form = QFormLayout()
        form.addRow(self._buddy(self.tr("&Library:"), self.module), row)
        form.addRow(self._buddy(self.tr("&Token:"), self.token_view), self.token_view)
        form.addRow("", self.status)
        form.addRow(self._buddy(self.tr("P&IN:"), self.pin), pin_row)
        form.addRow(self._buddy(self.tr("&Certificate:"), self.cert_view), self.cert_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)  # extra height goes below the form, not into the status line

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(widget)
        return label

    # -- polling ------------------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()
        super().hideEvent(event)

    @property
    def module_path(self) -> str:
        return self.module.currentText().strip()

    def refresh(self) -> None:
        if self._poll is not None:
            return  # the previous listing is still running (a slow middleware)
        try:
            module = pkcs11_module(self.module_path)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self._show_status(unlock_error_message(exc))
            return
        self._poll = self._jobs.submit(plain(usable_tokens), module,
                                       on_done=self._tokens_listed, on_error=self._list_failed)
        self._poll.finished.connect(self._poll_over)

    def _poll_over(self) -> None:
        self._poll = None

    def _tokens_listed(self, infos: list[TokenInfo]) -> None:
        rows = [(_token_text(i), i) for i in infos]
        current = self.selected_token()
        if self.tokens.set_rows(rows):
            self._reselect(current)
        self._show_status(self.tr("Plug in your smart card or USB token.") if not rows else "")

    def _reselect(self, previous: TokenInfo | None) -> None:
        for row in range(self.tokens.rowCount()):
            info = self.tokens.payload(row)
            if previous is not None and info.selector() == previous.selector():
                self.token_view.setCurrentIndex(self.tokens.index(row))
                return
        if self.tokens.rowCount() == 1:
            self.token_view.setCurrentIndex(self.tokens.index(0))
        elif previous is not None:
            self._token_changed()

    def _list_failed(self, exc: BaseException) -> None:
        self.tokens.set_rows([])
        self._show_status(unlock_error_message(exc))

    def _show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _module_changed(self) -> None:
        self.tokens.set_rows([])
        self.certificates.set_rows([])
        self.refresh()
        self.changed.emit()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("PKCS#11 library"), "/usr/lib",
                                              self.tr("Libraries (*.so *.dylib *.dll)"))
        if path:
            self.module.setEditText(path)

    # -- certificates -------------------------------------------------------------------------
    def _token_changed(self, *args: Any) -> None:
        self.certificates.set_rows([])
        self.changed.emit()

    def selected_token(self) -> TokenInfo | None:
        index = self.token_view.currentIndex()
        return self.tokens.payload(index.row()) if index.isValid() else None

    def selected_certificate(self) -> CertificateInfo | None:
        index = self.cert_view.currentIndex()
        return self.certificates.payload(index.row()) if index.isValid() else None

    def list_certificates(self) -> None:
        token = self.selected_token()
        if token is None or not self.pin.text() or self._certs_job is not None:
            return
        try:
            module = pkcs11_module(self.module_path)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self._show_status(unlock_error_message(exc))
            return
        self.show_certs.setEnabled(False)
        self._certs_job = self._jobs.submit(
            plain(eligible_certificates), module, token.selector(), self.pin.text(),
            on_done=self._certs_listed, on_error=self._certs_failed)
        self._certs_job.finished.connect(self._certs_over)

    def _certs_over(self) -> None:
        self._certs_job = None
        self.show_certs.setEnabled(True)

    def _certs_listed(self, certs: list[CertificateInfo]) -> None:
        usable = [(_cert_text(c), c) for c in certs]
        self.certificates.set_rows(usable)
        if len(usable) == 1:
            self.cert_view.setCurrentIndex(self.certificates.index(0))
        self._show_status("" if usable else self.tr(
            "No certificate on this token has a key Scellé can use."))
        self.changed.emit()

    def _certs_failed(self, exc: BaseException) -> None:
        self.pin.clear_secret()
        self._show_status(unlock_error_message(exc))
        self.changed.emit()

    # -- result -------------------------------------------------------------------------------
    def complete(self) -> bool:
        return (self.selected_token() is not None and self.selected_certificate() is not None
                and bool(self.pin.text()))

    def factor(self) -> SlotFactor:
        """The key to enrol (PolicyRefusal / Pkcs11ModuleError for a refused library)."""
        token, cert = self.selected_token(), self.selected_certificate()
        assert token is not None and cert is not None
        return new_key_factor(FactorRequest("pkcs11", pin=self.pin.text(),
                                            module_path=self.module_path,
                                            token=token.selector(), key_id=cert.key_id))

    def description(self) -> str:
        token = self.selected_token()
        return token.label if token is not None else ""


def _exists(path: str) -> bool:
    import os

    return os.path.exists(path)
