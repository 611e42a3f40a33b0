"""Trusted timestamps of relay proofs, as the client keeps and checks them (issue 17).

The relay serves, beside the proofs of an envelope, one RFC 3161 token per dated proof
(`timestamps`: the proof's SHA-256 and the token) or says it is still pending. The client keeps
a token only for a proof it kept, after checking it is a token over that proof's exact bytes;
when the member configured the relay's time-stamping authority (`set_anchors`, the root
certificate the relay's operator hands out beside the relay key id), the chain and the time
bounds are checked too, and a token that fails is not kept (the sync reports it; the file and
its proofs are received all the same). A token kept before the anchors were configured is
checked whenever it is shown or bundled (`check`).

Times: a token may not be dated before the proof's own time less the relay's clock tolerance
(crypto.httpsig.DEFAULT_MAX_SKEW), nor after the moment of the check plus it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509

from app.relay_client.context import Context
from app.relay_client.errors import ProofRejected, RelayRefused
from app.records import now_text
from crypto.httpsig import DEFAULT_MAX_SKEW
from crypto.proofs import Proof
from crypto.sealed.codec import parse_time
from crypto.timestamps import (
    Timestamp,
    TimestampError,
    load_anchors,
    read_token,
    verify_token,
)
from storage.db import Database

VERIFIED, UNCHECKED, INVALID = "verified", "unchecked", "invalid"
COLLECT_AFTER_END = 7 * 86400  # seconds after the availability: pending tokens still come


@dataclass(frozen=True)
class StampCheck:
    """A proof's timestamp as shown: `verified` against the configured anchors, `unchecked`
    (no anchors configured: only its imprint was checked), or `invalid` (with the reason)."""

    status: str
    time: str  # the token's time, UTC RFC 3339
    authority: str
    token: bytes
    reason: str = ""


def proof_time(proof: Proof) -> datetime:
    """The time a proof states for itself: deposited, delivered or the receipt's time."""
    s = proof.statement
    return parse_time(str(s.get("deposited") or s.get("delivered") or s["time"]))


def verify_for(proof: Proof, token: bytes, anchors: Sequence[x509.Certificate] | None,
               now: datetime) -> Timestamp:
    """A token over this proof, checked fully if anchors are given; TimestampError otherwise.
    Without anchors, the imprint alone is checked (the token is read, not trusted)."""
    data = proof.to_bytes()
    if anchors:
        return verify_token(token, data, anchors, not_before=proof_time(proof), now=now,
                            skew=DEFAULT_MAX_SKEW)
    return read_token(token, data)


# -- the vault's rows ---------------------------------------------------------------------------

def set_anchors(db: Database, pem: bytes) -> int:
    """Configure the relay's time-stamping authority (root certificates, PEM); how many."""
    certs = read_anchors(pem)
    with db.transaction():
        db.execute("INSERT INTO relay_tsa_anchors (slot, anchors, set_at) VALUES (1, ?, ?) "
                   "ON CONFLICT (slot) DO UPDATE SET anchors = excluded.anchors, "
                   "set_at = excluded.set_at", (pem, now_text()))
    return len(certs)


def read_anchors(pem: bytes) -> list[x509.Certificate]:
    try:
        return load_anchors(pem, "The time-stamping authority's certificate file")
    except TimestampError as exc:
        raise ProofRejected(str(exc)) from None


def anchors_pem(db: Database) -> bytes | None:
    rows = db.query("SELECT anchors FROM relay_tsa_anchors WHERE slot = 1")
    return bytes(rows[0][0]) if rows else None


def anchors(db: Database) -> list[x509.Certificate] | None:
    pem = anchors_pem(db)
    return load_anchors(pem) if pem is not None else None


def token_of(db: Database, proof: Proof) -> bytes | None:
    rows = db.query("SELECT token FROM relay_proof_stamps WHERE digest = ?",
                    (hashlib.sha256(proof.to_bytes()).digest(),))
    return bytes(rows[0][0]) if rows else None


def check(db: Database, proof: Proof, now: datetime) -> StampCheck | None:
    """The kept timestamp of a proof, checked now; None if it has none."""
    token = token_of(db, proof)
    if token is None:
        return None
    configured = anchors(db)
    try:
        stamp = verify_for(proof, token, configured, now)
    except TimestampError as exc:
        return StampCheck(INVALID, "", "", token, str(exc))
    return StampCheck(VERIFIED if configured else UNCHECKED,
                      stamp.time.strftime("%Y-%m-%dT%H:%M:%SZ"), stamp.authority, token)


def keep_from_answer(db: Database, answer: object, kept: Iterable[Proof],
                     now: datetime) -> list[str]:
    """Keep the tokens a proofs answer carries for proofs we kept. A token that is not about
    its proof, or fails the configured anchors, is not kept: the reason is returned (the sync
    reports it, and asks again at the next one), but the proof itself and the rest of the
    exchange go on: a timestamp problem never stops a file from being received."""
    entries = answer.get("timestamps") if isinstance(answer, dict) else None
    if not isinstance(entries, list):
        return []  # a relay from before issue 17
    by_digest = {hashlib.sha256(p.to_bytes()).hexdigest(): p for p in kept}
    configured = anchors(db)
    problems = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
            continue  # pending: a later sync brings it
        proof = by_digest.get(str(entry.get("proof")))
        if proof is None:
            continue  # a proof we did not keep (another party's)
        try:
            token = base64.b64decode(entry["token"], validate=True)
            stamp = verify_for(proof, token, configured, now)
        except (TimestampError, binascii.Error) as exc:
            problems.append(f"A timestamp from the relay was not kept: {exc}")
            continue
        _store(db, proof, stamp)
    return problems


def _store(db: Database, proof: Proof, stamp: Timestamp) -> int:
    with db.transaction():
        cur = db.execute(
            "INSERT OR IGNORE INTO relay_proof_stamps (digest, token, stamped_at, authority, "
            "recorded_at) VALUES (?, ?, ?, ?, ?)",
            (hashlib.sha256(proof.to_bytes()).digest(), stamp.der,
             stamp.time.strftime("%Y-%m-%dT%H:%M:%SZ"), stamp.authority, now_text()))
    return cur.rowcount


# -- bundles (app/relay_client/proofs.py) ---------------------------------------------------------

def bundle_entries(tokens: Iterable[tuple[Proof, bytes]]) -> list[dict[str, str]]:
    return [{"proof": hashlib.sha256(p.to_bytes()).hexdigest(),
             "token": base64.b64encode(t).decode("ascii")} for p, t in tokens]


def tokens_for(db: Database, kept: Iterable[Proof]) -> list[tuple[Proof, bytes]]:
    found = []
    for proof in kept:
        token = token_of(db, proof)
        if token is not None:
            found.append((proof, token))
    return found


# -- late tokens, at each sync --------------------------------------------------------------------

def collect_received(ctx: Context) -> list[str]:
    """Tokens that came late for proofs we kept, sent or received: the relay dates a receipt
    after it is posted, and a proof it could not date at once later (its sweeper). Asked for
    while the envelope is available and a week after, only for envelopes with an undated
    proof; returns the tokens refused, for the sync's report. Nothing is asked of a relay
    that has never dated a proof for this vault and whose authority was not configured."""
    state, problems = ctx.state, []
    if anchors_pem(state.db) is None and not state.db.query(
            "SELECT 1 FROM relay_proof_stamps LIMIT 1"):
        return []
    ends = {i.envelope_id: i.available_until for i in state.inbox()}
    ends.update({i.envelope_id: i.available_until for i in state.outbox()
                 if i.envelope_id and i.available_until is not None})
    for envelope_id, end in ends.items():
        if end + COLLECT_AFTER_END <= ctx.now():
            continue
        kept = [p.proof for p in state.proofs(envelope_id)]
        if not kept or all(token_of(state.db, p) is not None for p in kept):
            continue
        try:
            answer = ctx.transport().call("GET", f"/v1/envelopes/{envelope_id}/proofs")
        except RelayRefused as exc:
            if exc.code == "not_found":
                continue
            raise
        problems += [f"envelope {envelope_id}: {p}" for p in
                     keep_from_answer(state.db, answer, kept, ctx.now_datetime())]
    return problems
