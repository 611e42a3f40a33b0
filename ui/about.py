"""About Scellé: versions of every component, and the algorithms protecting this vault."""

from __future__ import annotations

import html
import platform
from importlib import metadata
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.vault import VaultSession
from app.version import version as scelle_version
from ui.widgets.icons import icon, pixmap


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "?"


def sqlcipher_version() -> str:
    """SQLCipher's own version (an in-memory connection; nothing touches the disk)."""
    try:
        import sqlcipher3

        connection = sqlcipher3.connect(":memory:")
        try:
            row = connection.execute("PRAGMA cipher_version").fetchone()
        finally:
            connection.close()
        return str(row[0]) if row else "?"
    except Exception:  # noqa: BLE001 - a version string is not worth failing the dialog
        return "?"


def component_versions() -> list[tuple[str, str]]:
    return [
        ("Scellé", scelle_version()),  # the bundle's VERSION when frozen (app/version.py)
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        ("cryptography", _version("cryptography")),
        ("SQLCipher", sqlcipher_version()),
        ("python-pkcs11", _version("python-pkcs11")),
        ("fido2", _version("fido2")),
    ]


class AboutDialog(QDialog):
    def __init__(self, session: VaultSession | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Scellé"))
        self.setWindowIcon(icon("scelle"))
        seal = QLabel(self)
        seal.setPixmap(pixmap("scelle", 72))
        seal.setAlignment(Qt.AlignmentFlag.AlignTop)
        title = QLabel("Scellé", self)
        title.setObjectName("title")
        tagline = QLabel(self.tr("Encrypted vault and sealed files for professions bound by "
                                 "secrecy."), self)
        tagline.setWordWrap(True)
        self.versions = QLabel(self._table(component_versions()), self)
        self.versions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.algorithms = QLabel(self._algorithms(session), self)
        self.algorithms.setWordWrap(True)
        self.algorithms.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = QVBoxLayout()
        for widget in (title, tagline, self._heading(self.tr("Versions")), self.versions,
                       self._heading(self.tr("Protection of this vault")), self.algorithms):
            text.addWidget(widget)
        top = QHBoxLayout()
        top.addWidget(seal)
        top.addLayout(text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(f"<b>{html.escape(text)}</b>", self)
        label.setContentsMargins(0, 8, 0, 0)
        return label

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> str:
        cells = "".join(f'<tr><td>{html.escape(k)}</td><td style="padding-left:14px">'
                        f"{html.escape(v)}</td></tr>" for k, v in rows)
        return f'<table cellspacing="0" cellpadding="1">{cells}</table>'


    def _algorithms(self, session: VaultSession | None) -> str:
        rows: list[tuple[str, str]] = []
        if session is not None and not session.locked:
            rows.extend(self._kdf_rows(session))
            rows.append((self.tr("Recipients"), self._recipients(session)))
        rows += [
            (self.tr("Key slots, documents"), "ChaCha20-Poly1305, HKDF-SHA256"),
            (self.tr("Database"), self.tr("SQLCipher 4 (AES-256, HMAC-SHA512)")),
            (self.tr("Sealed files"), self.tr("age v1 (ChaCha20-Poly1305 STREAM), Ed25519 "
                                              "signature")),
        ]
        return self._table(rows)

    def _kdf_rows(self, session: VaultSession) -> list[tuple[str, str]]:
        costs = {(s.kdf.memory_kib, s.kdf.iterations, s.kdf.lanes) for s in session.header.slots}
        text = "; ".join(self.tr("Argon2id, %1 MiB, t = %2, p = %3").replace(
            "%1", str(m // 1024)).replace("%2", str(t)).replace("%3", str(p))
            for m, t, p in sorted(costs, reverse=True))
        return [(self.tr("Passphrase"), text)]

    def _recipients(self, session: VaultSession) -> str:
        card: Any = session.identity.card
        kinds = ["X25519"]
        if card.age_pq_recipient:
            kinds.append(self.tr("ML-KEM-768 + X25519 (post-quantum hybrid)"))
        return ", ".join(kinds)
