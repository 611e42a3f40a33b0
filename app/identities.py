"""Identities and identity cards, as the faces use them outside a vault (`scelle id …`).

An identity is the secret half (signing key, X25519 and post-quantum age keys); its card the
public, self-signed half a correspondent imports. A face only collects names, paths and
passphrases and prints what it gets back:

    card = create_identity_file(path, name, role, organisation, days=…, passphrase=… | None)
    identity = load_identity_file(path, ask_passphrase)   # asked only if the file is protected
    kind_of_file(data) -> FileKind.IDENTITY | CARD | NEITHER
    card = parse_card(data)                               # strict: signatures checked
    text = age_identities_text(identity, classic=False)   # for `age -d -i`

and presents a card with `format_fingerprint`, `party_number` (the holder's 30 digits),
`safety_number` (the pair's 60), `format_safety_number`, `qr_payload`/`qr_text`. Errors:
`CardError` (`CardExpired`) for cards, `IdentityFileError` (`WrongPassphrase`,
`PassphraseRequired`) for identity files, `InvalidValueError` for a refused validity.
The keys and the formats are crypto's (crypto/identity.py, crypto/identity_file.py,
crypto/safety.py); see docs/format.md and docs/cli.md.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from app.records import InvalidValueError
from crypto import identity_file
from crypto.age import format_keygen
from crypto.identity import (
    CardError,
    CardExpired,
    IdentityCard,
    PrivateIdentity,
    format_fingerprint,
    parse_card,
)
from crypto.identity_file import IdentityFileError, PassphraseRequired, WrongPassphrase
from crypto.safety import format_safety_number, party_number, qr_payload, qr_text, safety_number
from crypto.strict_json import load_strict

# A new card is valid three years by default, ten at most, so that a typo cannot make a key
# valid for a century.
DEFAULT_VALIDITY_DAYS = 3 * 365
MAX_VALIDITY_DAYS = 10 * 365

#: Asked for an identity file's passphrase, only when the file turns out to be protected.
PassphraseProvider = Callable[[], str]


class FileKind(enum.Enum):
    """What a file given as "a card or an identity" turns out to be."""

    IDENTITY = "identity"  # a private identity file, protected or not
    CARD = "card"  # JSON that is not an identity file: to be parsed (and checked) as a card
    NEITHER = "neither"


def check_validity_days(days: int) -> None:
    """Refuses a card validity outside 1 day … `MAX_VALIDITY_DAYS`."""
    if not 1 <= days <= MAX_VALIDITY_DAYS:
        raise InvalidValueError(
            f"The validity of an identity card must be between 1 and {MAX_VALIDITY_DAYS} days.")


def create_identity_file(path: str | Path, name: str, role: str = "", organisation: str = "", *,
                         days: int = DEFAULT_VALIDITY_DAYS,
                         passphrase: str | None) -> IdentityCard:
    """Makes a new identity and writes it to `path` (0600, never over an existing file).

    Without a passphrase the file is stored unprotected: the caller asked for it explicitly.
    Returns the new identity's card.
    """
    check_validity_days(days)
    identity = PrivateIdentity.generate(name, role, organisation, validity=timedelta(days=days))
    identity_file.save_identity(identity, path, passphrase=passphrase,
                                unprotected=passphrase is None)
    return identity.card


def load_identity_file(path: str | Path,
                       passphrase: PassphraseProvider | None = None) -> PrivateIdentity:
    """The identity in `path`; `passphrase()` is called only if the file is protected."""
    return identity_file.load_identity(path, passphrase)


def kind_of_file(data: bytes) -> FileKind:
    """Tells an identity file from a card without needing any passphrase."""
    if identity_file.is_protected(data):
        return FileKind.IDENTITY
    try:
        # Strict reader: a deeply nested file is "neither", not a RecursionError.
        value = load_strict(data, CardError, "The file", max_bytes=identity_file.MAX_FILE)
    except CardError:
        return FileKind.NEITHER
    if isinstance(value, dict) and value.get("format") == identity_file.FORMAT:
        return FileKind.IDENTITY
    return FileKind.CARD


def age_identities_text(identity: PrivateIdentity, *, classic: bool = False) -> str:
    """The identity's secret age keys in age's identity-file layout (for `age -d -i`).

    `classic` leaves the post-quantum key out: age before 1.3 stops at the first key type it
    does not know, so such a file opens only what was sealed with `--classic`.
    """
    if classic:
        return (f"# Scellé identity {identity.card.fingerprint_hex}, X25519 key only\n"
                + format_keygen(identity.age_identity))
    return identity_file.export_age_identities(identity)


__all__ = [
    "DEFAULT_VALIDITY_DAYS",
    "MAX_VALIDITY_DAYS",
    "CardError",
    "CardExpired",
    "FileKind",
    "IdentityCard",
    "IdentityFileError",
    "PassphraseProvider",
    "PassphraseRequired",
    "PrivateIdentity",
    "WrongPassphrase",
    "age_identities_text",
    "check_validity_days",
    "create_identity_file",
    "format_fingerprint",
    "format_safety_number",
    "kind_of_file",
    "load_identity_file",
    "parse_card",
    "party_number",
    "qr_payload",
    "qr_text",
    "safety_number",
]
