"""The ASGI application factory.

    app = create_app(RelayConfig(data_dir=Path("/srv/scelle")))   # SQLite + blob folder
    app = create_app(config, clock=ManualClock())                 # tests move time

The data folder holds the relay key (0600), the blob folder and, by default, the SQLite file.
The schema is migrated at creation, so `scelle-relay serve` needs no other set-up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from relay import errors, sweeper
from relay.blobs import BlobStore
from relay.clock import Clock, SystemClock, seconds
from relay.config import Limits, RelayConfig
from relay.context import Relay
from relay.db import open_database
from relay.db.migrations import migrate
from relay.forwarded import TrustedProxies
from relay.keys import load_or_create_relay_key
from relay.metrics import RouteTemplates
from relay.middleware import RelayMiddleware, error_response
from relay.observability import METRICS_ROUTE, MetricsAccess
from relay.query import strict_query
from relay.ratelimit import RateLimit, RateLimiter
from relay.intake_headers import IntakeHeaders
from relay.routes import delegations, envelopes, groups, info, intake, intake_admin, \
    intake_pages, members, org, prekeys

API_VERSION = "1.0.0"
DESCRIPTION = """Scellé relay: exchange of sealed files between members of linked organisations.

Every request except `/v1/relay`, `/v1/health` and `/v1/openapi.json` carries an HTTP Message
Signature (RFC 9421, Ed25519, label `scelle`, tag `scelle-relay`, keyid = the member's card
fingerprint) covering `@method @authority @path @query content-digest`, with `created` and a
`nonce`. Every response is signed by the relay key. Errors are `{"error": {"code", "message"}}`.
See docs/relay.md."""


def build_relay(config: RelayConfig, clock: Clock | None = None) -> Relay:
    """Open (and migrate) storage and load the relay key."""
    clock = clock or SystemClock()
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    db = open_database(config)
    migrate(db, seconds(clock))
    member, anonymous = rate_limits(config.limits)
    return Relay(config=config, db=db, blobs=BlobStore(config.blob_dir), clock=clock,
                 key=load_or_create_relay_key(config.key_path), member_limit=member,
                 anonymous_limiter=RateLimiter(db, clock, anonymous))


def rate_limits(limits: Limits) -> tuple[RateLimit, RateLimit]:
    """The members' buckets and the addresses' buckets (unsigned requests, enrolment)."""
    return (RateLimit("member:", limits.rate_per_second, limits.rate_burst),
            RateLimit("addr:", limits.anonymous_rate_per_second, limits.anonymous_rate_burst))


ROUTERS = (info.router, members.router, envelopes.router, groups.router, delegations.router,
           intake_admin.router, org.router, prekeys.router, intake.router, intake_pages.router)


def create_app(config: RelayConfig, *, clock: Clock | None = None,
               sweep_in_background: bool = True) -> FastAPI:
    proxies = TrustedProxies.parse(config.trusted_proxies)  # a bad address stops the start
    access = MetricsAccess.parse(config.metrics, config.metrics_networks)
    relay = build_relay(config, clock)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with anyio.create_task_group() as group:
            if sweep_in_background:
                group.start_soon(sweeper.run_forever, relay)
            yield
            group.cancel_scope.cancel()
        relay.db.close()

    app = FastAPI(title="Scellé relay", version=API_VERSION, description=DESCRIPTION,
                  openapi_url="/v1/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan, dependencies=[Depends(strict_query)])
    app.state.relay = relay
    for router in ROUTERS:
        app.include_router(router)
    _install_handlers(app)
    app.add_middleware(RelayMiddleware, relay=relay, proxies=proxies, metrics=access)
    app.add_middleware(IntakeHeaders)  # outermost: on the intake page's answers, errors too
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
    # Metrics label requests by route template: the API's paths as published, the OpenAPI
    # document's own, and /metrics. Read from the routes, not from the OpenAPI document, whose
    # generation is half of a relay's start-up (0.3 s) and is left for whoever asks for it.
    relay.metrics.routes = RouteTemplates([*published_paths(), app.openapi_url or "",
                                           METRICS_ROUTE[1]])
    return app


def _install_handlers(app: FastAPI) -> None:
    async def relay_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, errors.RelayError)
        request.scope.setdefault("state", {})["error"] = exc.code
        return error_response(exc)

    async def invalid(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        # Name the fields only: FastAPI's default echoes the input values back.
        fields = sorted({".".join(str(p) for p in e["loc"]) for e in exc.errors()})
        return await relay_error(request, errors.InvalidRequest(
            "The request is malformed: " + ", ".join(fields) + ".", fields=fields))

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 405:
            return await relay_error(request, errors.MethodNotAllowed("Method not allowed."))
        if exc.status_code == 404:
            return await relay_error(request, errors.NotFound("Nothing here."))
        return await relay_error(request, errors.InvalidRequest("The request is malformed."))

    app.add_exception_handler(errors.RelayError, relay_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)


def published_paths() -> list[str]:
    """The path templates the OpenAPI document lists, in its order: the routers are included
    without a prefix (tests/relay/test_health_metrics.py checks they are the same)."""
    return list(dict.fromkeys(route.path_format for router in ROUTERS for route in router.routes
                              if isinstance(route, APIRoute) and route.include_in_schema))


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    from fastapi.openapi.utils import get_openapi

    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    schema.setdefault("components", {})["securitySchemes"] = {"httpMessageSignature": {
        "type": "apiKey", "in": "header", "name": "Signature",
        "description": "RFC 9421 HTTP Message Signature (see the API description); also needs "
                       "the Signature-Input and Content-Digest headers."}}
    app.openapi_schema = schema
    return schema
