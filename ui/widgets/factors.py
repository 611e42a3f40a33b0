"""Second factors as the GUI shows them (names, icons), and the FIDO2 touch prompt's bridge.

The factor objects themselves are built by the core from what the user typed
(app/key_factors.py, the same code as the command line's); they do their device I/O on the
token thread when used, so building one on the GUI thread is cheap. PINs are captured in the
request and only read on the worker; they are dropped with the factor when the job ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from app.key_factors import FactorRequest, new_key_factor, unlock_factor
from app.unlock import FactorInput, SlotFactor

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


class TouchBridge(QObject):
    """Carries the FIDO2 "touch your key now" callback from the token thread to the GUI."""

    touchNeeded = Signal()

    #: Where keys are found (None: the USB HID devices); tests put an emulated key here.
    devices: Callable[[], Iterable[Any]] | None = None

    def request(self, kind: str, pin: str = "", **fields: Any) -> FactorRequest:
        """A request whose FIDO2 touch prompt reaches this GUI-thread object.

        on_touch runs on the token thread: emitting a signal of this GUI-thread object is
        queued to the GUI thread by Qt (AutoConnection across threads).
        """
        return FactorRequest(kind, pin=pin, on_touch=self.touchNeeded.emit,
                             fido2_devices=self.devices, **fields)

    def factor(self, pin: str = "") -> FactorInput:
        """A FIDO2 key to unlock with (or to rewrap its slot)."""
        return unlock_factor(self.request("fido2", pin))

    def new_key(self, pin: str = "") -> SlotFactor:
        """A FIDO2 key to enrol (a new vault, a new slot)."""
        return new_key_factor(self.request("fido2", pin))
