"""`JoinRelayDialog`: join the organisation's relay with the invitation code from its admin.

The relay's key id (given by the administrator, ideally by telephone or on paper) is compared
with the key the relay presents *before anything is sent*. A certificate file (internal CA) or
the SHA-256 of the relay's certificate, and a proxy, are optional. The workstation policy may
restrict which relays are allowed and impose the proxy: the core refuses the rest
(`PolicyRefusal`, before any connection); this dialog shows the imposed proxy and refuses ahead
of time with the same message. The join runs as a background job.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.policy import Policy, PolicyRefusal, workstation_policy
from app.relay_client import ConnectionOptions, Membership, RelayService
from app.vault import VaultSession
from ui.common.prompts import Prompts
from ui.common.widgets import Banner, PlainLabel
from ui.relay.errors import relay_error_text
from ui.widgets.progress import ProgressPanel
from ui.workers import JobHandle, JobQueue, plain


def _hex(text: str) -> str:
    return "".join(text.split()).replace(":", "").lower()


class JoinRelayDialog(QDialog):
    """`joined` is emitted with the `Membership` once the relay accepted the enrolment."""

    joined = Signal(object)

    def __init__(self, session: VaultSession, jobs: JobQueue, parent: QWidget | None = None,
                 *, service: RelayService | None = None, prompts: Prompts | None = None,
                 policy: Policy | None = None) -> None:
        super().__init__(parent)
        self.service = service or RelayService(session)
        self._jobs = jobs
        self._prompts = prompts or Prompts(self)
        self._policy = policy if policy is not None else workstation_policy()
        self._job: JobHandle | None = None
        self.membership: Membership | None = None
        self.setWindowTitle(self.tr("Join a relay"))
        self.resize(620, 460)
        self._build()

    def _build(self) -> None:
        self.banner = Banner(self)
        intro = PlainLabel(self.tr(
            "Your organisation's administrator gives you the relay's address, an invitation "
            "code and the relay's key id. Compare the key id with them by telephone or on "
            "paper: Scellé checks it before sending anything."), self, selectable=False)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://relais.example.org")
        self.url.setAccessibleName(self.tr("Relay address"))
        self.code = QLineEdit(self)
        self.code.setAccessibleName(self.tr("Invitation code"))
        self.key_id = QLineEdit(self)
        self.key_id.setAccessibleName(self.tr("Relay key id"))
        self.key_id.setPlaceholderText(self.tr("as given by the administrator"))
        form = QFormLayout()
        form.addRow(self.tr("Relay &address:"), self.url)
        form.addRow(self.tr("Invitation &code:"), self.code)
        form.addRow(self.tr("Relay &key id:"), self.key_id)
        self.progress = ProgressPanel(self, cancellable=False)
        self.progress.hide()
        self.buttons = QDialogButtonBox(self)
        self.join_button = QPushButton(self.tr("&Join"), self)
        self.join_button.setDefault(True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.join_button.clicked.connect(self.start_join)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self._connection_box())
        layout.addStretch(1)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    def _connection_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Connection (only if your administrator asks)"), self)
        self.ca_file = QLineEdit(box)
        self.ca_file.setAccessibleName(self.tr("Certificate authority file"))
        self.browse_button = QPushButton(self.tr("C&hoose…"), box)
        self.browse_button.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(self.browse_button)
        self.pin = QLineEdit(box)
        self.pin.setAccessibleName(self.tr("SHA-256 of the relay's certificate"))
        self.proxy = QLineEdit(box)
        self.proxy.setPlaceholderText("http://proxy.example.org:3128")
        self.proxy.setAccessibleName(self.tr("Proxy"))
        self.no_env_proxy = QCheckBox(self.tr("Ignore the system's proxy settings"), box)
        # The core refuses http:// beyond this computer unless this is ticked (app/relay_client).
        self.plain_http = QCheckBox(self.tr("Allow an unencrypted http:// address (INSECURE: "
                                            "test networks only)"), box)
        if self._policy.proxy:
            self.proxy.setText(self._policy.proxy)
            self.proxy.setReadOnly(True)
            self.proxy.setToolTip(self.tr("Imposed by your administrator"))
        form = QFormLayout(box)
        # A row holding a layout gets no buddy: name the field, or Qt shows the '&' itself.
        ca_label = QLabel(self.tr("Certificate &file (CA):"), box)
        ca_label.setBuddy(self.ca_file)
        form.addRow(ca_label, ca_row)
        form.addRow(self.tr("Certificate &SHA-256:"), self.pin)
        form.addRow(self.tr("&Proxy:"), self.proxy)
        form.addRow(self.no_env_proxy)
        form.addRow(self.plain_http)
        return box

    def _choose_ca(self) -> None:
        paths = self._prompts.open_paths(self, self.tr("Certificate authority file"),
                                         self.tr("Certificates (*.pem *.crt *.cer)"))
        if paths:
            self.ca_file.setText(str(paths[0]))

    # -- checking and joining -----------------------------------------------------------------
    def problem(self) -> tuple[str, QWidget] | None:
        url = self.url.text().strip()
        if not url:
            return self.tr("Enter the relay's address."), self.url
        try:
            self._policy.require_relay_allowed(url)
        except PolicyRefusal as exc:
            return str(exc), self.url
        if not self.code.text().strip():
            return self.tr("Enter the invitation code."), self.code
        key_id = _hex(self.key_id.text())
        if not key_id:
            return self.tr("Enter the relay's key id given by the administrator: it is how "
                           "Scellé knows it talks to the real relay."), self.key_id
        if any(c not in "0123456789abcdef" for c in key_id):
            return self.tr("The key id is made of the digits 0-9 and letters a-f."), self.key_id
        pin = _hex(self.pin.text())
        if pin and (len(pin) != 64 or any(c not in "0123456789abcdef" for c in pin)):
            return self.tr("A certificate SHA-256 is 64 hexadecimal characters."), self.pin
        ca = self.ca_file.text().strip()
        if ca and not Path(ca).expanduser().is_file():
            return self.tr("The certificate file does not exist."), self.ca_file
        try:
            self._policy.relay_proxy(self.proxy.text().strip() or None)
        except PolicyRefusal as exc:
            return str(exc), self.proxy
        return None

    def options(self) -> ConnectionOptions:
        ca = self.ca_file.text().strip()
        return ConnectionOptions(ca_file=str(Path(ca).expanduser()) if ca else None,
                                 pin_sha256=_hex(self.pin.text()) or None,
                                 proxy=self.proxy.text().strip() or None,
                                 use_env_proxy=not self.no_env_proxy.isChecked())

    def start_join(self) -> JobHandle | None:
        if self._job is not None:
            return None
        problem = self.problem()
        if problem is not None:
            self.banner.show_message("warning", problem[0])
            problem[1].setFocus()
            return None
        self.banner.clear()
        self._job = self._jobs.submit(
            plain(self.service.join), self.url.text().strip(), self.code.text().strip(),
            relay_key_id=_hex(self.key_id.text()), options=self.options(),
            allow_plain_http=self.plain_http.isChecked(),
            on_done=self._joined, on_error=self._failed)
        self._job.finished.connect(self._over)
        self.progress.watch(self._job, self.tr("Contacting the relay…"))
        self.join_button.setEnabled(False)
        return self._job

    def _over(self) -> None:
        self._job = None
        self.join_button.setEnabled(self.membership is None)

    def _joined(self, membership: Membership) -> None:
        self.membership = membership
        if membership.status == "certified":
            text = self.tr("Joined: your card is certified by your organisation. You can "
                           "send and receive through the relay.")
        else:
            text = self.tr("Joined. Your organisation's administrator must now certify your "
                           "card; Scellé notices it at the next synchronisation.")
        self.banner.show_message("success", text)
        self.join_button.hide()
        self.close_button.setFocus()
        self.joined.emit(membership)

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message("danger", relay_error_text(exc))

    @property
    def busy(self) -> bool:
        return self._job is not None
