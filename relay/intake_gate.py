"""The relay middleware's entrance for the intake routes (`/depot/…`, `/v1/intake/…`).

Everything there is public except posting a reply, a member's signed request whose body (an age
file, up to 25 MiB) streams to disk like a deposit's: its signature and the member's standing
are checked here, its body against the signed digest by the route. Every public request first
takes from its address's bucket (relay/intake_limits.py, memory only); the address is used for
that and nothing else.
"""

from __future__ import annotations

from typing import Any

from relay import auth, errors
from relay.context import Relay
from relay.intake_headers import is_intake_path
from relay.intake_limits import IntakeLimiter

REPLY_POST = ("POST", "/v1/intake/replies")


def handles(path: str) -> bool:
    return is_intake_path(path)


def limiter(relay: Relay) -> IntakeLimiter:
    """This process's buckets for that relay, made on first use."""
    if relay.intake_limiter is None:
        limits = relay.limits
        relay.intake_limiter = IntakeLimiter(
            relay.clock, limits.intake_rate_per_second, limits.intake_rate_burst,
            limits.intake_deposits_per_hour, limits.intake_deposit_burst)
    return relay.intake_limiter


def client_address(scope: dict[str, Any]) -> str | None:
    client = scope.get("client")
    return str(client[0]) if client else None


def _refuse(wait: float) -> errors.RelayError:
    return errors.RateLimited("Too many requests; slow down.",
                              retry_after=max(1, int(wait + 0.999)))


async def admit(relay: Relay, scope: dict[str, Any], receive: Any, url: str | None) -> Any:
    """The middleware's hook: authenticate (a reply) or rate-limit (the rest); the body is
    left to the route."""
    method, path = scope["method"], scope["path"]
    if (method, path) == REPLY_POST:
        if url is None:
            raise errors.InvalidRequest("The request has no usable Host header or target.")
        try:
            principal = await relay.run(auth.verify_member, relay, method, url,
                                        auth.header_items(scope), path)
        except errors.RelayError as exc:
            if exc.status == 401:
                # Charged to the address in memory like every intake request: the middleware's
                # own charge for a failed signature would write the address to the shared
                # table, and whoever sent this may be a requester, not a member.
                scope["state"]["principal"] = None
                wait = limiter(relay).take(client_address(scope))
                if wait is not None:
                    raise _refuse(wait) from None
            raise
        scope["state"]["principal"] = principal
        if principal.retry_after is not None:
            raise _refuse(principal.retry_after)
        return receive
    wait = limiter(relay).take(client_address(scope))
    if wait is not None:
        raise _refuse(wait)
    return receive


def take_deposit(relay: Relay, scope: dict[str, Any]) -> float | None:
    """The address's deposit bucket (on top of the request bucket the gate took)."""
    return limiter(relay).take_deposit(client_address(scope))
