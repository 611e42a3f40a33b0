"""Duty rosters (crypto/groups.py) as published by each organisation, and the group an envelope
was addressed to.

A roster row holds the signed roster verbatim; its version only grows (`put_roster` refuses an
older or equal one in the same statement that writes, so two concurrent publications cannot both
win). Functions take an open transaction, like the rest of relay/db.
"""

from __future__ import annotations

from dataclasses import dataclass

from relay.db.base import Tx


@dataclass(frozen=True)
class StoredRoster:
    group_id: str
    org_id: str
    version: int
    roster: bytes  # the signed roster, canonical JSON
    published: int
    publisher: str  # the member who published it (fingerprint)


_COLS = "group_id, org_id, version, roster, published, publisher"


def roster(tx: Tx, group_id: str) -> StoredRoster | None:
    row = tx.one(f"SELECT {_COLS} FROM duty_rosters WHERE group_id = ?", (group_id,))
    return StoredRoster(*row) if row else None


def rosters_of(tx: Tx, org_ids: set[str]) -> list[StoredRoster]:
    if not org_ids:
        return []
    marks = ", ".join("?" for _ in org_ids)
    rows = tx.all(f"SELECT {_COLS} FROM duty_rosters WHERE org_id IN ({marks}) "
                  "ORDER BY org_id, group_id", sorted(org_ids))
    return [StoredRoster(*r) for r in rows]


def put_roster(tx: Tx, stored: StoredRoster) -> bool:
    """Insert, or replace a roster of the same organisation with a lower version; False if the
    stored one is as new or newer (or belongs to another organisation)."""
    return tx.execute(
        f"INSERT INTO duty_rosters ({_COLS}) VALUES (?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (group_id) DO UPDATE SET version = excluded.version, "
        "roster = excluded.roster, published = excluded.published, "
        "publisher = excluded.publisher WHERE duty_rosters.version < excluded.version "
        "AND duty_rosters.org_id = excluded.org_id",
        (stored.group_id, stored.org_id, stored.version, stored.roster, stored.published,
         stored.publisher)) == 1


def set_envelope_group(tx: Tx, envelope_id: str, group_id: str) -> None:
    tx.execute("INSERT INTO envelope_groups (envelope_id, group_id) VALUES (?, ?)",
               (envelope_id, group_id))


def envelope_group(tx: Tx, envelope_id: str) -> str | None:
    row = tx.one("SELECT group_id FROM envelope_groups WHERE envelope_id = ?", (envelope_id,))
    return str(row[0]) if row else None
