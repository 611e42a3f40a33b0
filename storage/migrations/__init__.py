"""Numbered schema migrations of `vault.db`.

The schema version is SQLite's `PRAGMA user_version`. Each `Migration` runs in its own write
transaction together with the `user_version` bump, so a crash leaves the database at the previous
version or the next, never in between. A database whose version is above `LATEST` was written by
a newer Scellé: the store refuses it (`NewerVaultError`) before changing anything.

To add a step: write `vNNN_what.py` with `apply(db)`, append it to `MIGRATIONS`, never edit a
released step, and add a test that opens a database left at the previous version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storage.db import Database
from storage.migrations import (
    v001_core,
    v002_search,
    v003_audit,
    v004_vault,
    v005_relay,
    v006_org_keys,
    v007_groups,
    v008_delegations,
    v009_prekeys,
    v010_consultation,
    v011_timestamps,
    v012_brokerage,
    v013_intake,
    v014_brokerage_exchanges,
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[Database], None]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "cases, documents, versions, tags, meta, blob journal", v001_core.apply),
    Migration(2, "full-text search index", v002_search.apply),
    Migration(3, "hash-chained audit log", v003_audit.apply),
    Migration(4, "identity, contacts, messages, replay table", v004_vault.apply),
    Migration(5, "relay client: account, outbox, inbox, proofs", v005_relay.apply),
    Migration(6, "organisation keys held by an admin", v006_org_keys.apply),
    Migration(7, "duty groups: messages to a group, roster versions seen", v007_groups.apply),
    Migration(8, "delegation revocations learned", v008_delegations.apply),
    Migration(9, "relay prekeys: own (secret until destroyed), correspondents', use",
              v009_prekeys.apply),
    Migration(10, "view-only documents, consultation ends", v010_consultation.apply),
    Migration(11, "trusted timestamps of relay proofs, the authority's trust anchors",
              v011_timestamps.apply),
    Migration(12, "brokerage: clients, insurers, mandates, contracts, instalments",
              v012_brokerage.apply),
    Migration(13, "intake: requests from outside received, replies posted",
              v013_intake.apply),
    Migration(14, "brokerage: insurers' keys, statements received and deposited",
              v014_brokerage_exchanges.apply),
)
LATEST = MIGRATIONS[-1].version


def migrate(db: Database, target: int = LATEST) -> list[int]:
    """Bring `db` up to `target`; return the versions applied (empty if already there).

    `target` below LATEST exists for tests that build an old database (`migrate(db, 1)`).
    """
    if not 0 <= target <= LATEST:
        raise ValueError(f"no schema version {target}")
    applied: list[int] = []
    for step in MIGRATIONS:
        if step.version > target:
            break
        with db.transaction():
            # Re-read inside the write lock: another process cannot interleave (vault lock), but
            # a step must never run twice even if this function is re-entered.
            if db.schema_version() >= step.version:
                continue
            step.apply(db)
            db.execute(f"PRAGMA user_version = {int(step.version)}")
        applied.append(step.version)
    return applied
