"""Delegations published in the directory (schema version 7), and their revocations.

A row holds the signed document as published (canonical JSON, verbatim); `certified` is set
once the organisation's countersigned copy replaced the principal's, `revoked` and
`revocation` once a signed revocation arrived. Functions take an open transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx

_COLS = ("id, org_id, principal, delegate, scope, valid_from, valid_until, document, certified, "
         "revoked, revocation, created")


@dataclass(frozen=True)
class DelegationRow:
    id: str
    org_id: str
    principal: str
    delegate: str
    scope: str  # "receive", "send" or "receive,send"
    valid_from: int
    valid_until: int
    document: bytes
    certified: int | None
    revoked: int | None
    revocation: bytes | None
    created: int

    def state(self, now: int) -> str:
        if self.revoked is not None:
            return "revoked"
        if self.certified is None:
            return "pending"
        return "expired" if self.valid_until <= now else "active"


def _rows(tx: Tx, where: str, params: list[object]) -> list[DelegationRow]:
    return [DelegationRow(*r) for r in tx.all(
        f"SELECT {_COLS} FROM delegations WHERE {where} ORDER BY created, id", params)]


def add(tx: Tx, row: DelegationRow) -> bool:
    return tx.execute(f"INSERT INTO delegations ({_COLS}) VALUES "
                      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                      (row.id, row.org_id, row.principal, row.delegate, row.scope,
                       row.valid_from, row.valid_until, row.document, row.certified,
                       row.revoked, row.revocation, row.created)) == 1


def get(tx: Tx, delegation_id: str) -> DelegationRow | None:
    found = _rows(tx, "id = ?", [delegation_id])
    return found[0] if found else None


def certify(tx: Tx, delegation_id: str, document: bytes, now: int) -> bool:
    """Replace a pending document by its certified copy, once (a concurrent second changes
    nothing)."""
    return tx.execute("UPDATE delegations SET document = ?, certified = ? WHERE id = ? "
                      "AND certified IS NULL AND revoked IS NULL",
                      (document, now, delegation_id)) == 1


def revoke(tx: Tx, delegation_id: str, revocation: bytes, now: int) -> bool:
    return tx.execute("UPDATE delegations SET revoked = ?, revocation = ? WHERE id = ? "
                      "AND revoked IS NULL", (now, revocation, delegation_id)) == 1


def of_principal(tx: Tx, principal: str) -> list[DelegationRow]:
    return _rows(tx, "principal = ?", [principal])


def of_delegate(tx: Tx, delegate: str) -> list[DelegationRow]:
    return _rows(tx, "delegate = ?", [delegate])


def pending(tx: Tx, org_id: str) -> list[DelegationRow]:
    return _rows(tx, "org_id = ? AND certified IS NULL AND revoked IS NULL", [org_id])


def revoked_in(tx: Tx, org_ids: set[str]) -> list[DelegationRow]:
    if not org_ids:
        return []
    marks = ", ".join("?" for _ in org_ids)
    return _rows(tx, f"revoked IS NOT NULL AND org_id IN ({marks})", sorted(org_ids))


def receiving_delegates(tx: Tx, principal: str) -> set[str]:
    """Everyone who was ever certified to receive for `principal` (revoked or expired since
    included: the principal keeps seeing who opened what they received at the time)."""
    rows = tx.all("SELECT delegate, scope FROM delegations WHERE principal = ? "
                  "AND certified IS NOT NULL", (principal,))
    return {r[0] for r in rows if "receive" in str(r[1]).split(",")}
