"""The relay's delegation routes (docs/relay.md, "Delegations"), as the client calls them.

Every answer is parsed strictly: the document and the revocation by crypto/delegation.py, the
cards by crypto/identity.py. An entry that does not parse is a protocol error, not something
to show; whether a delegation holds is decided later, offline, by `check_delegation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from app.relay_client.context import Context
from app.relay_client.errors import RelayProtocolError
from crypto.delegation import (
    Delegation,
    DelegationError,
    Revocation,
    delegation_from_json,
    revocation_from_json,
)
from crypto.identity import CardError, IdentityCard, card_from_json

STATES = ("pending", "active", "expired", "revoked")


@dataclass(frozen=True)
class PublishedDelegation:
    delegation: Delegation
    state: str  # one of STATES, as the relay says (checked again where it matters)
    principal_card: IdentityCard | None
    delegate_card: IdentityCard | None
    revocation: Revocation | None

    @property
    def id_hex(self) -> str:
        return self.delegation.id_hex


def _entry(value: Any) -> PublishedDelegation:
    if not isinstance(value, dict) or value.get("state") not in STATES:
        raise RelayProtocolError("The relay's delegation entry is malformed.")
    try:
        cards = [None if value.get(k) is None else card_from_json(value.get(k))
                 for k in ("principal_card", "delegate_card")]
        revocation = value.get("revocation")
        entry = PublishedDelegation(
            delegation_from_json(value.get("document")), value["state"], cards[0], cards[1],
            None if revocation is None else revocation_from_json(revocation))
    except (DelegationError, CardError) as exc:
        raise RelayProtocolError(f"The relay returned an invalid delegation: {exc}") from None
    if entry.id_hex != value.get("id"):
        raise RelayProtocolError("The relay's delegation entry names another id.")
    return entry


def publish(ctx: Context, delegation: Delegation) -> PublishedDelegation:
    answer = ctx.transport().call("POST", "/v1/delegations",
                                  json_body={"delegation": delegation.to_json()})
    return _entry(answer)


def post_revocation(ctx: Context, revocation: Revocation) -> PublishedDelegation:
    answer = ctx.transport().call(
        "POST", f"/v1/delegations/{revocation.delegation_id.hex()}/revocation",
        json_body={"revocation": revocation.to_json()})
    return _entry(answer)


def listing(ctx: Context, which: str, *fingerprints: str) -> list[PublishedDelegation]:
    """`principal`/`delegate` (those members', in one request; yourself by default),
    `pending`, `revoked`."""
    query = urlencode([("list", which), *(("fingerprint", f) for f in fingerprints)])
    answer = ctx.transport().call("GET", f"/v1/delegations?{query}")
    items = answer.get("delegations") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise RelayProtocolError("The relay's answer has no valid 'delegations'.")
    return [_entry(v) for v in items]
