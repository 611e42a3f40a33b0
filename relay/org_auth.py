"""Authentication of organisation administration requests (paths under /v1/org/).

Signed like member requests (crypto/httpsig), but the `keyid` is an organisation's public
certification key in hex (crypto/org_admin.py): the relay looks the key up among organisations
only, never among members, remembers the nonce (a replay is refused), and takes from that key's
rate-limit bucket. The organisation so found is the only one the request may act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from crypto.httpsig import HttpSigError, VerifiedRequest, check_body
from crypto.org_admin import org_key_id
from crypto.sealed.codec import parse_json
from relay import errors
from relay.auth import _remember_nonce, _sig_error, _verifier
from relay.context import Relay
from relay.db import org_admin as rows
from relay.db.directory import Organisation


@dataclass(frozen=True)
class OrgAdmin:
    """An authenticated organisation admin request."""

    org: Organisation
    request: VerifiedRequest
    retry_after: float | None = None

    @property
    def actor(self) -> str:
        """How the audit trail names the organisation's admin."""
        return f"org:{self.org.id}"


def verify_org_admin(relay: Relay, method: str, url: str, headers: list[tuple[str, str]],
                     body: bytes) -> OrgAdmin:
    """Blocking: the signature by an organisation key, its body digest, and the nonce."""
    found: dict[str, Organisation] = {}

    def resolve(key_id: str) -> Ed25519PublicKey | None:
        with relay.db.transaction() as tx:
            orgs = rows.orgs_by_key(tx, bytes.fromhex(key_id))
        if len(orgs) != 1:  # none, or a key shared by two organisations: trust neither
            return None
        found["org"] = orgs[0]
        try:
            return Ed25519PublicKey.from_public_bytes(orgs[0].certification_key)
        except ValueError:
            return None

    try:
        verified = _verifier(relay, resolve).verify(method, url, headers)
        check_body(verified, body)
    except HttpSigError as exc:
        raise _sig_error(exc) from None
    org = found["org"]
    if verified.key_id != org_key_id(org.certification_key):
        raise errors.Unauthenticated("The signature does not verify.")
    wait = _remember_nonce(relay, verified, member=True)
    return OrgAdmin(org, verified, wait)


async def authenticate(relay: Relay, scope: dict[str, Any], method: str, url: str,
                       headers: list[tuple[str, str]], body: bytes) -> None:
    """The middleware's hook for /v1/org: verify, leave the `OrgAdmin` in the request state
    (relay/routes/org.py `org_admin_of`), apply the key's rate limit, read the body strictly."""
    who = await relay.run(verify_org_admin, relay, method, url, headers, body)
    scope["state"]["org_admin"] = who
    if who.retry_after is not None:
        raise errors.RateLimited("Too many requests; slow down.",
                                 retry_after=max(1, int(who.retry_after + 0.999)))
    if body:
        # As for member requests: a repeated key, a fraction, NaN or deep nesting is refused
        # with one clear line before FastAPI reads the body.
        parse_json(body, errors.InvalidRequest, "The request body")
