"""Everything a request handler needs, built once by the app factory (`app.state.relay`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from anyio import CancelScope, CapacityLimiter, to_thread
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.httpsig import ResponseSigner, relay_key_id
from relay.blobs import BlobStorage
from relay.clock import Clock, seconds
from relay.config import RelayConfig
from relay.db.base import Database
from relay.deposit_gate import DepositGate
from relay.metrics import Metrics
from relay.intake_limits import IntakeLimiter
from relay.ratelimit import RateLimit, RateLimiter

T = TypeVar("T")
DEPOSIT_THREADS = 64  # small deposits in threads at once; more wait in the event loop


@dataclass
class Relay:
    config: RelayConfig
    db: Database
    blobs: BlobStorage
    clock: Clock
    key: Ed25519PrivateKey
    member_limit: RateLimit  # taken with the request's nonce (relay/auth.py)
    anonymous_limiter: RateLimiter
    metrics: Metrics = field(default_factory=Metrics)  # this process's counters (/metrics)
    _locks: dict[str, list] = field(default_factory=dict)  # id -> [lock, users]
    _deposit_slots: CapacityLimiter | None = None  # made in the event loop, on first use
    _deposit_gate: DepositGate | None = None
    intake_limiter: IntakeLimiter | None = None  # relay/intake_gate.py, made on first use

    @property
    def limits(self):  # noqa: ANN201 - relay.config.Limits
        return self.config.limits

    @property
    def public_key(self) -> bytes:
        return self.key.public_key().public_bytes_raw()

    @property
    def key_id(self) -> str:
        return relay_key_id(self.public_key)

    @cached_property
    def signer(self) -> ResponseSigner:
        return ResponseSigner(self.key)  # the key never changes for the life of the process

    def now(self) -> int:
        return seconds(self.clock)

    @asynccontextmanager
    async def lock(self, envelope_id: str) -> AsyncIterator[None]:
        """Serialises the short append/commit steps of one upload (never held while streaming).

        Locks are counted by their users and forgotten when the last one leaves, so the table
        stays as small as the number of uploads being touched right now.
        """
        entry = self._locks.setdefault(envelope_id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del self._locks[envelope_id]

    @asynccontextmanager
    async def upload_lock(self, envelope_id: str) -> AsyncIterator[None]:
        """`lock`, then the database's lock on this upload, which every relay process sharing
        the database honours: a chunk's append, the commit and a withdrawal never interleave,
        whichever processes receive them. Held only for those short steps, never while a body
        streams in. With SQLite (one process) the first lock is all there is."""
        async with self.lock(envelope_id):
            if not self.db.shared:
                yield
                return
            held = ExitStack()
            await self.run(held.enter_context, self.db.exclusive("upload:" + envelope_id))
            try:
                yield
            finally:
                with CancelScope(shield=True):
                    await self.run(held.close)

    async def run(self, func: Callable[..., T], *args: object) -> T:
        """Run blocking work (database, files) in a worker thread."""
        return await to_thread.run_sync(func, *args)

    async def run_deposit(self, func: Callable[..., T], *args: object) -> T:
        """Run a small deposit's whole blocking trip, at most `limits.deposit_workers` of them
        running Python at once (relay/deposit_gate.py: a trip gives its place up while it
        waits for fsync). With 32 trips running at once, each waits for the interpreter lock
        behind the others: every deposit takes as long as the slowest. Other requests keep
        the general pool."""
        if self._deposit_slots is None:
            self._deposit_slots = CapacityLimiter(DEPOSIT_THREADS)
        if self._deposit_gate is None:
            self._deposit_gate = DepositGate(self.limits.deposit_workers)
        return await to_thread.run_sync(self._deposit_gate.run, func, *args,
                                        limiter=self._deposit_slots)
