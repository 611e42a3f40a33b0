"""The unlock window in French: a fixed size, centred on its screen, that holds its longest
progress text and error without clipping them or growing; every error says what to do next."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from app.key_factors import (
    Fido2DeviceNotFoundError,
    Fido2MultipleDevicesError,
    Fido2PinBlockedError,
    Fido2PinRequiredError,
    Fido2TouchTimeoutError,
    Fido2WrongCredentialError,
    Fido2WrongPinError,
    PinEntryCancelledError,
    PinLockedError,
    PinTries,
    Pkcs11ModuleError,
    TokenNotFoundError,
    WrongPinError,
)
from app.policy import Policy
from app.unlock import (
    DeviceShareMissingError,
    InvalidRecoveryCode,
    KeyringUnavailableError,
    TotpRejected,
    TotpRejectReason,
    WrongPassphraseError,
    WrongRecoveryCodeError,
)
from app.vault import describe_vault
from tests.ui.french_checks import french  # noqa: F401  (fixture)
from ui.unlock import placement
from ui.unlock.window import UnlockWindow
from ui.widgets.unlock_messages import unlock_error_message

LONG_PROGRESS = ("Déverrouillage : dérivation de la clé à partir de votre phrase de passe, puis "
                 "interrogation de votre support de sécurité ; cela peut prendre quelques "
                 "secondes sur un ordinateur ancien, la fenêtre reste utilisable pendant ce temps.")

# A French imperative (or "réessayez"/"attendez") tells the user what to do next.
NEXT_STEP = re.compile(r"\b(retapez|tapez|saisissez|vérifiez|insérez|branchez|débranchez|"
                       r"attendez|utilisez|cliquez|réessayez|débloquez|installez|adressez-vous|"
                       r"fermez|assurez-vous|déverrouillez|gardez)\b", re.IGNORECASE)

ERRORS = [
    WrongPassphraseError("Wrong passphrase"),
    WrongPassphraseError("Wrong passphrase or wrong key"),
    WrongPinError("Étude", PinTries.UNKNOWN),
    WrongPinError("Étude", PinTries.COUNT_LOW),
    WrongPinError("Étude", PinTries.FINAL_TRY),
    WrongPinError("Étude", PinTries.LOCKED),
    PinLockedError("Étude"),
    TokenNotFoundError("Étude", None),
    TotpRejected("x", TotpRejectReason.MALFORMED),
    TotpRejected("x", TotpRejectReason.WRONG),
    TotpRejected("x", TotpRejectReason.REPLAYED),
    TotpRejected("x", TotpRejectReason.BACKOFF, retry_after=30),
    Fido2WrongPinError(None),
    Fido2WrongPinError(3),
    WrongRecoveryCodeError("x"),
    InvalidRecoveryCode("x"),
    PinEntryCancelledError("x"),
    Fido2DeviceNotFoundError("x"),
    Fido2MultipleDevicesError("x"),
    Fido2WrongCredentialError("x"),
    Fido2TouchTimeoutError("x"),
    Fido2PinRequiredError("x"),
    Fido2PinBlockedError("x"),
    DeviceShareMissingError("x"),
    Pkcs11ModuleError("x"),
    KeyringUnavailableError("x"),
    type("VaultBusyError", (Exception,), {})(),
]


@pytest.mark.parametrize("error", ERRORS, ids=lambda e: type(e).__name__)
def test_every_unlock_error_says_what_to_do_next(french, error) -> None:
    text = unlock_error_message(error)
    assert NEXT_STEP.search(text), f"{type(error).__name__}: {text!r} gives no next step"
    assert not re.search(r"[A-Za-z] (the|and|is|to) ", text), f"left in English: {text!r}"


def _window(qtbot, jobs, folder) -> UnlockWindow:
    window = UnlockWindow(describe_vault(folder), jobs, Policy())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.mark.parametrize("width", [600, 601])
def test_fixed_size_centred_on_its_screen(french, qtbot, jobs, totp_vault, monkeypatch,
                                          width) -> None:
    # An odd width is what another machine's fonts gave: the frame's margins then showed.
    monkeypatch.setattr(placement, "PREFERRED_WIDTH", width)
    window = _window(qtbot, jobs, totp_vault.folder)
    area = window.screen().availableGeometry()
    assert window.minimumSize() == window.maximumSize() == window.size()
    assert window.width() >= width
    assert area.contains(window.frameGeometry())

    def centred(rect) -> bool:
        return (abs(rect.center().x() - area.center().x()) <= 1
                and abs(rect.center().y() - area.center().y()) <= 1)
    qtbot.waitUntil(lambda: centred(window.frameGeometry()) and centred(window.geometry()),
                    timeout=2000)
    size = window.size()
    window.set_recovery_mode(True)
    window._show_error(unlock_error_message(PinLockedError("W" * 32)))
    QApplication.processEvents()
    assert window.size() == size  # a long error does not make it grow


def _fully_shown(label, window) -> bool:
    """The label is as tall as its word-wrapped text needs and lies inside the window."""
    inside = window.rect().contains(label.geometry().translated(
        label.parentWidget().mapTo(window, label.geometry().topLeft()) - label.geometry().topLeft()))
    return inside and label.height() >= label.heightForWidth(label.width())


def test_long_french_progress_text_and_error_are_not_clipped(french, qtbot, jobs,
                                                             totp_vault) -> None:
    window = _window(qtbot, jobs, totp_vault.folder)
    size = window.size()
    window.progress.set_text(LONG_PROGRESS)
    window.progress.show()
    window._show_error(unlock_error_message(TotpRejected("x", TotpRejectReason.REPLAYED,
                                                         retry_after=30)))
    QApplication.processEvents()
    window.layout().activate()
    assert window.size() == size
    assert _fully_shown(window.progress.label, window), (
        window.progress.label.height(), window.progress.label.heightForWidth(
            window.progress.label.width()))
    assert _fully_shown(window.error, window)
