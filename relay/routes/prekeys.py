"""Prekeys: a member publishes its own, a sender fetches its recipients' current ones."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from relay import prekeys
from relay.auth import Principal
from relay.context import Relay
from relay.models import Strict
from relay.routes import SIGNED, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1/prekeys", tags=["prekeys"])


class PrekeyPost(Strict):
    prekey: dict[str, Any] = Field(description="A signed prekey (docs/format.md §9)")


class PrekeyPublished(BaseModel):
    prekey_id: str


class PrekeyEntry(BaseModel):
    fingerprint: str
    prekey: dict[str, Any]


class PrekeyList(BaseModel):
    prekeys: list[PrekeyEntry]


@router.post("", response_model=PrekeyPublished, status_code=201,
             responses=errors_doc(403, 422), openapi_extra=SIGNED)
def publish(body: PrekeyPost, who: Principal = Depends(principal),
            relay: Relay = Depends(relay_of)) -> PrekeyPublished:
    """Publish your next prekey, signed by your card's key; it must be newer than the last."""
    return PrekeyPublished(prekey_id=prekeys.publish(relay, who, body.prekey).prekey_id)


@router.get("", response_model=PrekeyList, responses=errors_doc(403), openapi_extra=SIGNED)
def lookup(fingerprint: list[str] = Query(min_length=1, max_length=prekeys.MAX_LOOKUP),
           who: Principal = Depends(principal), relay: Relay = Depends(relay_of)) -> PrekeyList:
    """The current prekey of each member asked about, among those your directory shows; the
    others (outside it, or without a prekey) are simply absent."""
    return PrekeyList(prekeys=[PrekeyEntry(**e) for e in prekeys.lookup(relay, who, fingerprint)])
