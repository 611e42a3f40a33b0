"""The user's preferences (QSettings), with the workstation policy applied on read.

Stored: vault folder, language, idle lock delay, clipboard clearing delay, PKCS#11 library
path, whether the notification-area icon is shown (off by default). Nothing secret and nothing about the vault's content is ever written here. Tests pass a
`QSettings` on a temporary INI file.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from app.policy import DEFAULT_CLIPBOARD_SECONDS, DEFAULT_IDLE_MINUTES, Policy


def default_vault_dir() -> Path:
    """`$XDG_DATA_HOME/scelle/vault`, else `~/.local/share/scelle/vault` (Windows: AppData)."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "Scelle" / "vault"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "scelle" / "vault"


class AppSettings:
    """Typed access to the preferences; getters apply the policy's limits."""

    def __init__(self, qsettings: QSettings | None = None, policy: Policy | None = None) -> None:
        self._q = qsettings if qsettings is not None else QSettings("Scelle", "Scelle")
        self.policy = policy if policy is not None else Policy()

    def _int(self, key: str, default: int) -> int:
        try:
            return int(self._q.value(key, default))
        except (TypeError, ValueError):
            return default

    # -- vault --------------------------------------------------------------------------------
    @property
    def vault_dir(self) -> Path:
        value = self._q.value("vault/path", "")
        return Path(str(value)) if value else default_vault_dir()

    @vault_dir.setter
    def vault_dir(self, path: Path) -> None:
        self._q.setValue("vault/path", str(path))

    @property
    def pkcs11_module(self) -> str:
        """The PKCS#11 library: imposed by the policy, else the user's, else empty (detect)."""
        if self.policy.pkcs11_module:
            return self.policy.pkcs11_module
        return str(self._q.value("tokens/pkcs11_module", "") or "")

    @pkcs11_module.setter
    def pkcs11_module(self, path: str) -> None:
        self._q.setValue("tokens/pkcs11_module", path)

    # -- language -----------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        """"fr", "en", or None (follow the environment). The policy's choice wins."""
        if self.policy.language:
            return self.policy.language
        value = self._q.value("ui/language", "")
        return str(value) if value in ("fr", "en") else None

    @language.setter
    def language(self, value: str | None) -> None:
        self._q.setValue("ui/language", value or "")

    # -- locking ------------------------------------------------------------------------------
    @property
    def idle_minutes_setting(self) -> int:
        """What the user chose (before the policy's maximum)."""
        return max(1, self._int("lock/idle_minutes", DEFAULT_IDLE_MINUTES))

    @property
    def idle_minutes(self) -> int:
        return self.policy.clamp_idle_minutes(self.idle_minutes_setting)

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self._q.setValue("lock/idle_minutes", int(minutes))

    @property
    def clipboard_seconds(self) -> int:
        return self.policy.clamp_clipboard_seconds(
            self._int("lock/clipboard_seconds", DEFAULT_CLIPBOARD_SECONDS))

    @clipboard_seconds.setter
    def clipboard_seconds(self, seconds: int) -> None:
        self._q.setValue("lock/clipboard_seconds", int(seconds))

    # -- notification area ----------------------------------------------------------------------
    @property
    def tray_icon(self) -> bool:
        """Show the locked/unlocked icon in the notification area (ui/tray.py); off by default."""
        return str(self._q.value("ui/tray_icon", "false")).lower() in ("true", "1")

    @tray_icon.setter
    def tray_icon(self, on: bool) -> None:
        self._q.setValue("ui/tray_icon", "true" if on else "false")

    def sync(self) -> None:
        self._q.sync()
