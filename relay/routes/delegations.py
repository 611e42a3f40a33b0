"""Delegations: publish (pending, then certified), revoke, list."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, ConfigDict, Field

from relay import delegations
from relay.auth import Principal
from relay.context import Relay
from relay.routes import SIGNED, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1/delegations", tags=["delegations"])
DelegationId = Path(min_length=32, max_length=32, pattern="^[0-9a-f]{32}$",
                    description="Delegation id, 32 hex digits")


class DelegationPost(BaseModel):
    model_config = ConfigDict(extra="forbid")
    delegation: dict[str, Any] = Field(description="A delegation document (docs/format.md §8)")


class RevocationPost(BaseModel):
    model_config = ConfigDict(extra="forbid")
    revocation: dict[str, Any] = Field(description="A revocation statement (docs/format.md §8)")


class DelegationView(BaseModel):
    id: str
    state: Literal["pending", "active", "expired", "revoked"]
    document: dict[str, Any]
    principal_card: dict[str, Any] | None
    delegate_card: dict[str, Any] | None
    revocation: dict[str, Any] | None


class DelegationList(BaseModel):
    delegations: list[DelegationView]


@router.post("", response_model=DelegationView, status_code=201,
             responses=errors_doc(403, 409, 422), openapi_extra=SIGNED)
def publish(body: DelegationPost, who: Principal = Depends(principal),
            relay: Relay = Depends(relay_of)) -> dict[str, Any]:
    """The principal publishes the delegation they signed (`pending`); anyone of the
    organisation may publish its copy certified by the organisation key (`active`)."""
    return delegations.publish(relay, who, body.delegation)


@router.post("/{delegation_id}/revocation", response_model=DelegationView,
             responses=errors_doc(403, 404, 422), openapi_extra=SIGNED)
def revoke(body: RevocationPost, delegation_id: str = DelegationId,
           who: Principal = Depends(principal), relay: Relay = Depends(relay_of)
           ) -> dict[str, Any]:
    """A revocation signed by the principal or by the organisation key."""
    return delegations.revoke(relay, who, delegation_id, body.revocation)


@router.get("", response_model=DelegationList, responses=errors_doc(403, 404),
            openapi_extra=SIGNED)
def listing(list_: Literal["principal", "delegate", "pending", "revoked"] = Query(alias="list"),
            fingerprint: list[str] = Query([], max_length=delegations.MAX_LOOKUP),
            who: Principal = Depends(principal), relay: Relay = Depends(relay_of)
            ) -> DelegationList:
    """`list=principal|delegate` (`fingerprint`, repeatable up to 1000; default yourself):
    those members' delegations in force, all of your own; `list=pending`: your organisation's,
    for its admin; `list=revoked`: the revocations in your directory."""
    found = delegations.listing(relay, who, list_, fingerprint)
    return DelegationList(delegations=[DelegationView(**d) for d in found])
