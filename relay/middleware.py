"""The relay's ASGI middleware: authentication, body limits, rate limits, JSON errors, response
signatures and one structured log line per request.

It sits inside Starlette's outermost error middleware and catches everything itself, so that
every answer, even a crash, is a signed JSON error with a stable code.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse

from crypto.org_admin import is_org_path
from crypto.sealed.codec import parse_json
from relay import auth, deposit, errors, intake_gate, org_auth
from relay.asgi_body import read_body
from relay.context import Relay
from relay.forwarded import TrustedProxies
from relay.logs import log_event
from relay.observability import METRICS_ROUTE, MetricsAccess, send_metrics
from relay.query import check_query
from relay.signing import RequestView, SigningSend

Scope = dict[str, Any]


def replay(body: bytes, receive: Any) -> Any:
    """A `receive` that yields the already-read body, then defers to the real one."""
    sent = False

    async def receive_again() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receive_again


def error_response(exc: errors.RelayError) -> JSONResponse:
    headers = {}
    retry = exc.details.get("retry_after")
    if isinstance(retry, int):
        headers["Retry-After"] = str(retry)
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class RelayMiddleware:
    def __init__(self, app: Any, relay: Relay, proxies: TrustedProxies = TrustedProxies(),
                 metrics: MetricsAccess = MetricsAccess()) -> None:
        self.app = app
        self.relay = relay
        self.proxies = proxies
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        peer = scope["client"][0] if scope.get("client") else None
        self.proxies.apply(scope)  # client address and scheme, from trusted proxies only
        host = _header(scope, b"host")
        url = auth.request_url(scope, host) if host else None
        signing = SigningSend(send, self.relay, RequestView(scope["method"], url,
                                                            auth.header_items(scope)))
        state = scope.setdefault("state", {})
        outcome: dict[str, Any] = {}
        received = [0]

        async def counting() -> dict[str, Any]:
            message = await receive()
            received[0] += len(message.get("body", b""))
            return message

        try:
            if (scope["method"], scope["path"]) == METRICS_ROUTE and \
                    self.metrics.allows(peer, scope["headers"]):
                await send_metrics(self.relay, signing)
            else:
                await self._dispatch(scope, counting, signing, url)
        except errors.RelayError as exc:
            outcome["error"] = exc.code
            if not signing.started:
                await error_response(exc)(scope, receive, signing)
        except ClientDisconnect:
            outcome["error"] = "client_disconnected"
        except Exception:  # noqa: BLE001 - every failure becomes a JSON error and a log line
            outcome["error"] = "internal_error"
            logging.getLogger("scelle.relay").exception("internal_error")
            if not signing.started:
                await error_response(errors.InternalError(
                    "The relay failed to handle this request."))(scope, receive, signing)
        principal = state.get("principal")
        elapsed = time.perf_counter() - started
        error = outcome.get("error") or state.get("error")
        log_event("request", method=scope["method"], path=scope["path"],
                  status=signing.status or None, error=error,
                  member=principal.fingerprint if isinstance(principal, auth.Principal) else None,
                  bytes_out=signing.sent_bytes, duration_ms=round(elapsed * 1000, 1))
        self.relay.metrics.observe(scope["method"], scope["path"], signing.status, error,
                                   received[0], signing.sent_bytes, elapsed)

    async def _dispatch(self, scope: Scope, receive: Any, send: Any, url: str | None) -> None:
        state = scope["state"]
        try:
            receive = await self._authenticate(scope, receive, url)
            if state.get("deposit_at_once"):
                assert url is not None
                await deposit.serve_at_once(self.relay, scope, receive, send, url,
                                            lambda principal: self._set_principal(scope,
                                                                                  principal))
                return
        except errors.RelayError as exc:
            if exc.status == 401 and "principal" not in state:
                # Failed attempts cost the address, like unsigned requests.
                await self._limit_anonymous(scope)
            raise
        principal = state.get("principal")
        if (scope["method"], scope["path"]) == auth.DEPOSIT_ROUTE and principal is not None:
            # The busiest route, served without FastAPI's routing and validation (see
            # relay/deposit.py); the FastAPI route stays for the OpenAPI description.
            await deposit.serve(self.relay, principal, scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _authenticate(self, scope: Scope, receive: Any, url: str | None) -> Any:
        method, path = scope["method"], scope["path"]
        if intake_gate.handles(path):  # the intake page: its own limits, streamed bodies
            return await intake_gate.admit(self.relay, scope, receive, url)
        if (method, path) in auth.PUBLIC_ROUTES:
            await self._limit_anonymous(scope)
            check_query(scope.get("query_string") or b"", {})  # none takes a parameter
            return receive
        if url is None:
            raise errors.InvalidRequest("The request has no usable Host header or target.")
        headers = auth.header_items(scope)
        limits = self.relay.limits
        if auth.is_streamed(method, path):
            length = _header(scope, b"content-length")
            if length is not None and (not length.isdigit() or int(length) > limits.max_chunk_size):
                if (method, path) == auth.DEPOSIT_ROUTE:
                    raise errors.BodyTooLarge(f"A single-request deposit holds at most "
                                              f"{limits.max_chunk_size} bytes; use the chunked "
                                              "upload.")
                raise errors.ChunkTooLarge(f"A chunk holds at most {limits.max_chunk_size} bytes.")
            if (method, path) == auth.DEPOSIT_ROUTE and deposit.at_once(length):
                scope["state"]["deposit_at_once"] = True  # authenticated in the same thread trip
                return receive
            principal = await self.relay.run(auth.verify_member, self.relay, method, url,
                                             headers, path)
            self._set_principal(scope, principal)
            return receive
        body = await read_body(receive, limits.max_json_body, lambda: errors.BodyTooLarge(
            f"The request body exceeds {limits.max_json_body} bytes."))
        if (method, path) == auth.ENROL_ROUTE:
            await self._limit_anonymous(scope)
            scope["state"]["enrolment"] = await self.relay.run(
                auth.verify_enrolment, self.relay, method, url, headers, body)
            return replay(body, receive)
        if is_org_path(path):  # organisation administration, signed by its key (org_auth.py)
            await org_auth.authenticate(self.relay, scope, method, url, headers, body)
            return replay(body, receive)
        principal = await self.relay.run(auth.verify_member, self.relay, method, url, headers,
                                         path)
        auth.check_digest(principal.request, body)
        self._set_principal(scope, principal)
        if body:
            # Strictly, before FastAPI reads it: a repeated key (FastAPI keeps the last),
            # a fraction, NaN or deep nesting is refused with one clear line.
            parse_json(body, errors.InvalidRequest, "The request body")
        return replay(body, receive)

    def _set_principal(self, scope: Scope, principal: auth.Principal) -> None:
        scope["state"]["principal"] = principal
        wait = principal.retry_after  # taken with the nonce, in the shared database
        if wait is not None:
            raise errors.RateLimited("Too many requests; slow down.",
                                     retry_after=max(1, int(wait + 0.999)))

    async def _limit_anonymous(self, scope: Scope) -> None:
        client = scope.get("client") or ("unknown", 0)
        try:
            wait = await self.relay.run(self.relay.anonymous_limiter.take, str(client[0]))
        except Exception:
            if (scope["method"], scope["path"]) == auth.HEALTH_ROUTE:
                return  # the health probe still answers, and names the failing database
            raise
        if wait is not None:
            raise errors.RateLimited("Too many requests from this address; slow down.",
                                     retry_after=max(1, int(wait + 0.999)))
