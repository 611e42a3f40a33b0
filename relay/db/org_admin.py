"""The rows organisation administration adds (schema 5): revocation reasons, and the queries
an organisation's admin needs (its organisation by key, its audit trail).

Functions take an open transaction so that services can combine them atomically.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx, plain
from relay.db.directory import Organisation
from relay.db.housekeeping import AuditEntry


@dataclass(frozen=True)
class Revocation:
    reason: str
    revoked: int


def orgs_by_key(tx: Tx, public_key: bytes) -> list[Organisation]:
    rows = tx.all("SELECT id, name, certification_key, created FROM organisations "
                  "WHERE certification_key = ?", (public_key,))
    return [Organisation(r[0], r[1], bytes(plain(r[2])), r[3]) for r in rows]


def add_revocation(tx: Tx, fingerprint: str, reason: str, now: int) -> None:
    tx.execute("INSERT INTO member_revocations (fingerprint, reason, revoked) VALUES (?, ?, ?) "
               "ON CONFLICT DO NOTHING", (fingerprint, reason, now))


def revocations(tx: Tx, org_id: str) -> dict[str, Revocation]:
    rows = tx.all("SELECT r.fingerprint, r.reason, r.revoked FROM member_revocations r "
                  "JOIN members m ON m.fingerprint = r.fingerprint WHERE m.org_id = ?",
                  (org_id,))
    return {r[0]: Revocation(r[1], r[2]) for r in rows}


def org_audit(tx: Tx, org_id: str, actor: str, limit: int) -> list[AuditEntry]:
    """The audit rows about `org_id` only, newest last: about the organisation itself, done by
    its admin (`actor`), about or by one of its members, or a link naming it."""
    rows = tx.all(
        "SELECT id, time, actor, action, subject, detail FROM audit WHERE subject = ? "
        "OR actor = ? OR subject IN (SELECT fingerprint FROM members WHERE org_id = ?) "
        "OR actor IN (SELECT fingerprint FROM members WHERE org_id = ?) "
        "OR (action IN ('org.linked', 'org.unlinked') AND detail = ?) "
        "ORDER BY id DESC LIMIT ?",
        (org_id, actor, org_id, org_id, f"with={org_id}", limit))
    return [AuditEntry(*r) for r in reversed(rows)]
