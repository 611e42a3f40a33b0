"""Every response leaves the relay signed with the relay key (crypto.httpsig.ResponseSigner).

Buffered responses (JSON, errors) are held until complete, digested and signed. A route that
streams (envelope download) signs its own headers with `sign_streamed` before the first byte;
responses already carrying a Signature pass through untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relay.context import Relay

Send = Any  # ASGI send callable
RawHeaders = list[tuple[bytes, bytes]]


def _text(headers: RawHeaders) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


def _raw(headers: Sequence[tuple[str, str]]) -> RawHeaders:
    return [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]


class RequestView:
    """The parts of the request a response signature binds to."""

    def __init__(self, method: str, url: str | None, headers: list[tuple[str, str]]) -> None:
        self.method = method
        self.url = url
        self.headers = headers


def sign_headers(relay: Relay, request: RequestView, status: int,
                 headers: Sequence[tuple[str, str]], *, body: bytes | None,
                 covered: Sequence[str] = ()) -> list[tuple[str, str]]:
    return relay.signer.sign(status, headers, request_method=request.method,
                             request_url=request.url, request_headers=request.headers,
                             created=relay.now(), body=body, covered_headers=covered)


class SigningSend:
    """Wraps ASGI `send`: buffers a response, then sends it signed."""

    def __init__(self, send: Send, relay: Relay, request: RequestView) -> None:
        self._send = send
        self._relay = relay
        self._request = request
        self._start: dict[str, Any] | None = None
        self._body: list[bytes] = []
        self.started = False
        self.status = 0
        self.sent_bytes = 0

    async def __call__(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            self.started = True
            self.status = message["status"]
            if any(k.lower() == b"signature" for k, _ in message.get("headers", [])):
                await self._send(message)  # signed by the route (streamed body)
            else:
                self._start = message
            return
        if kind == "http.response.body" and self._start is not None:
            self._body.append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._flush()
            return
        if kind == "http.response.body":
            self.sent_bytes += len(message.get("body", b""))
        await self._send(message)

    async def _flush(self) -> None:
        assert self._start is not None
        body = b"".join(self._body)
        headers = [(k, v) for k, v in _text(self._start.get("headers", []))
                   if k.lower() != "content-length"]
        if self.status not in (204, 304):  # these carry no body, and no length (RFC 9110)
            headers.append(("content-length", str(len(body))))
        signed = sign_headers(self._relay, self._request, self.status, headers, body=body)
        await self._send({**self._start, "headers": _raw(signed)})
        await self._send({"type": "http.response.body", "body": body, "more_body": False})
        self.sent_bytes += len(body)
        self._start, self._body = None, []
