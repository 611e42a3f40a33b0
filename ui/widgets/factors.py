"""Building second-factor objects from what the user typed, and their names for display.

The factor objects (`crypto.factors`) do their device I/O on the token thread; they are built
on the GUI thread (cheap: nothing is loaded until used) and handed to a worker job. PINs are
captured in the provider closure and only read on the worker; the closure is dropped with the
factor when the job ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from crypto.factors.fido2_factor import Fido2Factor, UvPolicy
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from crypto.factors.pkcs11_token import Pkcs11Module, TokenSelector

KIND_NAMES = {
    "pkcs11": QT_TRANSLATE_NOOP("Factors", "Smart card or USB token (PKCS#11)"),
    "fido2": QT_TRANSLATE_NOOP("Factors", "FIDO2 security key"),
    "totp": QT_TRANSLATE_NOOP("Factors", "Authenticator app (TOTP code)"),
    "recovery": QT_TRANSLATE_NOOP("Factors", "Recovery code"),
}
KIND_ICONS = {"pkcs11": "token", "fido2": "fido", "totp": "totp", "recovery": "recovery"}


def kind_name(kind: str) -> str:
    text = KIND_NAMES.get(kind)
    return QCoreApplication.translate("Factors", text) if text else kind


def pkcs11_module(path: str) -> Pkcs11Module:
    """The module at `path`, or the first installed middleware found (Pkcs11ModuleError)."""
    return Pkcs11Module(path) if path else Pkcs11Module.default()


def pkcs11_factor(module: Pkcs11Module, pin: str, selector: TokenSelector | None = None,
                  key_id: bytes | None = None) -> Pkcs11Factor:
    """A token factor; with `selector`/`key_id` it can enrol, without it can unlock."""
    selection = KeySelection(selector, key_id) if selector is not None and key_id else None
    return Pkcs11Factor(module, lambda: pin or None, selection)


class TouchBridge(QObject):
    """Carries the FIDO2 "touch your key now" callback from the token thread to the GUI."""

    touchNeeded = Signal()

    #: Where keys are found (None: the USB HID devices); tests put an emulated key here.
    devices: Callable[[], list[Any]] | None = None

    def factor(self, pin: str = "") -> Fido2Factor:
        # on_touch runs on the token thread: emitting a signal of this GUI-thread object is
        # queued to the GUI thread by Qt (AutoConnection across threads).
        extra: dict[str, Any] = {"devices": self.devices} if self.devices is not None else {}
        return Fido2Factor(pin=lambda: pin or None, uv=UvPolicy.PREFERRED,
                           on_touch=self.touchNeeded.emit, **extra)
