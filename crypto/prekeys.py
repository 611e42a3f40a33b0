"""Signed prekeys: the rotating keys relayed files are sealed for (docs/format.md §9).

A member's prekey is a fresh post-quantum hybrid age key (mlkem768x25519, `age1pq1…`, the type
of the identity card's `age_pq_recipient`), published in the relay directory and signed by the
member's identity signing key. Senders through the relay seal for the recipient's current
prekey instead of the long-term key; once every envelope sealed for it has been received into
the vault and it can no longer be in use anywhere, its secret is destroyed, so that a later
theft of the identity file does not open the copies a relay or a network observer kept.

The document is canonical JSON (crypto.sealed.codec):

    {"version": 1, "id": <32 hex>, "owner": <card fingerprint, 64 hex>,
     "recipient": "age1pq1…", "valid_from": T, "rotate_after": T, "until": T,
     "signature": <base64, 64 bytes>}

- id = the first 16 bytes of SHA-256(`"scelle/v1 prekey id\\0"` || the recipient's public key
  bytes), in hex: one id names one key, and no one can give another key the same id;
- signature = Ed25519 by the owner's card signing key over
  `"scelle/v1 prekey\\0"` || canonical(the document without `signature`);
- valid_from < rotate_after < until; rotate_after at most 7 days after valid_from (rotated at
  least weekly), until at most 7 days after rotate_after (the overlap, during which senders
  that fetched it before the rotation may still use it). A prekey is *stale* outside
  [valid_from − 10 min, until]: nobody seals for it then, and its owner refuses what was.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.age import AgeError, HybridIdentity, HybridRecipient
from crypto.errors import ScelleError
from crypto.identity import CLOCK_SKEW, IdentityCard, PrivateIdentity
from crypto.sealed.codec import Obj, b64encode, canonical_json, format_time, parse_json

PREKEY_VERSION = 1
PREKEY_DOMAIN = b"scelle/v1 prekey\0"
PREKEY_ID_DOMAIN = b"scelle/v1 prekey id\0"
#: A prekey is replaced at least weekly, and may still be used for a week after that.
ROTATION = timedelta(days=7)
OVERLAP = timedelta(days=7)
MAX_PREKEY_BYTES = 8 * 1024
SEED_SIZE = 32
_KEYS = ("version", "id", "owner", "recipient", "valid_from", "rotate_after", "until",
         "signature")
_HEX = "0123456789abcdef"


class PrekeyError(ScelleError):
    """A prekey is malformed, badly signed, someone else's, or stale."""


class PrekeyStale(PrekeyError):
    """A prekey outside its period of use."""


@dataclass(frozen=True)
class Prekey:
    """A signed prekey as published. Build with `new_prekey` or `parse_prekey` (which checks
    the form and the dates; `verify_prekey` checks the signature against the owner's card)."""

    prekey_id: str  # 32 hex digits
    owner: str  # the owner's card fingerprint, 64 hex digits
    recipient: str  # age1pq1…
    valid_from: datetime
    rotate_after: datetime
    until: datetime
    signature: bytes = field(repr=False)
    version: int = PREKEY_VERSION

    def body(self) -> dict[str, Any]:
        return {"version": self.version, "id": self.prekey_id, "owner": self.owner,
                "recipient": self.recipient, "valid_from": format_time(self.valid_from),
                "rotate_after": format_time(self.rotate_after), "until": format_time(self.until)}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    def signed_message(self) -> bytes:
        return PREKEY_DOMAIN + canonical_json(self.body())

    def age_recipient(self) -> HybridRecipient:
        return HybridRecipient.from_string(self.recipient)

    def usable_at(self, moment: datetime) -> bool:
        """Within its period of use (with the card rule's clock tolerance at the start)."""
        return self.valid_from - CLOCK_SKEW <= moment <= self.until


def prekey_id(recipient: HybridRecipient) -> str:
    return hashlib.sha256(PREKEY_ID_DOMAIN + recipient.public_bytes).digest()[:16].hex()


@dataclass(repr=False)
class PrekeySecret:
    """A prekey with its secret seed. `wipe()` overwrites the seed held here; the copies that
    the age identity object and OpenSSL made while it was in use are beyond Python's reach and
    die with the process (docs/security.md)."""

    prekey: Prekey
    seed: bytearray

    def __repr__(self) -> str:
        return f"PrekeySecret(id={self.prekey.prekey_id})"

    def identity(self) -> HybridIdentity:
        if not any(self.seed):
            raise PrekeyError("This prekey's secret was destroyed.")
        return HybridIdentity(bytes(self.seed))

    def wipe(self) -> None:
        for i in range(len(self.seed)):
            self.seed[i] = 0


def new_prekey(identity: PrivateIdentity, now: datetime, *, rotation: timedelta = ROTATION,
               overlap: timedelta = OVERLAP) -> PrekeySecret:
    """A fresh prekey for `identity`, valid from `now`, signed by its signing key."""
    if not timedelta(0) < rotation <= ROTATION or not timedelta(0) < overlap <= OVERLAP:
        raise PrekeyError("A prekey is rotated within 7 days and used at most 7 days more.")
    seed = bytearray(os.urandom(SEED_SIZE))
    recipient = HybridIdentity(bytes(seed)).recipient()
    start = now.replace(microsecond=0)
    draft = Prekey(prekey_id(recipient), identity.card.fingerprint_hex, str(recipient), start,
                   start + rotation, start + rotation + overlap, b"")
    signed = replace(draft, signature=identity.sign(draft.signed_message()))
    # Round-trip through the parser: a prekey we publish is always one we accept.
    verify_prekey(parse_prekey(signed.to_bytes()), identity.card, start)
    return PrekeySecret(signed, seed)


def parse_prekey(data: bytes) -> Prekey:
    """Parse a prekey document strictly (canonical form, dates, id); raises `PrekeyError`.
    The signature is checked by `verify_prekey`, which needs the owner's card."""
    if len(data) > MAX_PREKEY_BYTES:
        raise PrekeyError("This prekey is too large to be genuine.")
    value = parse_json(data, PrekeyError, "The prekey")
    if canonical_json(value) != data:
        raise PrekeyError("This prekey is not in canonical form; it was refused.")
    return prekey_from_json(value)


def prekey_from_json(value: Any) -> Prekey:
    obj = Obj(value, PrekeyError, "the prekey", _KEYS)
    if obj.integer("version") != PREKEY_VERSION:
        raise PrekeyError("This prekey uses a version this program does not know.")
    prekey = Prekey(prekey_id=_hex(obj, "id", 32), owner=_hex(obj, "owner", 64),
                    recipient=obj.text("recipient", 4000, allow_empty=False),
                    valid_from=obj.time("valid_from"), rotate_after=obj.time("rotate_after"),
                    until=obj.time("until"), signature=obj.b64("signature", 64))
    try:
        recipient = HybridRecipient.from_string(prekey.recipient)
    except (AgeError, ValueError):
        raise obj.fail("recipient", "is not a post-quantum age public key (age1pq1…)") from None
    if str(recipient) != prekey.recipient:
        raise obj.fail("recipient", "is not in canonical form")
    if prekey_id(recipient) != prekey.prekey_id:
        raise obj.fail("id", "is not the id of its key")
    if not prekey.valid_from < prekey.rotate_after < prekey.until:
        raise PrekeyError("This prekey's dates are not in order (valid from, rotation, end).")
    if prekey.rotate_after - prekey.valid_from > ROTATION or \
            prekey.until - prekey.rotate_after > OVERLAP:
        raise PrekeyError("This prekey lasts longer than allowed (rotated within 7 days, "
                          "used at most 7 days more).")
    return prekey


def _hex(obj: Obj, key: str, length: int) -> str:
    value = obj.text(key, length)
    if len(value) != length or any(c not in _HEX for c in value):
        raise obj.fail(key, f"is not {length} lowercase hexadecimal digits")
    return value


def verify_prekey(prekey: Prekey, card: IdentityCard, moment: datetime | None = None) -> None:
    """Refuse a prekey that is not `card`'s, not signed by its key, or (given `moment`) stale."""
    if prekey.owner != card.fingerprint_hex:
        raise PrekeyError("This prekey belongs to another identity than the card it came with.")
    try:
        Ed25519PublicKey.from_public_bytes(card.signing_key).verify(prekey.signature,
                                                                    prekey.signed_message())
    except (InvalidSignature, ValueError):
        raise PrekeyError("This prekey's signature does not verify: it is not signed by its "
                          "owner's identity key.") from None
    if moment is not None and not prekey.usable_at(moment):
        raise PrekeyStale("This prekey is outside its period of use (stale or not yet valid).")


def prekey_for(card: IdentityCard, data: bytes, moment: datetime) -> Prekey:
    """A prekey document from the directory, checked for sealing to `card` at `moment`."""
    prekey = parse_prekey(data)
    verify_prekey(prekey, card, moment)
    return prekey
