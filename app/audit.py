"""The vault's audit log: who did what to which document or case, and when. Ids only: an entry
never holds a name, a note, a tag, a search query or any content.

Each entry is chained to the previous one and keyed:

    entry_hash = HMAC-SHA256(audit key,
                             "scelle/v1 audit\\0" || canonical JSON {seq, at, actor, action,
                             document_id, case_id} || prev_hash)

with prev_hash of the first entry = 32 zero bytes. The audit key derives from the VMK (see
storage/store.py) and is distinct from the database key, so someone able to edit vault.db but
without the VMK cannot forge hashes. `verify()` recomputes the chain and reports entries
altered, missing (a gap in seq), out of order (linked to a later entry) or cut from the end:
`meta.audit_head` holds a keyed MAC of the last (seq, hash), updated with each entry. Replaying
an entire older copy of the database is not detected here; that is the generation counter's job.

Entries are written in the caller's transaction, so an action and its record commit together.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO

from app.records import InvalidValueError, clean_text, now_text, parse_time
from storage.store import Store

LOCAL_USER = "local user"
GENESIS = bytes(32)
_DOMAIN = b"scelle/v1 audit\x00"
_HEAD_DOMAIN = b"scelle/v1 audit head\x00"

ACTIONS = frozenset(
    {
        "vault.create",
        "case.create", "case.update", "case.hold", "case.release", "case.retention",
        "case.delete",
        "document.import", "document.version", "document.update", "document.move",
        "document.tags", "document.open", "document.export", "document.print",
        "document.delete", "document.consultation_end",
        "integrity.check", "audit.export", "evidence.bundle",
        # app/vault/: identity, contacts, key slots, sealed messages (ids only, never names)
        "identity.create", "identity.renew", "identity.export",
        "contact.add", "contact.update", "contact.key_change", "contact.verify",
        "contact.delete",
        "slot.add", "slot.remove", "slot.passphrase", "slot.recovery",
        "message.seal", "message.receive", "message.delete",
        # app/org/: an organisation admin's key and requests (fingerprints stay on the relay)
        "org.key_add", "org.key_remove", "org.invite", "org.certify", "org.revoke",
        "org.intake_publish", "org.intake_withdraw",
        # app/brokerage/: the broker's portfolio (no names, no amounts)
        "brokerage.creditor", "brokerage.client_add", "brokerage.insurer_add",
        "brokerage.mandate_add", "brokerage.mandate_update", "brokerage.contract_add",
        "brokerage.import", "brokerage.schedule", "brokerage.represent",
        "brokerage.debit_export", "brokerage.transfer_export", "brokerage.bank_import",
        "brokerage.print_batch", "brokerage.statement_import",
        "brokerage.accounting_export", "brokerage.client_update",
        "brokerage.insurer_key", "brokerage.statement_refused", "brokerage.statement_deposit",
        # app/relay_client/prekeys.py: a prekey made, its secret destroyed (ids never logged)
        "prekey.create", "prekey.destroy",
        # app/delegation/: a delegation given, certified, revoked (ids never logged)
        "delegation.create", "delegation.certify", "delegation.revoke",
        # app/intake/: a request from outside received, a reply posted (ids only)
        "intake.receive", "intake.reply",
    }
)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    document_id: int | None
    case_id: int | None
    prev_hash: bytes = field(repr=False)
    entry_hash: bytes = field(repr=False)

    def as_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "at": self.at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "actor": self.actor,
            "action": self.action,
            "document_id": self.document_id,
            "case_id": self.case_id,
            "prev_hash": self.prev_hash.hex(),
            "entry_hash": self.entry_hash.hex(),
        }


@dataclass(frozen=True)
class AuditProblem:
    seq: int
    kind: str  # "altered" | "missing" | "reordered" | "broken link" | "truncated"
    detail: str


@dataclass(frozen=True)
class AuditVerification:
    entries: int
    problems: tuple[AuditProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    def kinds(self) -> set[str]:
        return {p.kind for p in self.problems}


def _check_action(action: str) -> None:
    if action not in ACTIONS:
        raise InvalidValueError("Unknown audit action.")


def _canonical(seq: int, at: str, actor: str, action: str, doc: int | None, case: int | None) -> bytes:
    body = {"seq": seq, "at": at, "actor": actor, "action": action,
            "document_id": doc, "case_id": case}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class AuditLog:
    """The audit log of one store, writing as `actor` (an identity fingerprint or LOCAL_USER)."""

    def __init__(self, store: Store, actor: str = LOCAL_USER) -> None:
        self._store = store
        self._key = store.audit_key
        self.actor = clean_text(actor, "actor", max_len=256)

    def as_actor(self, actor: str) -> AuditLog:
        return AuditLog(self._store, actor)

    def _mac(self, seq: int, at: str, actor: str, action: str, doc: int | None,
             case: int | None, prev: bytes) -> bytes:
        msg = _DOMAIN + _canonical(seq, at, actor, action, doc, case) + prev
        return hmac.new(self._key, msg, hashlib.sha256).digest()

    def _head_mac(self, seq: int, entry_hash: bytes) -> str:
        msg = _HEAD_DOMAIN + seq.to_bytes(8, "big") + entry_hash
        return f"{seq}:{hmac.new(self._key, msg, hashlib.sha256).hexdigest()}"

    # -- writing ------------------------------------------------------------------------------
    def record(self, action: str, *, document_id: int | None = None,
               case_id: int | None = None) -> AuditEntry:
        """Append one entry (in the caller's transaction if there is one)."""
        _check_action(action)
        (row,) = self._append([(now_text(), action, document_id, case_id)])
        return self._entry(row)

    def batch(self) -> AuditBatch:
        """Entries noted now (each with the time it is noted) and appended together by
        `AuditBatch.write()`: one read of the chain's end, one insert of all rows, one head
        update, instead of those three statements per entry (a folder import's batch)."""
        return AuditBatch(self)

    def _append(self, items: list[tuple[str, str, int | None, int | None]]) -> list[tuple]:
        """Chain `items` (at, action, document id, case id) after the last entry, in order,
        and insert them with the new head, in one transaction; return the rows written."""
        db = self._store.db
        with db.transaction():
            last = db.query_one("SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            seq, prev = (0, GENESIS) if last is None else (last[0], bytes(last[1]))
            rows: list[tuple] = []
            for at, action, document_id, case_id in items:
                seq += 1
                digest = self._mac(seq, at, self.actor, action, document_id, case_id, prev)
                rows.append((seq, at, self.actor, action, document_id, case_id, prev, digest))
                prev = digest
            if not rows:
                return rows
            db.executemany(
                "INSERT INTO audit_log (seq, at, actor, action, document_id, case_id, prev_hash,"
                " entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            db.execute(
                "INSERT INTO meta (key, value) VALUES ('audit_head', ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (self._head_mac(seq, prev),),
            )
        return rows

    # -- reading ------------------------------------------------------------------------------
    def entries(self, *, after_seq: int = 0, limit: int | None = None,
                document_id: int | None = None) -> list[AuditEntry]:
        sql = "SELECT * FROM audit_log WHERE seq > ?"
        params: list[object] = [after_seq]
        if document_id is not None:
            sql += " AND document_id = ?"
            params.append(document_id)
        sql += " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [self._entry(r) for r in self._store.db.query(sql, params)]

    def _iter_raw(self) -> Iterator[tuple]:
        yield from self._store.db.query(
            "SELECT seq, at, actor, action, document_id, case_id, prev_hash, entry_hash"
            " FROM audit_log ORDER BY seq"
        )

    @staticmethod
    def _entry(row: tuple) -> AuditEntry:
        seq, at, actor, action, doc, case, prev, digest = tuple(row)
        return AuditEntry(seq, parse_time(at), actor, action, doc, case, bytes(prev), bytes(digest))

    def export_jsonl(self, out: TextIO) -> int:
        """Write every entry as one JSON object per line; return the count. The export itself
        is recorded (as the last entry, which is included)."""
        with self._store.db.transaction():
            self.record("audit.export")
        count = 0
        for row in self._iter_raw():
            out.write(json.dumps(self._entry(row).as_json(), sort_keys=True, ensure_ascii=False))
            out.write("\n")
            count += 1
        return count

    # -- verifying ----------------------------------------------------------------------------
    def verify(self) -> AuditVerification:
        rows = [tuple(r) for r in self._iter_raw()]
        hash_to_seq = {bytes(r[7]): r[0] for r in rows}
        problems: list[AuditProblem] = []
        prev_seq, prev_hash = 0, GENESIS
        for seq, at, actor, action, doc, case, prev, digest in rows:
            prev, digest = bytes(prev), bytes(digest)
            if seq != prev_seq + 1:
                problems.append(AuditProblem(seq, "missing",
                                             f"entries {prev_seq + 1} to {seq - 1} are missing"))
            if prev != prev_hash:
                later = hash_to_seq.get(prev, 0) > seq
                kind = "reordered" if later else "broken link"
                problems.append(AuditProblem(seq, kind, f"entry {seq} does not follow entry "
                                             f"{prev_seq} in the chain"))
            try:
                expected = self._mac(seq, at, actor, action, doc, case, prev)
            except (TypeError, ValueError):
                expected = b""
            if not hmac.compare_digest(expected, digest):
                problems.append(AuditProblem(seq, "altered", f"entry {seq} was altered"))
            prev_seq, prev_hash = seq, digest
        problems.extend(self._check_head(prev_seq, prev_hash))
        return AuditVerification(len(rows), tuple(problems))

    def _check_head(self, last_seq: int, last_hash: bytes) -> list[AuditProblem]:
        head = self._store.db.scalar("SELECT value FROM meta WHERE key = 'audit_head'")
        if head is None:
            if last_seq == 0:
                return []
            return [AuditProblem(last_seq, "truncated", "the log's end marker is missing")]
        if hmac.compare_digest(str(head), self._head_mac(last_seq, last_hash)):
            return []
        return [AuditProblem(last_seq, "truncated",
                             f"the log does not end where it should (last entry {last_seq})")]


class AuditBatch:
    """Audit entries of one batch of work, noted as it happens and appended at its end (see
    `AuditLog.batch`). Write them in the transaction that commits the work they record, so
    that a crash keeps both or neither; entries never written are simply not recorded."""

    def __init__(self, log: AuditLog) -> None:
        self._log = log
        self._items: list[tuple[str, str, int | None, int | None]] = []

    def __len__(self) -> int:
        return len(self._items)

    def add(self, action: str, *, document_id: int | None = None,
            case_id: int | None = None) -> None:
        _check_action(action)  # refused now, where the caller's mistake is
        self._items.append((now_text(), action, document_id, case_id))

    def write(self) -> int:
        """Append every noted entry, in the order noted; return how many. The batch is then
        empty (writing it twice records nothing twice)."""
        items, self._items = self._items, []
        return len(self._log._append(items))
