"""`scelle proof verify BUNDLE`: re-check an evidence bundle with nothing but the bundle (no
vault, no network), and optionally the authority certificate and relay key id the verifier got
from the relay's operator.

Checks, in order, each failure an EvidenceError naming the part: the archive and its manifest
(every part listed, present and matching its hash, nothing else); the manifest's signature by
the holder's identity card; every proof's signature and every timestamp (against `--tsa-ca`
if given, else against the bundle's own tsa.pem, said so); the relay key against
`--relay-key-id` if given; each party's card and its organisation's certification; the audit
segment's links. The report lists what was established, for the verifier to read.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature

from app.evidence import format as fmt
from app.evidence.format import EvidenceError
from app.relay_client.errors import ProofRejected
from app.relay_client.proofs import (
    Expected,
    VerifiedProof,
    check_receipt,
    check_relay_proof,
    verify_proof_file,
)
from crypto.errors import ScelleError
from crypto.identity import IdentityCard, parse_card
from crypto.proofs import Proof
from crypto.sealed.codec import Obj, canonical_json, parse_json
from crypto.timestamps import imprint

_MANIFEST_KEYS = ("scelle_evidence", "created", "holder", "subject", "envelopes", "audit_cut",
                  "files")


@dataclass
class BundleReport:
    holder: str
    subject: str
    proofs: list[VerifiedProof] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    audit: str = ""
    anchor: str = ""

    def lines(self) -> list[str]:
        out = [f"evidence bundle made by {self.holder} about {self.subject}: every part intact, "
               "manifest signature valid", self.anchor]
        for proof in self.proofs:
            out += proof.describe()
        out += ["parties:", *(f"  {p}" for p in self.parties), self.audit]
        return [line for line in out if line]


def verify_bundle(data: bytes, *, relay_key_id: str | None = None,
                  tsa_pem: bytes | None = None) -> BundleReport:
    members = fmt.read_zip(data)
    manifest = _manifest(members)
    holder = _holder(members, manifest)
    subject = manifest.raw("subject")
    report = BundleReport(f"{holder.name} ({holder.fingerprint_hex})",
                          f"{subject.get('kind')} {subject.get('id')}")
    anchors = tsa_pem if tsa_pem is not None else members.get(fmt.TSA)
    report.anchor = _anchor_line(anchors, tsa_pem is not None)
    try:
        report.proofs = verify_proof_file(members[fmt.PROOFS], relay_key_id, anchors)
    except ProofRejected as exc:
        raise EvidenceError(f"{fmt.PROOFS}: {exc}") from None
    if any(p.trusted_relay is False for p in report.proofs):
        raise EvidenceError(f"{fmt.PROOFS}: a proof is signed by another relay key than the "
                            "one given.")
    _consistent([p.proof for p in report.proofs])
    report.parties = _parties(members)
    report.audit = _audit(members[fmt.AUDIT], bool(manifest.raw("audit_cut")))
    return report


def _consistent(proofs: list[Proof]) -> None:
    """Each delivery and receipt belongs to a deposit of the bundle: same envelope and bytes,
    a recipient it names, the same relay's key; so proofs of other exchanges cannot be mixed
    in (app/relay_client/proofs.py makes the same checks when it keeps them)."""
    deposits = {p.statement["envelope_id"]: p for p in proofs if p.kind == "deposit"}
    for proof in proofs:
        if proof.kind == "deposit":
            continue
        envelope = proof.statement.get("envelope_id")
        matches = [d for d in deposits.values() if d.digest == proof.digest and
                   envelope in (None, d.statement["envelope_id"])]
        if not matches:
            raise EvidenceError(f"{fmt.PROOFS}: a {proof.kind} proof is about no deposit of the "
                                "bundle (another envelope or other bytes).")
        deposit = matches[0]
        expect = Expected(deposit.statement["envelope_id"], deposit.digest,
                          deposit.statement["size"], deposit.statement["sender"],
                          tuple(deposit.statement["recipients"]))
        try:
            if proof.kind == "delivery":
                check_relay_proof(proof, frozenset({deposit.signer_key}), expect)
            else:
                check_receipt(proof, expect)
        except ProofRejected as exc:
            raise EvidenceError(f"{fmt.PROOFS}: {exc}") from None


def _manifest(members: dict[str, bytes]) -> Obj:
    if fmt.MANIFEST not in members or fmt.SIGNATURE not in members:
        raise EvidenceError("This archive has no signed manifest: it is not an evidence bundle.")
    try:
        value = parse_json(members[fmt.MANIFEST], EvidenceError, "The bundle's manifest")
        manifest = Obj(value, EvidenceError, "the manifest", _MANIFEST_KEYS)
        if manifest.integer("scelle_evidence") != fmt.FORMAT_VERSION:
            raise EvidenceError("This evidence bundle is of a version this program does not "
                                "know.")
        files = manifest.raw("files")
        if not isinstance(files, dict) or not isinstance(manifest.raw("subject"), dict):
            raise EvidenceError("The bundle's manifest is malformed.")
    except (TypeError, KeyError):
        raise EvidenceError("The bundle's manifest is malformed.") from None
    present = set(members) - {fmt.MANIFEST, fmt.SIGNATURE}
    for name in sorted(present | set(files)):
        if name not in files:
            raise EvidenceError(f"{name}: this file was added to the bundle (the manifest does "
                                "not list it).")
        if name not in present:
            raise EvidenceError(f"{name}: this file was removed from the bundle.")
        if fmt.sha256_hex(members[name]) != files[name]:
            raise EvidenceError(f"{name}: this file was altered (its hash differs from the "
                                "manifest's).")
    for needed in (fmt.PROOFS, fmt.AUDIT, fmt.REPORT):
        if needed not in present:
            raise EvidenceError(f"{needed}: this part is missing from the bundle.")
    return manifest


def _holder(members: dict[str, bytes], manifest: Obj) -> IdentityCard:
    try:
        sig = Obj(parse_json(members[fmt.SIGNATURE], EvidenceError, "The manifest signature"),
                  EvidenceError, "the manifest signature", ("card", "signature"))
        card = parse_card(canonical_json(sig.raw("card")))
        card.public_key().verify(sig.b64("signature", 64),
                               fmt.MANIFEST_DOMAIN + members[fmt.MANIFEST])
    except (ScelleError, InvalidSignature, ValueError, TypeError):
        raise EvidenceError(f"{fmt.SIGNATURE}: the manifest's signature does not verify: the "
                            "manifest was altered or the signature forged.") from None
    if card.fingerprint_hex != manifest.raw("holder"):
        raise EvidenceError(f"{fmt.SIGNATURE}: signed by someone other than the holder the "
                            "manifest names.")
    return card


def _anchor_line(anchors: bytes | None, given: bool) -> str:
    if anchors is None:
        return "timestamps: no authority certificate given or bundled: tokens read, not checked"
    where = "the certificate given (--tsa-ca)" if given else (
        "the bundle's own tsa.pem: compare its SHA-256 with the relay operator's, or give "
        "--tsa-ca")
    return f"timestamps checked against {where}; certificate file SHA-256 {imprint(anchors)}"


def _parties(members: dict[str, bytes]) -> list[str]:
    try:
        orgs = {o: base64.b64decode(k, validate=True) for o, k in
                json.loads(members.get(fmt.ORGS, b"{}")).items()}
    except (ValueError, AttributeError, TypeError):
        raise EvidenceError(f"{fmt.ORGS}: malformed.") from None
    lines = []
    for name in sorted(n for n in members if n.startswith(fmt.CARDS_DIR)):
        try:
            card = parse_card(members[name])
        except ScelleError as exc:
            raise EvidenceError(f"{name}: {exc}") from None
        if name != f"{fmt.CARDS_DIR}{card.fingerprint_hex}.json":
            raise EvidenceError(f"{name}: the card inside has another fingerprint.")
        certified = [o for o, k in orgs.items() if card.certified_by(k) is not None]
        by = (f"certified by organisation {certified[0]!r}" if certified
              else "not certified by an organisation of the bundle")
        lines.append(f"{card.fingerprint_hex}: {card.name}, {card.role}, {card.organisation} "
                     f"({by})")
    return lines


def _audit(data: bytes, cut: bool) -> str:
    try:
        entries = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
        previous = None
        for entry in entries:
            if previous is not None and (entry["seq"] != previous["seq"] + 1
                                         or entry["prev_hash"] != previous["entry_hash"]):
                raise EvidenceError(f"{fmt.AUDIT}: entry {entry['seq']} does not follow entry "
                                    f"{previous['seq']} in the chain.")
            previous = entry
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise EvidenceError(f"{fmt.AUDIT}: malformed.") from None
    relevant = sum(1 for e in entries if e.get("relevant"))
    return (f"audit: {len(entries)} consecutive entries{' (cut)' if cut else ''}, linked; "
            f"{relevant} about the subject (their keyed hashes are checked in the vault: "
            "scelle --vault V audit --verify)")
