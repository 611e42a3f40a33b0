"""Reading a whole ASGI request body in memory, with a bound checked as it arrives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.requests import ClientDisconnect

from relay import errors


async def read_body(receive: Any, limit: int,
                    too_long: Callable[[], errors.RelayError]) -> bytes:
    """The whole body; `too_long()` is raised as soon as more than `limit` bytes arrived, so a
    client cannot make the relay hold more than that."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        piece = message.get("body", b"")
        size += len(piece)
        if size > limit:
            raise too_long()
        parts.append(piece)
        if not message.get("more_body", False):
            return b"".join(parts)
