"""Identities and identity cards.

A *private identity* holds an Ed25519 signing key and age encryption identities (X25519, and the
post-quantum hybrid mlkem768x25519). Its public *identity card* carries name, role, organisation,
the public keys, a validity period, a self-signature, and any number of organisation
certifications. The exact encodings are specified in docs/format.md; the essentials:

- card JSON is canonical (crypto.sealed.codec); the signed *body* is the card without
  `self_signature` and `certifications`;
- self-signature = Ed25519(`"scelle/v1 card\\0" || canonical(body)`);
- certification = Ed25519 by the organisation over
  `"scelle/v1 certification\\0" || canonical({"card": body, "certifier": {...}})`;
- fingerprint = SHA-256(`"scelle/v1 fingerprint\\0"` || lp(ed25519) || lp(age1…) || lp(age1pq1… or
  empty)), lp = u32 big-endian length prefix: it covers every public key and nothing else, so
  renewing a card's dates or fixing a typo in a name keeps the fingerprint.
"""

from __future__ import annotations

import functools
import hashlib
import struct
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crypto.age import AgeError, HybridIdentity, X25519Identity, parse_recipient
from crypto.errors import ScelleError
from crypto.org_signer import OrgSigner, SoftwareOrgSigner
from crypto.sealed.codec import Obj, b64encode, canonical_json, format_time, parse_json, utc_now

CARD_VERSION = 1
CARD_DOMAIN = b"scelle/v1 card\0"
CERTIFICATION_DOMAIN = b"scelle/v1 certification\0"
FINGERPRINT_DOMAIN = b"scelle/v1 fingerprint\0"
DEFAULT_VALIDITY = timedelta(days=3 * 365)
MAX_TEXT = 200  # name, role, organisation
MAX_CERTIFICATIONS = 16
MAX_CARD_BYTES = 16 * 1024
CLOCK_SKEW = timedelta(minutes=10)

_CARD_KEYS = ("version", "name", "role", "organisation", "signing_key", "age_recipient",
              "age_pq_recipient", "created", "expires", "self_signature", "certifications")
_CERT_KEYS = ("organisation", "signing_key", "created", "signature")


class CardError(ScelleError):
    """An identity card is malformed, badly signed, or otherwise unusable."""


class CardExpired(CardError):
    """An identity card is outside its validity period."""


@dataclass(frozen=True)
class Certification:
    """An organisation's signature over a card body (e.g. the bar or notarial office)."""

    organisation: str
    signing_key: bytes  # the certifier's Ed25519 public key, 32 bytes
    created: datetime
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "signing_key": b64encode(self.signing_key),
                "created": format_time(self.created), "signature": b64encode(self.signature)}

    def signed_message(self, card_body: dict[str, Any]) -> bytes:
        certifier = {"organisation": self.organisation,
                     "signing_key": b64encode(self.signing_key),
                     "created": format_time(self.created)}
        return CERTIFICATION_DOMAIN + canonical_json({"card": card_body, "certifier": certifier})


@dataclass(frozen=True, repr=False)
class IdentityCard:
    """The public, self-signed card of an identity. Build with `PrivateIdentity`, `parse_card`.

    Its repr shows only the fingerprint: a holder's name must not end up in a log by accident.
    """

    name: str
    role: str
    organisation: str
    signing_key: bytes  # Ed25519 public key, 32 bytes
    age_recipient: str  # age1…
    age_pq_recipient: str | None  # age1pq1…, absent on cards of peers without hybrid support
    created: datetime
    expires: datetime
    self_signature: bytes = field(repr=False)
    certifications: tuple[Certification, ...] = ()
    version: int = CARD_VERSION

    def __repr__(self) -> str:
        return f"IdentityCard(fingerprint={self.fingerprint_hex})"

    def body(self) -> dict[str, Any]:
        """The self-signed part of the card, as a JSON value."""
        return {"version": self.version, "name": self.name, "role": self.role,
                "organisation": self.organisation, "signing_key": b64encode(self.signing_key),
                "age_recipient": self.age_recipient, "age_pq_recipient": self.age_pq_recipient,
                "created": format_time(self.created), "expires": format_time(self.expires)}

    def to_json(self) -> dict[str, Any]:
        value = self.body()
        value["self_signature"] = b64encode(self.self_signature)
        value["certifications"] = [c.to_json() for c in self.certifications]
        return value

    def to_bytes(self) -> bytes:
        """The card file's content: canonical JSON."""
        return canonical_json(self.to_json())

    @property
    def fingerprint(self) -> bytes:
        return card_fingerprint(self.signing_key, self.age_recipient, self.age_pq_recipient)

    @property
    def fingerprint_hex(self) -> str:
        return self.fingerprint.hex()

    @property
    def has_hybrid(self) -> bool:
        return self.age_pq_recipient is not None

    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(self.signing_key)

    def is_valid_at(self, moment: datetime | None = None) -> bool:
        moment = moment or utc_now()
        # A card made a moment ago on a machine whose clock runs ahead is still usable.
        return self.created - CLOCK_SKEW <= moment <= self.expires

    def check_valid(self, moment: datetime | None = None) -> None:
        """Raise `CardExpired` unless the card is within its validity period at `moment`."""
        if not self.is_valid_at(moment):
            raise CardExpired("This identity card is outside its validity period "
                              "(expired or not yet valid); ask its holder for a renewed card.")

    def same_keys(self, other: IdentityCard) -> bool:
        return self.fingerprint == other.fingerprint

    def certified_by(self, organisation_key: bytes) -> Certification | None:
        """The valid certification made with `organisation_key` (32-byte Ed25519), if any."""
        for cert in self.certifications:
            if cert.signing_key == organisation_key and _verify(
                    cert.signing_key, cert.signature, cert.signed_message(self.body())):
                return cert
        return None

    def with_certification(self, cert: Certification) -> IdentityCard:
        others = tuple(c for c in self.certifications if c.signing_key != cert.signing_key)
        card = replace(self, certifications=others + (cert,))
        _check_certifications(card)
        return card


def card_fingerprint(signing_key: bytes, age_recipient: str, age_pq_recipient: str | None) -> bytes:
    parts = [signing_key, age_recipient.encode("ascii"), (age_pq_recipient or "").encode("ascii")]
    data = FINGERPRINT_DOMAIN + b"".join(struct.pack(">I", len(p)) + p for p in parts)
    return hashlib.sha256(data).digest()


def format_fingerprint(fingerprint: bytes) -> str:
    """Hex in groups of four for reading aloud: 'a1b2 c3d4 …'."""
    text = fingerprint.hex()
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def certify(card: IdentityCard, organisation_key: Ed25519PrivateKey | OrgSigner,
            organisation: str, created: datetime | None = None) -> IdentityCard:
    """Return `card` carrying a certification by `organisation_key` (replacing an older one).

    The key is an `OrgSigner` (in a vault or on a token); a raw private key is still taken for
    the relay machine's `scelle-relay org` commands and is wrapped in memory."""
    _check_text(organisation, "organisation", CardError)
    signer = (SoftwareOrgSigner(organisation_key)
              if isinstance(organisation_key, Ed25519PrivateKey) else organisation_key)
    raw_key = signer.public_key_raw()
    draft = Certification(organisation, raw_key, created or utc_now(), b"")
    signature = signer.sign(draft.signed_message(card.body()))
    return card.with_certification(replace(draft, signature=signature))


def _verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_text(value: str, what: str, error: type[ScelleError]) -> None:
    if not value or len(value) > MAX_TEXT or not value.isprintable():
        raise error(f"The {what} must be 1 to {MAX_TEXT} printable characters.")


def _check_certifications(card: IdentityCard) -> None:
    keys = [c.signing_key for c in card.certifications]
    if len(keys) > MAX_CERTIFICATIONS or len(set(keys)) != len(keys):
        raise CardError("The identity card carries too many or duplicate certifications.")
    body = card.body()
    for cert in card.certifications:
        if not _verify(cert.signing_key, cert.signature, cert.signed_message(body)):
            raise CardError("A certification on this identity card does not verify.")


def _check_recipient(text: str, pq: bool) -> None:
    if not _recipient_ok(text, pq):
        kind = "post-quantum age recipient (age1pq1…)" if pq else "age recipient (age1…)"
        raise CardError(f"The identity card's {kind} is not valid or not in canonical form.")


@functools.lru_cache(maxsize=512)
def _recipient_ok(text: str, pq: bool) -> bool:
    # Cached: a hybrid key is ~2000 Bech32 characters and decoding it in Python costs
    # milliseconds, paid again for every sealed file from the same sender otherwise.
    try:
        recipient = parse_recipient(text)
    except (AgeError, ValueError):
        return False
    # One spelling per key (lowercase, no spaces), and each field holds the kind it names.
    return str(recipient) == text and text.startswith("age1pq1") == pq


def parse_card(data: bytes) -> IdentityCard:
    """Parse a card file strictly and verify its signatures; raises `CardError`."""
    if len(data) > MAX_CARD_BYTES:
        raise CardError("This identity card is too large to be genuine.")
    return card_from_json(parse_json(data, CardError, "The identity card"))


def card_from_json(value: Any) -> IdentityCard:
    """Build a card from a parsed JSON value (also used for the sender card inside metadata)."""
    obj = Obj(value, CardError, "the identity card", _CARD_KEYS)
    if obj.integer("version") != CARD_VERSION:
        raise CardError("This identity card uses a version this program does not know.")
    pq = obj.raw("age_pq_recipient")
    card = IdentityCard(
        name=_printable(obj, "name", allow_empty=False),
        role=_printable(obj, "role"),
        organisation=_printable(obj, "organisation"),
        signing_key=obj.b64("signing_key", 32),
        age_recipient=obj.text("age_recipient", 100, allow_empty=False),
        age_pq_recipient=None if pq is None else obj.text("age_pq_recipient", 4000),
        created=obj.time("created"),
        expires=obj.time("expires"),
        self_signature=obj.b64("self_signature", 64),
        certifications=tuple(_cert_from_json(c) for c in
                             obj.array("certifications", MAX_CERTIFICATIONS)),
    )
    _check_recipient(card.age_recipient, pq=False)
    if card.age_pq_recipient is not None:
        _check_recipient(card.age_pq_recipient, pq=True)
    if card.expires < card.created:
        raise CardError("This identity card expires before it was created.")
    if not _verify(card.signing_key, card.self_signature, CARD_DOMAIN + canonical_json(card.body())):
        raise CardError("This identity card's self-signature does not verify: it was altered.")
    _check_certifications(card)
    return card


def _printable(obj: Obj, key: str, *, allow_empty: bool = True) -> str:
    # Names are shown to people: no control, format (bidi) or line-separator characters.
    value = obj.text(key, MAX_TEXT, allow_empty=allow_empty)
    if not value.isprintable():
        raise obj.fail(key, "contains invisible or control characters")
    return value


def _cert_from_json(value: Any) -> Certification:
    obj = Obj(value, CardError, "a certification of the identity card", _CERT_KEYS)
    return Certification(organisation=_printable(obj, "organisation", allow_empty=False),
                         signing_key=obj.b64("signing_key", 32), created=obj.time("created"),
                         signature=obj.b64("signature", 64))


@dataclass(frozen=True, repr=False)
class PrivateIdentity:
    """The secret half of an identity. Its repr shows only the card's fingerprint."""

    card: IdentityCard
    signing_key: Ed25519PrivateKey = field(repr=False)
    age_identity: X25519Identity = field(repr=False)
    age_pq_identity: HybridIdentity | None = field(repr=False)

    @classmethod
    def generate(cls, name: str, role: str = "", organisation: str = "", *,
                 validity: timedelta = DEFAULT_VALIDITY, hybrid: bool = True,
                 now: datetime | None = None) -> PrivateIdentity:
        _check_text(name, "name", CardError)
        for value, what in ((role, "role"), (organisation, "organisation")):
            if value:
                _check_text(value, what, CardError)
        created = now or utc_now()
        signing_key = Ed25519PrivateKey.generate()
        age_identity = X25519Identity.generate()
        pq = HybridIdentity.generate() if hybrid else None
        draft = IdentityCard(name=name, role=role, organisation=organisation,
                             signing_key=signing_key.public_key().public_bytes_raw(),
                             age_recipient=str(age_identity.recipient()),
                             age_pq_recipient=str(pq.recipient()) if pq else None,
                             created=created, expires=created + validity, self_signature=b"")
        return cls(_self_sign(draft, signing_key), signing_key, age_identity, pq)

    def renewed(self, *, expires: datetime, name: str | None = None, role: str | None = None,
                organisation: str | None = None, now: datetime | None = None) -> PrivateIdentity:
        """A new card with the same keys (same fingerprint); certifications must be redone."""
        draft = replace(self.card, name=self.card.name if name is None else name,
                        role=self.card.role if role is None else role,
                        organisation=self.card.organisation if organisation is None
                        else organisation,
                        created=now or utc_now(), expires=expires, certifications=())
        _check_text(draft.name, "name", CardError)
        return replace(self, card=_self_sign(draft, self.signing_key))

    def with_card(self, card: IdentityCard) -> PrivateIdentity:
        """Adopt a card for these keys (e.g. one returned certified by the organisation)."""
        if card.fingerprint != self.card.fingerprint:
            raise CardError("This identity card belongs to other keys than this identity.")
        return replace(self, card=card)

    def __repr__(self) -> str:
        return f"PrivateIdentity(fingerprint={self.card.fingerprint_hex})"

    @property
    def fingerprint(self) -> bytes:
        return self.card.fingerprint

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message)

    def age_identities(self) -> list[X25519Identity | HybridIdentity]:
        return [self.age_identity] + ([self.age_pq_identity] if self.age_pq_identity else [])

    def check_matches_card(self) -> None:
        """Raise `CardError` unless the secret keys are those the card publishes."""
        ok = (self.signing_key.public_key().public_bytes_raw() == self.card.signing_key
              and str(self.age_identity.recipient()) == self.card.age_recipient
              and (str(self.age_pq_identity.recipient()) if self.age_pq_identity else None)
              == self.card.age_pq_recipient)
        if not ok:
            raise CardError("The identity's secret keys do not match its identity card.")


def _self_sign(draft: IdentityCard, key: Ed25519PrivateKey) -> IdentityCard:
    signature = key.sign(CARD_DOMAIN + canonical_json(draft.body()))
    # Round-trip through the parser so a card we produce is always one we accept.
    return card_from_json(replace(draft, self_signature=signature).to_json())
