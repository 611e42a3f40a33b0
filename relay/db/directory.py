"""Organisations, agreements between them, invitations and members (their identity cards).

Functions take an open transaction so that services can combine them atomically.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Row, Tx

PENDING, CERTIFIED, REVOKED = "pending", "certified", "revoked"
ROLES = ("member", "admin")


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    certification_key: bytes  # Ed25519 public key; the private half stays with the org's admin
    created: int


@dataclass(frozen=True)
class Member:
    fingerprint: str
    org_id: str
    role: str
    status: str
    card: bytes  # canonical card JSON, as certified (or as enrolled while pending)
    card_expires: int
    created: int
    updated: int


@dataclass(frozen=True)
class Invitation:
    org_id: str
    role: str
    expires: int
    used: int | None


_ORG_COLS = "id, name, certification_key, created"
_MEMBER_COLS = "fingerprint, org_id, role, status, card, card_expires, created, updated"


def _org(row: Row | None) -> Organisation | None:
    return Organisation(*row) if row else None


def _member(row: Row | None) -> Member | None:
    return Member(*row) if row else None


def add_org(tx: Tx, org: Organisation) -> None:
    tx.execute(f"INSERT INTO organisations ({_ORG_COLS}) VALUES (?, ?, ?, ?)",
               (org.id, org.name, org.certification_key, org.created))


def org_by_name(tx: Tx, name: str) -> Organisation | None:
    return _org(tx.one(f"SELECT {_ORG_COLS} FROM organisations WHERE name = ?", (name,)))


def org_by_id(tx: Tx, org_id: str) -> Organisation | None:
    return _org(tx.one(f"SELECT {_ORG_COLS} FROM organisations WHERE id = ?", (org_id,)))


def list_orgs(tx: Tx) -> list[Organisation]:
    rows = tx.all(f"SELECT {_ORG_COLS} FROM organisations ORDER BY name")
    return [Organisation(*r) for r in rows]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def link(tx: Tx, a: str, b: str, now: int) -> bool:
    return tx.execute("INSERT INTO org_links (org_a, org_b, created) VALUES (?, ?, ?) "
                      "ON CONFLICT DO NOTHING", (*_pair(a, b), now)) == 1


def unlink(tx: Tx, a: str, b: str) -> bool:
    return tx.execute("DELETE FROM org_links WHERE org_a = ? AND org_b = ?", _pair(a, b)) == 1


def list_links(tx: Tx) -> list[tuple[str, str, int]]:
    rows = tx.all("SELECT a.name, b.name, l.created FROM org_links l "
                  "JOIN organisations a ON a.id = l.org_a JOIN organisations b ON b.id = l.org_b")
    # Pairs are stored in id order; show each in name order, the list sorted by name.
    return sorted((min(a, b), max(a, b), created) for a, b, created in rows)


def partition(tx: Tx, org_id: str) -> set[str]:
    """The organisations a member of `org_id` may see: its own and those linked to it."""
    rows = tx.all("SELECT org_b FROM org_links WHERE org_a = ? UNION "
                  "SELECT org_a FROM org_links WHERE org_b = ?", (org_id, org_id))
    return {org_id} | {r[0] for r in rows}


def add_invitation(tx: Tx, code_hash: bytes, org_id: str, role: str, now: int,
                   expires: int) -> None:
    tx.execute("INSERT INTO invitations (code_hash, org_id, role, created, expires) "
               "VALUES (?, ?, ?, ?, ?)", (code_hash, org_id, role, now, expires))


def invitation(tx: Tx, code_hash: bytes) -> Invitation | None:
    row = tx.one("SELECT org_id, role, expires, used FROM invitations WHERE code_hash = ?",
                 (code_hash,))
    return Invitation(*row) if row else None


def use_invitation(tx: Tx, code_hash: bytes, now: int, fingerprint: str) -> bool:
    """Mark the code used, once: a concurrent second use changes no row."""
    return tx.execute("UPDATE invitations SET used = ?, used_by = ? WHERE code_hash = ? "
                      "AND used IS NULL AND expires > ?",
                      (now, fingerprint, code_hash, now)) == 1


def add_member(tx: Tx, member: Member) -> bool:
    return tx.execute(f"INSERT INTO members ({_MEMBER_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                      "ON CONFLICT DO NOTHING",
                      (member.fingerprint, member.org_id, member.role, member.status, member.card,
                       member.card_expires, member.created, member.updated)) == 1


def member(tx: Tx, fingerprint: str) -> Member | None:
    return _member(tx.one(f"SELECT {_MEMBER_COLS} FROM members WHERE fingerprint = ?",
                          (fingerprint,)))


def update_member(tx: Tx, fingerprint: str, *, status: str, card: bytes, card_expires: int,
                  now: int) -> None:
    tx.execute("UPDATE members SET status = ?, card = ?, card_expires = ?, updated = ? "
               "WHERE fingerprint = ?", (status, card, card_expires, now, fingerprint))


def list_members(tx: Tx, org_id: str | None = None) -> list[Member]:
    where, params = ("WHERE org_id = ?", (org_id,)) if org_id else ("", ())
    return [Member(*r) for r in tx.all(
        f"SELECT {_MEMBER_COLS} FROM members {where} ORDER BY org_id, created, fingerprint",
        params)]


def visible_members(tx: Tx, org_ids: set[str], now: int,
                    fingerprint: str | None = None) -> list[Member]:
    """Certified, unexpired members of `org_ids` (optionally just one fingerprint)."""
    if not org_ids:
        return []
    marks = ", ".join("?" for _ in org_ids)
    sql = (f"SELECT {_MEMBER_COLS} FROM members WHERE status = ? AND card_expires > ? "
           f"AND org_id IN ({marks})")
    params: list[object] = [CERTIFIED, now, *sorted(org_ids)]
    if fingerprint is not None:
        sql += " AND fingerprint = ?"
        params.append(fingerprint)
    return [Member(*r) for r in tx.all(sql + " ORDER BY fingerprint", params)]


def visible_among(tx: Tx, org_ids: set[str], now: int, fingerprints: list[str]) -> set[str]:
    """Which of `fingerprints` are certified, unexpired members of `org_ids` (one query that
    reads only those rows, not the whole directory)."""
    if not org_ids or not fingerprints:
        return set()
    orgs = ", ".join("?" for _ in org_ids)
    wanted = ", ".join("?" for _ in fingerprints)
    rows = tx.all(f"SELECT fingerprint FROM members WHERE status = ? AND card_expires > ? "
                  f"AND org_id IN ({orgs}) AND fingerprint IN ({wanted})",
                  [CERTIFIED, now, *sorted(org_ids), *fingerprints])
    return {r[0] for r in rows}
