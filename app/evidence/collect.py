"""What an evidence bundle holds, gathered from an open vault (app/evidence/bundle.py writes it).

The subject is one message of the vault's log or every message of a case. Its relay envelopes
are found through the relay client's outbox and inbox; their proofs and timestamps as the vault
kept them (app/relay_client/); the audit entries about its documents and case; the identity
cards of the parties the vault knows, and the organisation keys it pinned. Nothing of the
content: no subject line, message, reference or file name (docs/evidence.md, "What a bundle
reveals").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.evidence.format import MAX_AUDIT_ENTRIES, EvidenceError
from app.relay_client import stamps
from app.relay_client.state import RelayState, StoredProof
from app.vault.messages import MessageRecord
from app.vault.session import VaultSession
from crypto.identity import IdentityCard
from crypto.proofs import Proof


@dataclass(frozen=True)
class Subject:
    kind: str  # "message" | "case"
    id: int


@dataclass
class Gathered:
    subject: Subject
    holder: IdentityCard
    envelopes: list[str]
    proofs: list[StoredProof]
    checks: dict[bytes, stamps.StampCheck]  # proof bytes -> its timestamp, checked now
    audit: list[dict[str, Any]]
    audit_cut: bool
    cards: dict[str, IdentityCard]  # fingerprint hex -> card
    organisations: dict[str, bytes]  # organisation -> certification key
    tsa_pem: bytes | None
    created: datetime = field(default_factory=datetime.now)

    def tokens(self) -> list[tuple[Proof, bytes]]:
        return [(p.proof, c.token) for p in self.proofs
                if (c := self.checks.get(p.proof.to_bytes())) is not None]


def _records(session: VaultSession, subject: Subject) -> list[MessageRecord]:
    if subject.kind == "message":
        return [session.messages.get(subject.id)]
    session.cases.get(subject.id)  # NotFoundError names the case id
    return list(reversed(session.messages.list(case_id=subject.id)))


def gather(session: VaultSession, subject: Subject, now: datetime) -> Gathered:
    """Blocking. Everything about `subject`; EvidenceError if no relay proof is kept for it."""
    records = _records(session, subject)
    state = RelayState(session.store.db, session.vault_dir)
    ids = {r.id for r in records}
    envelopes = [i.envelope_id for i in state.outbox() if i.message_record in ids and
                 i.envelope_id] + [i.envelope_id for i in state.inbox()
                                   if i.message_record in ids]
    kept = [p for e in dict.fromkeys(envelopes) for p in state.proofs(e)]
    if not kept:
        raise EvidenceError(f"This {subject.kind} has no proof from the relay: there is "
                            "nothing to put in an evidence bundle.")
    checks = {p.proof.to_bytes(): c for p in kept
              if (c := stamps.check(state.db, p.proof, now)) is not None}
    audit, cut = _audit(session, records, subject)
    return Gathered(subject, session.identity.card, list(dict.fromkeys(envelopes)), kept,
                    checks, audit, cut, _cards(session, records, kept),
                    _organisations(state), stamps.anchors_pem(state.db), now)


def _audit(session: VaultSession, records: list[MessageRecord],
           subject: Subject) -> tuple[list[dict[str, Any]], bool]:
    """The contiguous chain segment from the first entry about the subject to the last (the
    links can only be checked between neighbours), each marked relevant or not."""
    documents = {d for r in records for d in r.document_ids if d is not None}
    cases = {r.case_id for r in records if r.case_id is not None}
    if subject.kind == "case":
        cases.add(subject.id)
    entries = session.audit.entries()
    relevant = [e.seq for e in entries if e.document_id in documents or e.case_id in cases]
    if not relevant:
        return [], False
    segment = [e for e in entries if relevant[0] <= e.seq <= relevant[-1]]
    cut = len(segment) > MAX_AUDIT_ENTRIES
    wanted = set(relevant)
    return [{**e.as_json(), "relevant": e.seq in wanted}
            for e in segment[-MAX_AUDIT_ENTRIES:]], cut


def _cards(session: VaultSession, records: list[MessageRecord],
           kept: list[StoredProof]) -> dict[str, IdentityCard]:
    cards = {session.identity.card.fingerprint_hex: session.identity.card}
    for record in records:
        cards.setdefault(record.sender.fingerprint_hex, record.sender)
    named = {p.proof.statement.get(k) for p in kept for k in ("sender", "recipient")}
    named |= {r for p in kept for r in p.proof.statement.get("recipients") or ()}
    for fingerprint in sorted(f for f in named if isinstance(f, str) and f not in cards):
        contact = session.contacts.by_fingerprint(bytes.fromhex(fingerprint))
        if contact is not None:
            cards[fingerprint] = contact.card
    return cards


def _organisations(state: RelayState) -> dict[str, bytes]:
    rows = state.db.query("SELECT organisation, signing_key FROM relay_org_keys "
                          "ORDER BY organisation")
    return {str(r[0]): bytes(r[1]) for r in rows}
