"""Query strings are read strictly: every parameter a route does not declare is refused, and so
is a second copy of a parameter that takes one value.

FastAPI ignores parameters it was not told about and keeps the last copy of a repeated one. A
client (or a proxy) would then believe the relay honoured something it silently dropped, and
two readers of one signed query could disagree about what it says. The answer names the
parameter (400 `invalid_request`), never its value.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from urllib.parse import parse_qsl

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from relay import errors

#: name -> whether it may repeat (a list parameter)
Allowed = Mapping[str, bool]
_ALLOWED: dict[int, dict[str, bool]] = {}


def _showable(name: str) -> bool:
    return name.isascii() and name.isprintable() and len(name) <= 40


def _refuse(name: str, problem: str) -> errors.RelayError:
    if _showable(name):
        return errors.InvalidRequest(problem.format(repr(name)), fields=[f"query.{name}"])
    return errors.InvalidRequest(problem.format("(unprintable name)"), fields=["query"])


def check_query(query_string: bytes, allowed: Allowed) -> list[tuple[str, str]]:
    """The query's (name, value) pairs; `InvalidRequest` naming the first offending name."""
    try:
        pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True,
                          strict_parsing=bool(query_string))
    except ValueError:
        raise errors.InvalidRequest("The query string is malformed.",
                                    fields=["query"]) from None
    seen: set[str] = set()
    for name, _ in pairs:
        if name not in allowed:
            raise _refuse(name, "Unknown query parameter {}.")
        if name in seen and not allowed[name]:
            raise _refuse(name, "The query parameter {} is given twice.")
        seen.add(name)
    return pairs


def _declared(dependant: Dependant) -> dict[str, bool]:
    """The query parameters a route and its dependencies declare (FastAPI's `Dependant`)."""
    found = {p.alias: typing.get_origin(p.field_info.annotation) is list
             for p in dependant.query_params}
    for sub in dependant.dependencies:
        found.update(_declared(sub))
    return found


def _route_allowed(route: APIRoute) -> dict[str, bool]:
    known = _ALLOWED.get(id(route))
    if known is None:
        known = _ALLOWED[id(route)] = _declared(route.dependant)
    return known


def strict_query(request: Request) -> None:
    """A dependency of every route: the query holds only what the route declares."""
    route = request.scope.get("route")
    allowed = _route_allowed(route) if isinstance(route, APIRoute) else {}
    check_query(request.scope.get("query_string") or b"", allowed)
