"""Signed proofs of deposit, delivery and receipt, verifiable offline.

A proof is canonical JSON (crypto.sealed.codec):

    {"version": 2, "statement": {...}, "signer": {...}, "signature": "<base64 Ed25519>"}

signature = Ed25519(`"scelle/v1 proof\\0" || canonical({"signer": signer, "statement": statement})`),
so the signer's description is signed too. Everything needed to check the signature is inside the
proof: a third party verifies it with no network and no database.

Signers:
  * `{"kind": "relay", "signing_key": b64}`: the relay, for deposit and delivery. The verifier
    compares `relay_key_id(signing_key)` (crypto.httpsig) with the relay it trusts;
  * `{"kind": "member", "signing_key", "age_recipient", "age_pq_recipient"}`: a recipient, for
    receipts. These are exactly the public keys a fingerprint covers, so the verifier recomputes
    the fingerprint and checks it is the statement's `recipient` (no name is needed or revealed).

Statements (times are UTC RFC 3339 to the second; hashes and ids lowercase hex):
  deposit   envelope_id, content_digest, size, sender, recipients (sorted), deposited,
            available_until; optionally group (a duty group's id, docs/format.md §7) and
            proof_retention_days (how long the relay keeps the proofs after the envelope is
            gone, docs/format.md §11)
  intake_deposit  envelope_id, content_digest, size, intake, intake_version, receipt_code,
            recipients, deposited, available_until, optionally proof_retention_days: a request
            deposited at an intake page, which has no sender (docs/format.md §12)
  delivery  envelope_id, content_digest, size, recipient, delivered
  receipt   event (delivered, opened, refused, expired), content_digest, message_id or null,
            envelope_id or null (at least one of them), recipient, time

`content_digest` is the envelope's hash list value (crypto/content_digest.py). Version 1 proofs,
signed before relay protocol 2, carry `sealed_sha256` (the plain SHA-256 of the bytes) in its
place; they are still parsed and verified (kept in vaults and bundles), never produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from crypto.errors import ScelleError
from crypto.identity import PrivateIdentity, card_fingerprint
from crypto.intake_document import NAME_RE as INTAKE_NAME_RE
from crypto.sealed.codec import Obj, b64encode, canonical_json, format_time, parse_json

PROOF_VERSION = 2
LEGACY_VERSION = 1  # statements name `sealed_sha256`: verified, never signed any more
_DIGEST_FIELD = {PROOF_VERSION: "content_digest", LEGACY_VERSION: "sealed_sha256"}
PROOF_DOMAIN = b"scelle/v1 proof\0"
MAX_PROOF_BYTES = 64 * 1024
MAX_RECIPIENTS = 1000
RECEIPT_EVENTS = ("delivered", "opened", "refused", "expired", "taken", "destroyed")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_RECEIPT_CODE = re.compile(r"[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3}")
_TOP_KEYS = ("version", "statement", "signer", "signature")


class ProofError(ScelleError):
    """A proof is malformed, inconsistent, or its signature does not verify."""


@dataclass(frozen=True)
class Proof:
    """A verified proof. Build with `sign_*`, read with `parse_proof` (which verifies)."""

    statement: dict[str, Any]
    signer: dict[str, Any]
    signature: bytes
    version: int = PROOF_VERSION

    @property
    def kind(self) -> str:
        return str(self.statement["type"])

    @property
    def digest(self) -> str:
        """The bytes' hash: the content digest, or a version 1 proof's plain SHA-256."""
        return str(self.statement[_DIGEST_FIELD[self.version]])

    @property
    def signer_key(self) -> bytes:
        """The signer's raw Ed25519 public key (32 bytes)."""
        return Obj(self.signer, ProofError, "the signer", self.signer.keys()).b64("signing_key", 32)

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "statement": self.statement, "signer": self.signer,
                "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())


def _signed_message(statement: dict[str, Any], signer: dict[str, Any]) -> bytes:
    return PROOF_DOMAIN + canonical_json({"signer": signer, "statement": statement})


def _sign(statement: dict[str, Any], signer: dict[str, Any], key: Ed25519PrivateKey) -> Proof:
    proof = Proof(statement, signer, key.sign(_signed_message(statement, signer)))
    # Round-trip through the parser: a proof we produce is always one we accept.
    return parse_proof(proof.to_bytes())


def relay_signer(key: Ed25519PrivateKey) -> dict[str, Any]:
    return {"kind": "relay", "signing_key": b64encode(key.public_key().public_bytes_raw())}


def sign_deposit(key: Ed25519PrivateKey, *, envelope_id: str, content_digest: str, size: int,
                 sender: str, recipients: list[str], deposited: datetime,
                 available_until: datetime, group: str | None = None,
                 retention_days: int | None = None) -> Proof:
    """The relay's statement that it holds the envelope, signed with the relay key; `group`,
    the duty group it was addressed to (crypto/groups.py), only when there is one;
    `retention_days`, its promise to keep the proofs that long after the envelope."""
    statement = {"type": "deposit", "envelope_id": envelope_id,
                 "content_digest": content_digest, "size": size, "sender": sender,
                 "recipients": sorted(recipients),
                 "deposited": format_time(deposited),
                 "available_until": format_time(available_until)}
    if group is not None:
        statement["group"] = group
    if retention_days is not None:
        statement["proof_retention_days"] = retention_days
    return _sign(statement, relay_signer(key), key)


def sign_intake_deposit(key: Ed25519PrivateKey, *, envelope_id: str, content_digest: str,
                        size: int, intake: str, intake_version: int, receipt_code: str,
                        recipients: list[str], deposited: datetime, available_until: datetime,
                        retention_days: int) -> Proof:
    """The relay's statement that it holds a request deposited at an intake page: there is no
    sender to name, only the intake point, the version of its document and the receipt code
    the requester was shown (docs/format.md §5.2, §12)."""
    statement = {"type": "intake_deposit", "envelope_id": envelope_id,
                 "content_digest": content_digest, "size": size, "intake": intake,
                 "intake_version": intake_version, "receipt_code": receipt_code,
                 "recipients": sorted(recipients), "deposited": format_time(deposited),
                 "available_until": format_time(available_until),
                 "proof_retention_days": retention_days}
    return _sign(statement, relay_signer(key), key)


def sign_delivery(key: Ed25519PrivateKey, *, envelope_id: str, content_digest: str, size: int,
                  recipient: str, delivered: datetime) -> Proof:
    """The relay's statement that it handed the whole envelope to `recipient`."""
    statement = {"type": "delivery", "envelope_id": envelope_id,
                 "content_digest": content_digest, "size": size, "recipient": recipient,
                 "delivered": format_time(delivered)}
    return _sign(statement, relay_signer(key), key)


def sign_receipt(identity: PrivateIdentity, *, event: str, content_digest: str,
                 message_id: str | None, envelope_id: str | None, time: datetime) -> Proof:
    """A recipient's signed receipt (opened, refused, …) for a sealed file."""
    card = identity.card
    signer = {"kind": "member", "signing_key": b64encode(card.signing_key),
              "age_recipient": card.age_recipient, "age_pq_recipient": card.age_pq_recipient}
    statement = {"type": "receipt", "event": event, "content_digest": content_digest,
                 "message_id": message_id, "envelope_id": envelope_id,
                 "recipient": card.fingerprint_hex, "time": format_time(time)}
    return _sign(statement, signer, identity.signing_key)


def parse_proof(data: bytes) -> Proof:
    """Parse a proof strictly and verify its signature and consistency; raises `ProofError`.

    This checks the proof is genuine *for the keys it names*. The caller then decides whether
    it trusts those keys: the relay's key id, or the recipient fingerprint it expects.
    """
    if len(data) > MAX_PROOF_BYTES:
        raise ProofError("This proof is too large to be genuine.")
    top = Obj(parse_json(data, ProofError, "The proof"), ProofError, "the proof", _TOP_KEYS)
    version = top.integer("version")
    if version not in _DIGEST_FIELD:
        raise ProofError("This proof uses a version this program does not know.")
    statement, signer = top.raw("statement"), top.raw("signer")
    signature = top.b64("signature", 64)
    kind = _statement_kind(statement)
    signer_key = _check_signer(signer, kind)
    _STATEMENT_CHECKS[kind](statement, _DIGEST_FIELD[version])
    if kind == "receipt":
        _check_receipt_signer(statement, signer)
    try:
        Ed25519PublicKey.from_public_bytes(signer_key).verify(
            signature, _signed_message(statement, signer))
    except (InvalidSignature, ValueError):
        raise ProofError("This proof's signature does not verify: it was altered or forged.") \
            from None
    return Proof(statement, signer, signature, version)


def _statement_kind(statement: Any) -> str:
    kind = statement.get("type") if isinstance(statement, dict) else None
    # Not a string (a list, an object): refused here, before the dictionary lookup it can't take.
    if not isinstance(kind, str) or kind not in _STATEMENT_CHECKS:
        raise ProofError("The proof's statement has no known type.")
    return str(kind)


def _check_signer(signer: Any, kind: str) -> bytes:
    expected = "member" if kind == "receipt" else "relay"
    if not isinstance(signer, dict) or signer.get("kind") != expected:
        raise ProofError(f"A {kind} proof must be signed by the {expected}.")
    keys = ("kind", "signing_key") + (("age_recipient", "age_pq_recipient")
                                      if expected == "member" else ())
    obj = Obj(signer, ProofError, "the proof's signer", keys)
    if expected == "member":
        texts = [obj.text("age_recipient", 100, allow_empty=False)]
        if obj.raw("age_pq_recipient") is not None:
            texts.append(obj.text("age_pq_recipient", 4000))
        if not all(t.isascii() for t in texts):
            raise ProofError("The receipt signer's keys are not written in ASCII.")
    return obj.b64("signing_key", 32)


def _check_receipt_signer(statement: dict[str, Any], signer: dict[str, Any]) -> None:
    fingerprint = card_fingerprint(Obj(signer, ProofError, "the signer", signer.keys())
                                   .b64("signing_key", 32),
                                   signer["age_recipient"], signer["age_pq_recipient"])
    if fingerprint.hex() != statement["recipient"]:
        raise ProofError("This receipt is signed by someone other than the recipient it names.")


def _hex(obj: Obj, key: str, pattern: re.Pattern[str]) -> str:
    value = obj.text(key, 64)
    if not pattern.fullmatch(value):
        raise obj.fail(key, "is not lowercase hexadecimal of the right length")
    return value


def _size(obj: Obj) -> None:
    if obj.integer("size") < 0:
        raise obj.fail("size", "is negative")


def _check_recipients(obj: Obj) -> None:
    recipients = obj.array("recipients", MAX_RECIPIENTS)
    # Each entry is checked to be a fingerprint before the list is sorted: a list or an object
    # among them can be neither hashed nor compared.
    if not recipients or not all(isinstance(r, str) and _HEX64.fullmatch(r)
                                 for r in recipients) or recipients != sorted(set(recipients)):
        raise obj.fail("recipients", "is not a sorted list of distinct fingerprints")


def _check_deposit(statement: dict[str, Any], digest: str) -> None:
    obj = Obj(statement, ProofError, "the deposit statement",
              ("type", "envelope_id", digest, "size", "sender", "recipients",
               "deposited", "available_until"), optional=("group", "proof_retention_days"))
    _hex(obj, "envelope_id", _HEX32)
    if obj.has("group"):  # a duty group's id (an older deposit proof has no such field)
        _hex(obj, "group", _HEX32)
    if obj.has("proof_retention_days") and not 0 < obj.integer("proof_retention_days") <= 36600:
        raise obj.fail("proof_retention_days", "is not a number of days up to a century")
    _hex(obj, digest, _HEX64)
    _hex(obj, "sender", _HEX64)
    _size(obj)
    _check_recipients(obj)
    if obj.time("available_until") < obj.time("deposited"):
        raise obj.fail("available_until", "is before the deposit")


def _check_intake_deposit(statement: dict[str, Any], digest: str) -> None:
    obj = Obj(statement, ProofError, "the intake deposit statement",
              ("type", "envelope_id", digest, "size", "intake", "intake_version", "receipt_code",
               "recipients", "deposited", "available_until"), optional=("proof_retention_days",))
    if digest != _DIGEST_FIELD[PROOF_VERSION]:  # intake deposits began with protocol 2
        raise ProofError("An intake deposit proof must be of version 2.")
    _hex(obj, "envelope_id", _HEX32)
    _hex(obj, digest, _HEX64)
    _size(obj)
    if not INTAKE_NAME_RE.fullmatch(obj.text("intake", 64)):
        raise obj.fail("intake", "is not an intake point's name")
    if obj.integer("intake_version") < 1:
        raise obj.fail("intake_version", "is not a positive whole number")
    if not _RECEIPT_CODE.fullmatch(obj.text("receipt_code", 19)):
        raise obj.fail("receipt_code", "is not a receipt code like ABCD-EFGH-IJKL-MNOP")
    if obj.has("proof_retention_days") and not 0 < obj.integer("proof_retention_days") <= 36600:
        raise obj.fail("proof_retention_days", "is not a number of days up to a century")
    _check_recipients(obj)
    if obj.time("available_until") < obj.time("deposited"):
        raise obj.fail("available_until", "is before the deposit")


def _check_delivery(statement: dict[str, Any], digest: str) -> None:
    obj = Obj(statement, ProofError, "the delivery statement",
              ("type", "envelope_id", digest, "size", "recipient", "delivered"))
    _hex(obj, "envelope_id", _HEX32)
    _hex(obj, digest, _HEX64)
    _hex(obj, "recipient", _HEX64)
    _size(obj)
    obj.time("delivered")


def _check_receipt(statement: dict[str, Any], digest: str) -> None:
    obj = Obj(statement, ProofError, "the receipt",
              ("type", "event", digest, "message_id", "envelope_id", "recipient",
               "time"))
    if obj.text("event", 16) not in RECEIPT_EVENTS:
        raise obj.fail("event", "is not one of " + ", ".join(RECEIPT_EVENTS))
    _hex(obj, digest, _HEX64)
    _hex(obj, "recipient", _HEX64)
    ids = [k for k in ("message_id", "envelope_id") if obj.raw(k) is not None]
    if not ids:
        raise ProofError("A receipt must name the message id or the envelope id.")
    for key in ids:
        _hex(obj, key, _HEX32)
    obj.time("time")


_STATEMENT_CHECKS = {"deposit": _check_deposit, "delivery": _check_delivery,
                     "receipt": _check_receipt, "intake_deposit": _check_intake_deposit}
