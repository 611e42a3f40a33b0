"""Bodies of the intake routes (a deposit, a reply): age files streamed to disk in blocks, never
whole in memory, and exactly as long as announced."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from relay import errors
from relay.context import Relay

AGE_MAGIC = b"age-encryption.org/v1\n"
BLOCK = 1024 * 1024  # bytes gathered before a write on a worker thread


async def stream_into(relay: Relay, write: Callable[[bytes], None], length: int,
                      stream: AsyncIterator[bytes]) -> None:
    """Feed `write` (on a worker thread) until `length` bytes have come; a longer or shorter
    body, or one that does not begin as an age file, is refused (the caller removes what was
    written)."""
    pending = bytearray()
    received = 0
    checked = False
    async for piece in stream:
        received += len(piece)
        if received > length:
            raise errors.InvalidRequest("The body is longer than its Content-Length.")
        pending += piece
        if not checked and len(pending) >= len(AGE_MAGIC):
            _check_magic(bytes(pending))
            checked = True
        if len(pending) >= BLOCK:
            await relay.run(write, bytes(pending))
            pending.clear()
    if received != length:
        raise errors.InvalidRequest("The body is shorter than its Content-Length.")
    _check_magic(bytes(pending) if not checked else AGE_MAGIC)
    if pending:
        await relay.run(write, bytes(pending))


def _check_magic(head: bytes) -> None:
    if not head.startswith(AGE_MAGIC):
        raise errors.InvalidRequest("The body is not an age file.")
