"""Deletes what has outlived its availability: envelopes (bytes, then metadata), abandoned
uploads, stale nonces, and bytes on disk that no database row claims.

Runs every `sweep_interval` seconds inside the server, and on demand (`scelle-relay sweep`,
tests). Expiry is also enforced on every read, so an envelope is unreachable the second its
availability ends even if the sweeper has not run yet.

Several relay processes may share one database and blob store, each with its sweeper: a pass
runs only while it holds the database's `sweeper` lock (an advisory lock on PostgreSQL), and a
process that finds it taken skips its turn, since another is doing the same work. Every step is
idempotent anyway (bytes first, then rows), so a pass cut short by a crash is finished by the
next one, in whichever process.
"""

from __future__ import annotations

from dataclasses import dataclass

import anyio

from relay import evidence, intake_replies, timestamping
from relay.context import Relay
from relay.db import envelopes as db
from relay.db import housekeeping
from relay.logs import log_event
from relay.ratelimit import purge_buckets

ORPHAN_GRACE = 3600  # seconds (file age): an upload being created owns its folder before its row


@dataclass(frozen=True)
class SweepReport:
    envelopes: int
    nonces: int
    orphans: int

    @property
    def skipped(self) -> bool:
        return False


class SkippedSweep(SweepReport):
    """Another relay process was sweeping: this one did nothing (the report's fields, as
    `scelle-relay sweep --json` prints them, are all zero)."""

    @property
    def skipped(self) -> bool:
        return True


def sweep(relay: Relay) -> SweepReport:
    """Blocking. One full pass, unless another process sharing the database is making one."""
    with relay.db.exclusive("sweeper", wait=False) as mine:
        if not mine:
            return SkippedSweep(0, 0, 0)
        return _pass(relay)


def _pass(relay: Relay) -> SweepReport:
    now = relay.now()
    removed = 0
    while True:
        with relay.db.transaction() as tx:
            batch = db.expired(tx, now)
        for envelope_id in batch:
            relay.blobs.delete(envelope_id)  # bytes first: a crash here leaves a row to retry
            with relay.db.transaction() as tx:
                evidence.retain(tx, relay, envelope_id)  # its proofs outlive it (issue 17)
                db.delete(tx, envelope_id)
            log_event("envelope.expired", envelope=envelope_id)
        removed += len(batch)
        if len(batch) < 500:
            break
    stamped = timestamping.complete_pending(relay)  # an authority that was down is back?
    with relay.db.transaction() as tx:
        proofs = evidence.sweep(tx, relay)  # retention over
        nonces = housekeeping.purge_nonces(tx, now)
        purge_buckets(tx, relay.clock.now(), [relay.member_limit,
                                              relay.anonymous_limiter.limit])
    orphans = _orphans(relay)
    intake_replies.sweep(relay)  # replies past their 30 days, files no row claims
    if removed or orphans or stamped or proofs:
        log_event("sweep", envelopes=removed, nonces=nonces, orphans=orphans,
                  proofs_stamped=stamped, proofs_dropped=proofs)
    return SweepReport(removed, nonces, orphans)


def _orphans(relay: Relay) -> int:
    on_disk = relay.blobs.stored_ids()
    if not on_disk:
        return 0
    with relay.db.transaction() as tx:
        known = {r[0] for r in tx.all("SELECT id FROM envelopes")}
    count = 0
    for envelope_id in on_disk - known:
        if relay.blobs.age(envelope_id) > ORPHAN_GRACE:
            relay.blobs.delete(envelope_id)
            count += 1
    return count


async def run_forever(relay: Relay) -> None:
    while True:
        try:
            await relay.run(sweep, relay)
        except Exception:  # noqa: BLE001 - keep sweeping; the failure is logged
            log_event("sweep.failed", level=40)
        await anyio.sleep(relay.limits.sweep_interval)
