"""Deletes what has outlived its availability: envelopes (bytes, then metadata), abandoned
uploads, stale nonces, and bytes on disk that no database row claims.

Runs every `sweep_interval` seconds inside the server, and on demand (`scelle-relay sweep`,
tests). Expiry is also enforced on every read, so an envelope is unreachable the second its
availability ends even if the sweeper has not run yet.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import anyio

from relay.context import Relay
from relay.db import envelopes as db
from relay.db import housekeeping
from relay.logs import log_event

ORPHAN_GRACE = 3600  # seconds (file age): an upload being created owns its folder before its row


@dataclass(frozen=True)
class SweepReport:
    envelopes: int
    nonces: int
    orphans: int


def sweep(relay: Relay) -> SweepReport:
    """Blocking. One full pass."""
    now = relay.now()
    removed = 0
    while True:
        with relay.db.transaction() as tx:
            batch = db.expired(tx, now)
        for envelope_id in batch:
            relay.blobs.delete(envelope_id)  # bytes first: a crash here leaves a row to retry
            with relay.db.transaction() as tx:
                db.delete(tx, envelope_id)
            relay.hashes.forget(envelope_id)
            log_event("envelope.expired", envelope=envelope_id)
        removed += len(batch)
        if len(batch) < 500:
            break
    with relay.db.transaction() as tx:
        nonces = housekeeping.purge_nonces(tx, now)
    orphans = _orphans(relay)
    if removed or orphans:
        log_event("sweep", envelopes=removed, nonces=nonces, orphans=orphans)
    return SweepReport(removed, nonces, orphans)


def _orphans(relay: Relay) -> int:
    on_disk = relay.blobs.stored_ids()
    if not on_disk:
        return 0
    with relay.db.transaction() as tx:
        known = {r[0] for r in tx.all("SELECT id FROM envelopes")}
    count = 0
    for envelope_id in on_disk - known:
        if _age(relay, envelope_id) > ORPHAN_GRACE:
            relay.blobs.delete(envelope_id)
            count += 1
    return count


def _age(relay: Relay, envelope_id: str) -> float:
    for path in (relay.blobs.upload_dir(envelope_id), relay.blobs.envelope_path(envelope_id)):
        try:
            return time.time() - path.stat().st_mtime  # file ages are real time, not the clock
        except OSError:
            continue
    return 0.0


async def run_forever(relay: Relay) -> None:
    while True:
        try:
            await relay.run(sweep, relay)
        except Exception:  # noqa: BLE001 - keep sweeping; the failure is logged
            log_event("sweep.failed", level=40)
        await anyio.sleep(relay.limits.sweep_interval)
