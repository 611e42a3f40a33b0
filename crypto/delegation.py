"""Delegation: a principal (a lawyer, a notary) lets an assistant act for them.

A delegation document (docs/format.md §8) is canonical JSON:

    {"version": 1, "id": 32 hex, "principal": 64 hex, "delegate": 64 hex,
     "scope": ["receive", "send"] (a non-empty sorted subset), "valid_from": time,
     "valid_until": time, "issued": time, "signature": b64,
     "certification": null | {"organisation", "signing_key", "created", "signature"}}

- `signature` = Ed25519 by the principal's identity key over
  `"scelle/v1 delegation\\0" || canonical(body)`, body = the document without `signature` and
  `certification`;
- `certification` = Ed25519 by the principal's organisation key over
  `"scelle/v1 delegation certification\\0" || canonical({"delegation": body,
  "principal_signature": b64, "certifier": {"organisation", "signing_key", "created"}})`:
  the organisation vouches for this very signed act, not just for its terms.

A revocation (`Revocation`) is signed by the principal or by the same organisation key under
`"scelle/v1 delegation revocation\\0"`. `check_delegation` is the whole offline check a third
party runs; revocation can only be proved by a revocation statement the checker holds.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.errors import ScelleError
from crypto.identity import CLOCK_SKEW, IdentityCard, PrivateIdentity
from crypto.org_signer import OrgSigner
from crypto.sealed.codec import Obj, b64encode, canonical_json, format_time, parse_json

DELEGATION_VERSION = 1
DELEGATION_DOMAIN = b"scelle/v1 delegation\0"
CERTIFICATION_DOMAIN = b"scelle/v1 delegation certification\0"
REVOCATION_DOMAIN = b"scelle/v1 delegation revocation\0"
SCOPES = ("receive", "send")
MAX_DELEGATION_BYTES = 4 * 1024
MAX_ORGANISATION = 200
_KEYS = ("version", "id", "principal", "delegate", "scope", "valid_from", "valid_until",
         "issued", "signature", "certification")
_CERT_KEYS = ("organisation", "signing_key", "created", "signature")
_REVOCATION_KEYS = ("version", "delegation", "principal", "revoked", "by", "signing_key",
                    "signature")
REVOKERS = ("principal", "organisation")
_HEX32 = re.compile(r"[0-9a-f]{32}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class DelegationError(ScelleError):
    """A delegation or revocation is malformed, badly signed, or does not allow the act."""


@dataclass(frozen=True)
class DelegationCertification:
    organisation: str
    signing_key: bytes  # the organisation's Ed25519 public key, 32 bytes
    created: datetime
    signature: bytes

    def certifier(self) -> dict[str, Any]:
        return {"organisation": self.organisation, "signing_key": b64encode(self.signing_key),
                "created": format_time(self.created)}

    def to_json(self) -> dict[str, Any]:
        return {**self.certifier(), "signature": b64encode(self.signature)}


@dataclass(frozen=True)
class Delegation:
    delegation_id: bytes  # 16 random bytes
    principal: bytes  # fingerprint, 32 bytes
    delegate: bytes  # fingerprint, 32 bytes
    scope: tuple[str, ...]  # sorted subset of SCOPES
    valid_from: datetime
    valid_until: datetime
    issued: datetime
    signature: bytes
    certification: DelegationCertification | None = None

    @property
    def id_hex(self) -> str:
        return self.delegation_id.hex()

    def body(self) -> dict[str, Any]:
        return {"version": DELEGATION_VERSION, "id": self.id_hex,
                "principal": self.principal.hex(), "delegate": self.delegate.hex(),
                "scope": list(self.scope), "valid_from": format_time(self.valid_from),
                "valid_until": format_time(self.valid_until), "issued": format_time(self.issued)}

    def to_json(self) -> dict[str, Any]:
        cert = None if self.certification is None else self.certification.to_json()
        return {**self.body(), "signature": b64encode(self.signature), "certification": cert}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    def signed_message(self) -> bytes:
        return DELEGATION_DOMAIN + canonical_json(self.body())

    def certified_message(self, cert: DelegationCertification) -> bytes:
        return CERTIFICATION_DOMAIN + canonical_json({
            "delegation": self.body(), "principal_signature": b64encode(self.signature),
            "certifier": cert.certifier()})

    def is_valid_at(self, moment: datetime) -> bool:
        return self.valid_from - CLOCK_SKEW <= moment <= self.valid_until


def issue(principal: PrivateIdentity, delegate: bytes, scope: set[str] | tuple[str, ...],
          valid_from: datetime, valid_until: datetime, issued: datetime) -> Delegation:
    """A new delegation signed by `principal` (not yet certified by their organisation)."""
    if not scope or not set(scope) <= set(SCOPES):
        raise DelegationError("A delegation's scope is one or both of: send, receive.")
    if len(delegate) != 32 or delegate == principal.fingerprint:
        raise DelegationError("A delegation names another person's identity as delegate.")
    if valid_until <= valid_from:
        raise DelegationError("A delegation must end after it starts.")
    draft = Delegation(secrets.token_bytes(16), principal.fingerprint, delegate,
                       tuple(sorted(set(scope))), valid_from.replace(microsecond=0),
                       valid_until.replace(microsecond=0), issued.replace(microsecond=0), b"")
    signed = replace(draft, signature=principal.sign(draft.signed_message()))
    return parse_delegation(signed.to_bytes())  # we never produce what we would refuse


def certify_delegation(delegation: Delegation, signer: OrgSigner, organisation: str,
                       created: datetime) -> Delegation:
    """The same delegation countersigned by the organisation's key."""
    draft = DelegationCertification(organisation, signer.public_key_raw(),
                                    created.replace(microsecond=0), b"")
    cert = replace(draft, signature=signer.sign(delegation.certified_message(draft)))
    return parse_delegation(replace(delegation, certification=cert).to_bytes())


def parse_delegation(data: bytes) -> Delegation:
    """Parse strictly (canonical bytes only); raises `DelegationError`. Signatures are checked
    by `check_delegation`, which knows the cards."""
    value = parse_json(data, DelegationError, "The delegation", max_bytes=MAX_DELEGATION_BYTES)
    if canonical_json(value) != data:
        raise DelegationError("The delegation is not in canonical form.")
    return delegation_from_json(value)


def delegation_from_json(value: Any) -> Delegation:
    obj = Obj(value, DelegationError, "the delegation", _KEYS)
    if obj.integer("version") != DELEGATION_VERSION:
        raise DelegationError("This delegation uses a version this program does not know.")
    scope = obj.array("scope", len(SCOPES))
    if not scope or not all(s in SCOPES for s in scope) or scope != sorted(set(scope)):
        raise obj.fail("scope", "is not a sorted non-empty list of send, receive")
    cert = obj.raw("certification")
    found = Delegation(
        delegation_id=_hex(obj, "id", _HEX32), principal=_hex(obj, "principal", _HEX64),
        delegate=_hex(obj, "delegate", _HEX64), scope=tuple(scope),
        valid_from=obj.time("valid_from"), valid_until=obj.time("valid_until"),
        issued=obj.time("issued"), signature=obj.b64("signature", 64),
        certification=None if cert is None else _cert_from_json(cert))
    if found.valid_until <= found.valid_from:
        raise obj.fail("valid_until", "is not after valid_from")
    if found.principal == found.delegate:
        raise obj.fail("delegate", "is the principal")
    return found


def _hex(obj: Obj, key: str, pattern: re.Pattern[str]) -> bytes:
    text = obj.text(key, 64)
    if not pattern.fullmatch(text):
        raise obj.fail(key, "is not lowercase hexadecimal of the right length")
    return bytes.fromhex(text)


def _cert_from_json(value: Any) -> DelegationCertification:
    obj = Obj(value, DelegationError, "the delegation's certification", _CERT_KEYS)
    organisation = obj.text("organisation", MAX_ORGANISATION, allow_empty=False)
    if not organisation.isprintable():
        raise obj.fail("organisation", "contains invisible or control characters")
    return DelegationCertification(organisation, obj.b64("signing_key", 32),
                                   obj.time("created"), obj.b64("signature", 64))


def verify_signature(public_key: bytes, signature: bytes, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def check_principal_signature(delegation: Delegation, principal_card: IdentityCard) -> None:
    """The principal's own signature (what the relay checks before certification)."""
    if delegation.principal != principal_card.fingerprint:
        raise DelegationError("The delegation names another principal than this card.")
    if not verify_signature(principal_card.signing_key, delegation.signature,
                            delegation.signed_message()):
        raise DelegationError("The principal's signature on the delegation does not verify: "
                              "it was forged or altered.")


def check_certification(delegation: Delegation, org_key: bytes) -> DelegationCertification:
    """The organisation's countersignature, made with `org_key`."""
    cert = delegation.certification
    if cert is None:
        raise DelegationError("The delegation is not certified by the principal's "
                              "organisation.")
    if cert.signing_key != org_key or not verify_signature(
            org_key, cert.signature, delegation.certified_message(cert)):
        raise DelegationError("The delegation's certification is not a valid signature of "
                              "the principal's organisation.")
    return cert


def check_delegation(delegation: Delegation, principal_card: IdentityCard,
                     delegate_card: IdentityCard, org_key: bytes, at: datetime,
                     scope: str) -> None:
    """Everything a third party checks offline (docs/format.md §8.3); `DelegationError` names
    the first failure. It proves the delegation was granted and in force at `at`; whether it
    was revoked since is known only from a `Revocation` the checker holds."""
    if scope not in SCOPES:
        raise ValueError(f"unknown scope {scope!r}")
    check_principal_signature(delegation, principal_card)
    if delegation.delegate != delegate_card.fingerprint:
        raise DelegationError("The delegation was given to another person than this one.")
    if principal_card.certified_by(org_key) is None:
        raise DelegationError("The principal's card is not certified by the organisation key "
                              "that certified the delegation.")
    if delegate_card.certified_by(org_key) is None:
        raise DelegationError("The delegate's card is not certified by the principal's "
                              "organisation.")
    check_certification(delegation, org_key)
    if not delegation.is_valid_at(at):
        raise DelegationError("The delegation was not in force at that time (expired or not "
                              "yet valid).")
    if not principal_card.is_valid_at(at) or not delegate_card.is_valid_at(at):
        raise DelegationError("The principal's or the delegate's card was outside its validity "
                              "period at that time.")
    if scope not in delegation.scope:
        raise DelegationError(f"The delegation does not cover this act (scope {scope!r} "
                              "missing).")


@dataclass(frozen=True)
class Revocation:
    delegation_id: bytes
    principal: bytes
    revoked: datetime
    by: str  # "principal" or "organisation"
    signing_key: bytes
    signature: bytes

    def body(self) -> dict[str, Any]:
        return {"version": DELEGATION_VERSION, "delegation": self.delegation_id.hex(),
                "principal": self.principal.hex(), "revoked": format_time(self.revoked),
                "by": self.by, "signing_key": b64encode(self.signing_key)}

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": b64encode(self.signature)}

    def to_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    def signed_message(self) -> bytes:
        return REVOCATION_DOMAIN + canonical_json(self.body())


def revoke(delegation: Delegation, signer: PrivateIdentity | OrgSigner,
           revoked: datetime) -> Revocation:
    """A revocation signed by the principal (their identity) or by the organisation."""
    if isinstance(signer, PrivateIdentity):
        by, key = "principal", signer.card.signing_key
    else:
        by, key = "organisation", signer.public_key_raw()
    draft = Revocation(delegation.delegation_id, delegation.principal,
                       revoked.replace(microsecond=0), by, key, b"")
    return parse_revocation(replace(draft, signature=signer.sign(draft.signed_message()))
                            .to_bytes())


def parse_revocation(data: bytes) -> Revocation:
    value = parse_json(data, DelegationError, "The revocation", max_bytes=MAX_DELEGATION_BYTES)
    if canonical_json(value) != data:
        raise DelegationError("The revocation is not in canonical form.")
    return revocation_from_json(value)


def revocation_from_json(value: Any) -> Revocation:
    obj = Obj(value, DelegationError, "the revocation", _REVOCATION_KEYS)
    if obj.integer("version") != DELEGATION_VERSION:
        raise DelegationError("This revocation uses a version this program does not know.")
    by = obj.text("by", 20)
    if by not in REVOKERS:
        raise obj.fail("by", "is neither principal nor organisation")
    return Revocation(_hex(obj, "delegation", _HEX32), _hex(obj, "principal", _HEX64),
                      obj.time("revoked"), by, obj.b64("signing_key", 32),
                      obj.b64("signature", 64))


def check_revocation(revocation: Revocation, delegation: Delegation,
                     principal_card: IdentityCard) -> None:
    """A genuine revocation of `delegation`: signed by its principal or by the organisation key
    that certified it. Raises `DelegationError` otherwise."""
    if (revocation.delegation_id, revocation.principal) != (delegation.delegation_id,
                                                            delegation.principal):
        raise DelegationError("The revocation is about another delegation.")
    if revocation.by == "principal":
        allowed = revocation.signing_key == principal_card.signing_key and \
            principal_card.fingerprint == delegation.principal
    else:
        cert = delegation.certification
        allowed = cert is not None and revocation.signing_key == cert.signing_key
    if not allowed or not verify_signature(revocation.signing_key, revocation.signature,
                                           revocation.signed_message()):
        raise DelegationError("The revocation is not signed by the principal or their "
                              "organisation.")
