"""The signed intake document: who may read the requests made at an organisation's intake page.

An organisation that opens an intake point (docs/format.md §12) publishes on the relay, for the
page at `/depot/<name>`, a document signed by its certification key through an `OrgSigner`:

    {"intake": {"type": "intake", "name": "<name>", "organisation": "<name>",
                "organisation_key": "<b64 Ed25519>", "group": "<32 hex>", "title": "<text>",
                "version": N, "issued": "<UTC>",
                "recipients": [{"fingerprint": "<64 hex>", "age_pq_recipient": "age1pq1…"}, ...],
                "max_bytes": N, "max_files": N},
     "signature": "<b64 Ed25519>"}

    signature = Ed25519(organisation key, "scelle/v1 intake\\0" || canonical(intake))

That is the *stored* form (what the admin publishes and the relay keeps). The relay *serves* it
to the browser as `{"signed": "<canonical(intake) as a JSON string>", "signature": "<b64>"}`, so
the page verifies the signature over the exact bytes before parsing anything it shows. Both
forms are parsed here strictly, and the signature is checked *with the key the document names*;
whether that key is the organisation's is the caller's check (the relay's `certification_key`,
the requester's comparison with the key the organisation publishes elsewhere).

Recipients are hybrid (ML-KEM-768 + X25519) age recipients only: a request from outside is
kept for years, so it gets the same post-quantum protection as every other file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.age import AgeError, parse_recipient
from crypto.errors import ScelleError
from crypto.org_signer import OrgSigner
from crypto.sealed.codec import MAX_SAFE_INT, Obj, b64encode, canonical_json, format_time, \
    parse_json
from crypto.text_rules import text_problem

INTAKE_DOMAIN = b"scelle/v1 intake\0"
# Under the relay's JSON body limit (64 KiB) with room for the request around it. A hybrid
# recipient is 1 959 characters, so a recipient entry takes about 2 070 bytes: 25 fit.
MAX_INTAKE_BYTES = 60 * 1024
MAX_RECIPIENTS = 25
MAX_NAME = 200
# The largest request any intake point may accept (the sum of the attached files' sizes); a
# relay may set a lower cap of its own.
MAX_REQUEST_BYTES = 100_000_000
MAX_FILES = 20
# The page's address: 3–64 characters of a–z 0–9 -, starting and ending with a letter or
# digit.
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,62}[a-z0-9]")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_RECIPIENT_TEXT = 4000  # far above a hybrid recipient's length; bounds the work on junk
_TOP_KEYS = ("intake", "signature")
_SERVED_KEYS = ("signed", "signature")
_BODY_KEYS = ("type", "name", "organisation", "organisation_key", "group", "title", "version",
              "issued", "recipients", "max_bytes", "max_files")
_RECIPIENT_KEYS = ("fingerprint", "age_pq_recipient")


class IntakeDocumentError(ScelleError):
    """An intake document is malformed, or its signature does not verify."""


@dataclass(frozen=True)
class IntakeRecipient:
    """A member of the intake group who can read the requests: their card fingerprint and the
    card's hybrid age recipient."""

    fingerprint: str  # 64 lowercase hex
    age_pq_recipient: str  # age1pq1…, canonical spelling

    def to_json(self) -> dict[str, str]:
        return {"fingerprint": self.fingerprint, "age_pq_recipient": self.age_pq_recipient}


@dataclass(frozen=True)
class IntakeDocument:
    """The signed part of an intake document."""

    name: str
    organisation: str
    organisation_key: bytes  # the organisation's Ed25519 certification key, 32 bytes
    group_id: str  # the intake group (a duty group of that organisation), 32 lowercase hex
    title: str
    version: int
    issued: datetime
    recipients: tuple[IntakeRecipient, ...]
    max_bytes: int
    max_files: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "intake", "name": self.name, "organisation": self.organisation,
                "organisation_key": b64encode(self.organisation_key), "group": self.group_id,
                "title": self.title, "version": self.version, "issued": format_time(self.issued),
                "recipients": [r.to_json() for r in self.recipients],
                "max_bytes": self.max_bytes, "max_files": self.max_files}

    def canonical(self) -> bytes:
        return canonical_json(self.to_json())

    def signed_message(self) -> bytes:
        return INTAKE_DOMAIN + self.canonical()

    def fingerprints(self) -> tuple[str, ...]:
        return tuple(r.fingerprint for r in self.recipients)


@dataclass(frozen=True)
class SignedIntake:
    document: IntakeDocument
    signature: bytes

    def to_json(self) -> dict[str, Any]:
        """The stored form, as the admin publishes it."""
        return {"intake": self.document.to_json(), "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    def served_json(self) -> dict[str, str]:
        """The served form: the signed bytes as a string, for a verifier that checks them before
        parsing them."""
        return {"signed": self.document.canonical().decode("utf-8"),
                "signature": b64encode(self.signature)}


def sign_intake(document: IntakeDocument, signer: OrgSigner) -> SignedIntake:
    """Sign `document` with the organisation key it names; the result is parsed back, so a
    document we sign is always one every reader accepts."""
    if signer.public_key_raw() != document.organisation_key:
        raise IntakeDocumentError("This intake document names another organisation key than "
                                  "the one signing it.")
    try:
        data = SignedIntake(document, signer.sign(document.signed_message())).to_bytes()
    except ValueError:
        raise IntakeDocumentError("The intake document holds text that cannot be "
                                  "stored.") from None
    return parse_intake(data)


def parse_intake(data: bytes) -> SignedIntake:
    """Parse the stored form strictly (byte-canonical) and verify the signature with the key the
    document names; raises `IntakeDocumentError`."""
    if len(data) > MAX_INTAKE_BYTES:
        raise IntakeDocumentError("This intake document is larger than allowed.")
    value = parse_json(data, IntakeDocumentError, "The intake document",
                       max_bytes=MAX_INTAKE_BYTES)
    if canonical_json(value) != data:
        raise IntakeDocumentError("This intake document is not in canonical form; it was "
                                  "refused.")
    return intake_from_json(value)


def intake_from_json(value: Any) -> SignedIntake:
    """The stored form, already decoded (an admin's request body): strict form and signature.
    The signature covers the canonical encoding, so no other spelling of it can verify. Every
    field is bounded, so a valid document always fits in MAX_INTAKE_BYTES (tested)."""
    top = Obj(value, IntakeDocumentError, "the intake document", _TOP_KEYS)
    signature = top.b64("signature", 64)
    document = _body(top.raw("intake"))
    _verify(document, signature)
    return SignedIntake(document, signature)


def parse_served(value: Any) -> SignedIntake:
    """The served form `{"signed", "signature"}`, already decoded: the signature is checked over
    the exact bytes of `signed`, which must be the canonical encoding of what they hold."""
    top = Obj(value, IntakeDocumentError, "the served intake document", _SERVED_KEYS)
    signed = top.text("signed", MAX_INTAKE_BYTES, allow_empty=False)
    signature = top.b64("signature", 64)
    try:
        data = signed.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be the document's bytes
        raise top.fail("signed", "is not UTF-8 text") from None
    body = parse_json(data, IntakeDocumentError, "The signed intake document",
                      max_bytes=MAX_INTAKE_BYTES)
    if canonical_json(body) != data:
        raise IntakeDocumentError("The signed intake document is not in canonical form; it was "
                                  "refused.")
    document = _body(body)
    _verify(document, signature)
    return SignedIntake(document, signature)


def _verify(document: IntakeDocument, signature: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(document.organisation_key).verify(
            signature, document.signed_message())
    except (InvalidSignature, ValueError):
        raise IntakeDocumentError("This intake document's signature does not verify: it was "
                                  "altered or not signed by its organisation.") from None


def _body(value: Any) -> IntakeDocument:
    obj = Obj(value, IntakeDocumentError, "the intake document", _BODY_KEYS)
    if obj.raw("type") != "intake":
        raise obj.fail("type", "is not intake")
    name = obj.text("name", 64)
    if not NAME_RE.fullmatch(name):
        raise obj.fail("name", "is not 3 to 64 characters of a-z, 0-9 and - (starting and "
                               "ending with a letter or digit)")
    group_id = obj.text("group", 32)
    if not _HEX32.fullmatch(group_id):
        raise obj.fail("group", "is not 32 lowercase hexadecimal digits")
    return IntakeDocument(
        name=name, organisation=_shown(obj, "organisation"),
        organisation_key=obj.b64("organisation_key", 32), group_id=group_id,
        title=_shown(obj, "title"), version=_bounded(obj, "version", 1, MAX_SAFE_INT),
        issued=obj.time("issued"), recipients=_recipients(obj),
        max_bytes=_bounded(obj, "max_bytes", 1, MAX_REQUEST_BYTES),
        max_files=_bounded(obj, "max_files", 0, MAX_FILES))


def _bounded(obj: Obj, key: str, low: int, high: int) -> int:
    value = obj.integer(key)
    if not low <= value <= high:
        raise obj.fail(key, f"is not a whole number from {low} to {high}")
    return value


def _shown(obj: Obj, key: str) -> str:
    value = obj.text(key, MAX_NAME, allow_empty=False)
    if value != value.strip() or text_problem(value) is not None:
        raise obj.fail(key, "is not plain one-line text")
    return value


def _recipients(obj: Obj) -> tuple[IntakeRecipient, ...]:
    recipients = []
    for item in obj.array("recipients", MAX_RECIPIENTS):
        entry = Obj(item, IntakeDocumentError, "a recipient of the intake document",
                    _RECIPIENT_KEYS)
        fingerprint = entry.text("fingerprint", 64)
        if not _HEX64.fullmatch(fingerprint):
            raise entry.fail("fingerprint", "is not 64 lowercase hexadecimal digits")
        recipient = entry.text("age_pq_recipient", _RECIPIENT_TEXT)
        if not hybrid_recipient_ok(recipient):
            raise entry.fail("age_pq_recipient", "is not a post-quantum age recipient "
                                                 "(age1pq1…) in canonical form")
        recipients.append(IntakeRecipient(fingerprint, recipient))
    if not recipients:
        raise obj.fail("recipients", "is empty")
    prints = [r.fingerprint for r in recipients]
    if prints != sorted(set(prints)):
        raise obj.fail("recipients", "is not sorted by fingerprint without duplicates")
    return tuple(recipients)


@functools.lru_cache(maxsize=256)
def hybrid_recipient_ok(text: str) -> bool:
    """Whether `text` is a hybrid age recipient in its one canonical spelling. Cached: decoding
    a 2 000-character Bech32 key costs milliseconds, and the relay checks the same few keys
    on every publication."""
    if not text.startswith("age1pq1"):
        return False
    try:
        recipient = parse_recipient(text)
    except (AgeError, ValueError):
        return False
    return str(recipient) == text
