"""Proofs as the client keeps and shows them: checked against what they must say, exported as a
bundle, and verified offline with only the public keys they carry.

A proof (crypto/proofs.py) is genuine for the keys it names; the client also checks it is
*about the right thing*: the deposit is signed by the pinned relay key, names our envelope, its
bytes (content digest, or a version 1 proof's SHA-256; size), its
sender and every recipient; a delivery names one of those recipients;
a receipt is signed by the recipient it names (parse_proof checks that) and is about our bytes.

Bundle file (`proof export`): canonical JSON `{"scelle_proofs": 1, "proofs": [proof, ...]}`,
or version 2 with `"timestamps": [{"proof": sha256 hex, "token": base64 DER}, ...]` when some
proofs carry an RFC 3161 token (docs/format.md §11).
`verify_proof_file` accepts a bundle or a single proof and needs no network, no vault and no
key other than those inside: it reports who signed what (relay key id, recipient fingerprint),
and each token's time, checked against the authority's root certificates when given.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from cryptography import x509

from app.relay_client import stamps
from app.relay_client.errors import ProofRejected
from crypto.httpsig import relay_key_id
from crypto.proofs import Proof, ProofError, parse_proof
from crypto.sealed.codec import canonical_json, parse_json
from crypto.timestamps import TimestampError

BUNDLE_VERSION = 1
STAMPED_BUNDLE_VERSION = 2  # with timestamps
MAX_BUNDLE = 16 * 1024 * 1024


@dataclass(frozen=True)
class Expected:
    """What the proofs about one envelope must say."""

    envelope_id: str
    sha256: str  # the content digest (crypto/content_digest.py); the name is the vault column's
    size: int
    sender: str
    recipients: tuple[str, ...]
    group: str | None = None  # a duty group's id the deposit must name (the sender's check)


def load(value: Any) -> Proof:
    """A proof from its JSON value (as the relay sends it), verified."""
    try:
        return parse_proof(canonical_json(value))
    except (ProofError, ValueError, TypeError) as exc:
        raise ProofRejected(f"A proof from the relay is not valid: {exc}") from None


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ProofRejected(f"A proof from the relay was not kept: {what}.")


def check_relay_proof(proof: Proof, relay_keys: frozenset[bytes], expected: Expected) -> None:
    """A deposit or delivery proof: signed by the pinned relay key (or one it replaced, for a
    proof signed before a rotation: Context.relay_keys), about these bytes."""
    s = proof.statement
    _require(proof.kind in ("deposit", "delivery"), "it is not a deposit or delivery proof")
    _require(proof.signer_key in relay_keys, "it is not signed by the pinned relay key")
    _require(s["envelope_id"] == expected.envelope_id, "it names another envelope")
    _require(proof.digest == expected.sha256 and s["size"] == expected.size,
             "it is about other bytes")
    if proof.kind == "deposit":
        _require(s["sender"] == expected.sender, "it names another sender")
        _require(tuple(s["recipients"]) == tuple(sorted(expected.recipients)),
                 "it names other recipients")
        _require(expected.group is None or s.get("group") == expected.group,
                 "it does not name the group the message was addressed to")
    else:
        _require(s["recipient"] in expected.recipients, "it names someone not addressed")


def check_receipt(proof: Proof, expected: Expected) -> None:
    s = proof.statement
    _require(proof.kind == "receipt", "it is not a receipt")
    _require(s["recipient"] in expected.recipients, "it is signed by someone not addressed")
    _require(s["envelope_id"] in (None, expected.envelope_id), "it names another envelope")
    _require(proof.digest == expected.sha256, "it is about other bytes")


def bundle(proofs: Sequence[Proof], tokens: Sequence[tuple[Proof, bytes]] = ()) -> bytes:
    if not tokens:
        return canonical_json({"scelle_proofs": BUNDLE_VERSION,
                               "proofs": [p.to_json() for p in proofs]})
    return canonical_json({"scelle_proofs": STAMPED_BUNDLE_VERSION,
                           "proofs": [p.to_json() for p in proofs],
                           "timestamps": stamps.bundle_entries(tokens)})


@dataclass(frozen=True)
class VerifiedProof:
    proof: Proof
    signer: str  # "relay <key id>" or "recipient <fingerprint>"
    trusted_relay: bool | None  # None: no relay key id given to compare with
    timestamp: str | None = None  # "<time> by <authority> (verified | not checked)"

    def describe(self) -> list[str]:
        s = self.proof.statement
        lines = [f"{self.proof.kind}: signature valid, signed by {self.signer}"]
        if self.trusted_relay is not None:
            lines.append("  relay key: " + ("the expected one" if self.trusted_relay
                                            else "NOT the expected one"))
        for key in ("event", "envelope_id", "message_id", "content_digest", "sealed_sha256",
                    "size", "sender", "recipient", "group", "deposited", "delivered", "time",
                    "available_until"):
            if s.get(key) is not None:
                lines.append(f"  {key}: {s[key]}")
        if s.get("recipients"):
            lines.append(f"  recipients: {', '.join(s['recipients'])}")
        if self.timestamp is not None:
            lines.append(f"  timestamp: {self.timestamp}")
        return lines


def verify_proof_file(data: bytes, relay_id: str | None = None,
                      anchors_pem: bytes | None = None) -> list[VerifiedProof]:
    """Verify every proof in a bundle or single-proof file, and its timestamp (fully with the
    authority's root certificates, PEM); raises ProofRejected on any fault."""
    anchors = stamps.read_anchors(anchors_pem) if anchors_pem is not None else None
    if len(data) > MAX_BUNDLE:
        raise ProofRejected("This proof file is too large to be genuine.")
    try:
        value = parse_json(data, ProofError, "The proof file")
    except ProofError as exc:
        raise ProofRejected(str(exc)) from None
    tokens: object = []
    if isinstance(value, dict) and "scelle_proofs" in value:
        keys = {BUNDLE_VERSION: {"scelle_proofs", "proofs"},
                STAMPED_BUNDLE_VERSION: {"scelle_proofs", "proofs", "timestamps"}}
        version = value["scelle_proofs"]
        if not isinstance(version, int) or isinstance(version, bool) \
                or keys.get(version) != set(value) \
                or not isinstance(value["proofs"], list) or not value["proofs"]:
            raise ProofRejected("This proof bundle is malformed or of an unknown version.")
        items, tokens = value["proofs"], value.get("timestamps", [])
    else:
        items = [value]
    results = []
    for index, item in enumerate(items, 1):
        try:
            proof = parse_proof(canonical_json(item))
        except (ProofError, ValueError, TypeError) as exc:
            raise ProofRejected(f"Proof {index} of the file does not verify: {exc}") from None
        results.append(_summary(proof, relay_id))
    return _with_timestamps(results, tokens, anchors)


def _summary(proof: Proof, relay_id: str | None) -> VerifiedProof:
    if proof.signer.get("kind") == "relay":
        key_id = relay_key_id(proof.signer_key)
        trusted = None if relay_id is None else key_id == relay_id.strip().lower()
        return VerifiedProof(proof, f"relay {key_id}", trusted)
    return VerifiedProof(proof, f"recipient {proof.statement['recipient']}", None)


def _with_timestamps(results: list[VerifiedProof], entries: object,
                     anchors: Sequence[x509.Certificate] | None) -> list[VerifiedProof]:
    """`results` (verified proofs of a bundle) with the bundle's tokens checked and described;
    ProofRejected for a malformed entry, a token about no proof of the bundle, or one that
    fails its check."""
    if not isinstance(entries, list):
        raise ProofRejected("This proof bundle's timestamps are malformed.")
    index = {hashlib.sha256(r.proof.to_bytes()).hexdigest(): i for i, r in enumerate(results)}
    described = list(results)
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or set(entry) != {"proof", "token"} \
                or entry["proof"] not in index or not isinstance(entry["token"], str):
            raise ProofRejected(f"Timestamp {number} of the file is malformed or about no proof "
                                "of the file.")
        at = index[entry["proof"]]
        try:
            token = base64.b64decode(entry["token"], validate=True)
            stamp = stamps.verify_for(results[at].proof, token, anchors, datetime.now(UTC))
        except (TimestampError, binascii.Error) as exc:
            raise ProofRejected(f"Timestamp {number} of the file does not verify: {exc}") \
                from None
        state = ("verified against the authority certificate given" if anchors
                 else "NOT checked: give the authority's certificate to check it")
        described[at] = replace(results[at], timestamp=(
            f"{stamp.time.strftime('%Y-%m-%dT%H:%M:%SZ')} by {stamp.authority} ({state})"))
    return described
