"""Key strings and key files: parsing recipients and identities, age-keygen output."""

from __future__ import annotations

from datetime import datetime

from crypto.age.errors import IdentityError, RecipientError
from crypto.age.hybrid import HybridIdentity, HybridRecipient
from crypto.age.stanza import Identity, Recipient
from crypto.age.x25519 import X25519Identity, X25519Recipient


def parse_recipient(text: str) -> Recipient:
    """Parse one recipient string (`age1…`, `age1pq1…`)."""
    text = text.strip()
    lowered = text.lower()
    if lowered.startswith("age1pq1"):
        return HybridRecipient.from_string(text)
    if lowered.startswith("age1"):
        return X25519Recipient.from_string(text)
    raise RecipientError("the recipient is not an age public key (expected age1… or age1pq1…)")


def parse_identity(text: str) -> Identity:
    """Parse one identity string (`AGE-SECRET-KEY-1…`, `AGE-SECRET-KEY-PQ-1…`)."""
    text = text.strip()
    upper = text.upper()
    if upper.startswith("AGE-SECRET-KEY-PQ-1"):
        return HybridIdentity.from_string(text)
    if upper.startswith("AGE-SECRET-KEY-1"):
        return X25519Identity.from_string(text)
    raise IdentityError(
        "the secret key is not an age secret key "
        "(expected AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)"
    )


def _key_lines(text: str) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines with their 1-based numbers."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines.append((number, stripped))
    return lines


def parse_identities_file(text: str) -> list[Identity]:
    """Parse an age identity file: one identity per line, `#` comments and blank lines ignored.

    Errors name the line number but never its content, which is secret.
    """
    identities: list[Identity] = []
    for number, line in _key_lines(text):
        try:
            identities.append(parse_identity(line))
        except IdentityError as exc:
            raise IdentityError(f"line {number} of the identity file: {exc}") from None
    if not identities:
        raise IdentityError("the identity file contains no secret key")
    return identities


def parse_recipients_file(text: str) -> list[Recipient]:
    """Parse an age recipients file: one recipient per line; `#` comments, blank lines ignored."""
    recipients: list[Recipient] = []
    for number, line in _key_lines(text):
        try:
            recipients.append(parse_recipient(line))
        except RecipientError as exc:
            raise RecipientError(f"line {number} of the recipients file: {exc}") from None
    if not recipients:
        raise RecipientError("the recipients file contains no public key")
    return recipients


def _rfc3339(moment: datetime) -> str:
    """Go's time.RFC3339 layout: seconds precision, `Z` for UTC, else `+hh:mm`."""
    moment = moment.replace(microsecond=0)
    if moment.utcoffset() is None:
        moment = moment.astimezone()
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def format_keygen(
    identity: X25519Identity | HybridIdentity, now: datetime | None = None
) -> str:
    """The exact text age-keygen writes for a new identity (creation time, public key, key)."""
    recipient = identity.recipient()
    created = _rfc3339(now if now is not None else datetime.now().astimezone())
    return f"# created: {created}\n# public key: {recipient}\n{identity}\n"
