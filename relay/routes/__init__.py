"""HTTP routes, one module per resource. Handlers are thin: services do the work."""

from __future__ import annotations

from typing import Any

from fastapi import Request

from relay import errors
from relay.auth import Enrolment, Principal
from relay.context import Relay
from relay.models import ErrorBody

SIGNED: dict[str, Any] = {"security": [{"httpMessageSignature": []}]}
PUBLIC: dict[str, Any] = {"security": []}


def errors_doc(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route may give (always the same JSON shape)."""
    return {status: {"model": ErrorBody} for status in (400, 401, 429, *statuses)}


def relay_of(request: Request) -> Relay:
    return request.app.state.relay


def principal(request: Request) -> Principal:
    value = request.scope.get("state", {}).get("principal")
    if not isinstance(value, Principal):  # only reachable if a route was left public by mistake
        raise errors.Unauthenticated("This request must be signed by a member.")
    return value


def enrolment(request: Request) -> Enrolment:
    value = request.scope.get("state", {}).get("enrolment")
    if not isinstance(value, Enrolment):
        raise errors.Unauthenticated("This request must be signed with the enrolled card's key.")
    return value
