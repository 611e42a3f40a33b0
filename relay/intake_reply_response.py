"""A reply's bytes, streamed from its file in blocks (at most two in memory), its headers signed
before the first byte like an envelope download's (relay/transfer.py)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from relay.auth import header_items, request_url
from relay.context import Relay
from relay.db.intake import IntakeReply
from relay.intake_replies import path_of
from relay.signing import RequestView, sign_headers

READ_BLOCK = 1024 * 1024


def reply_response(relay: Relay, request: Request, reply: IntakeReply) -> Response:
    headers = [("content-type", "application/octet-stream"),
               ("content-length", str(reply.size)),
               ("scelle-reply-size", str(reply.size))]
    scope = request.scope
    host = request.headers.get("host")
    view = RequestView(scope["method"], request_url(scope, host) if host else None,
                       header_items(scope))
    signed = sign_headers(relay, view, 200, headers, body=None, covered=["scelle-reply-size"])
    return _ReplyFileResponse(relay, reply, signed)


class _ReplyFileResponse(Response):
    def __init__(self, relay: Relay, reply: IntakeReply, headers: list[tuple[str, str]]) -> None:
        super().__init__(status_code=200)
        self.raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in headers]
        self._relay, self._reply = relay, reply

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        relay = self._relay
        handle = await relay.run(open, path_of(relay, self._reply.id), "rb")
        try:
            await send({"type": "http.response.start", "status": 200,
                        "headers": self.raw_headers})
            left = self._reply.size
            while left > 0:
                block = await relay.run(handle.read, min(READ_BLOCK, left))
                if not block:
                    raise OSError("reply file shorter than recorded")
                left -= len(block)
                await send({"type": "http.response.body", "body": block, "more_body": left > 0})
        finally:
            await relay.run(handle.close)
