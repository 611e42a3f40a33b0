"""What a relay error means for the user, translated (the app layer's messages are English).

Lookup: the relay's stable refusal code first, then the exception's classes; anything else
falls back to `ui.workers.error_message` (the app's own sentence, which names nothing secret).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.relay_client import (
    AlreadyJoined,
    NotJoined,
    ProofRejected,
    RelayAuthenticityError,
    RelayConfigError,
    RelayKeyMismatch,
    RelayRefused,
    RelayTlsError,
    RelayUnreachable,
    TransferCancelled,
)
from ui.workers import error_message

_CODES = {
    "invitation_unknown": QT_TRANSLATE_NOOP(
        "RelayErrors", "The relay does not know this invitation code. Check it with the "
        "administrator who gave it to you."),
    "invitation_expired": QT_TRANSLATE_NOOP(
        "RelayErrors", "This invitation code has expired. Ask the administrator for a new one."),
    "invitation_used": QT_TRANSLATE_NOOP(
        "RelayErrors", "This invitation code was already used. Ask the administrator for a "
        "new one."),
    "member_revoked": QT_TRANSLATE_NOOP(
        "RelayErrors", "Your membership of this relay was revoked by its administrator."),
    "not_certified": QT_TRANSLATE_NOOP(
        "RelayErrors", "Your identity card is not certified yet by your organisation's "
        "administrator. Try again once it is."),
    "unknown_recipient": QT_TRANSLATE_NOOP(
        "RelayErrors", "A recipient is not a member of this relay that you may write to."),
    "envelope_too_large": QT_TRANSLATE_NOOP(
        "RelayErrors", "These documents are larger than the relay accepts. Send fewer at a "
        "time."),
    "rate_limited": QT_TRANSLATE_NOOP(
        "RelayErrors", "The relay is busy. Try again in a few minutes."),
}

_CLASSES: list[tuple[type[BaseException], str]] = [
    (RelayKeyMismatch, QT_TRANSLATE_NOOP(
        "RelayErrors", "The relay's key is not the expected one: nothing was sent to it. Check "
        "the key id with the relay's administrator, by telephone.")),
    (RelayTlsError, QT_TRANSLATE_NOOP(
        "RelayErrors", "The secure connection was refused: the relay's certificate is not "
        "trusted or not the pinned one. Check the certificate settings with your "
        "administrator.")),
    (RelayUnreachable, QT_TRANSLATE_NOOP(
        "RelayErrors", "The relay cannot be reached. Check the address, the network and the "
        "proxy, then try again.")),
    (RelayAuthenticityError, QT_TRANSLATE_NOOP(
        "RelayErrors", "An answer did not carry the relay's valid signature; it was ignored.")),
    (AlreadyJoined, QT_TRANSLATE_NOOP(
        "RelayErrors", "This vault is already a member of a relay.")),
    (NotJoined, QT_TRANSLATE_NOOP(
        "RelayErrors", "This vault has not joined a relay yet (Relay menu, Join a relay…).")),
    (ProofRejected, QT_TRANSLATE_NOOP(
        "RelayErrors", "A proof does not say what it must; it was not kept.")),
    (TransferCancelled, QT_TRANSLATE_NOOP(
        "RelayErrors", "The transfer was cancelled; it resumes at the next synchronisation.")),
]


def _tr(text: str) -> str:
    return QCoreApplication.translate("RelayErrors", text)


def relay_error_text(exc: BaseException) -> str:
    if isinstance(exc, RelayRefused) and exc.code in _CODES:
        return _tr(_CODES[exc.code])
    for cls, text in _CLASSES:
        if isinstance(exc, cls):
            return _tr(text)
    if isinstance(exc, RelayConfigError):
        return _tr(QT_TRANSLATE_NOOP("RelayErrors", "This setting cannot be used: {detail}")
                   ).format(detail=str(exc))
    return error_message(exc)
