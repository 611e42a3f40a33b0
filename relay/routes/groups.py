"""Duty groups: the signed rosters of your organisation and linked ones (docs/relay.md)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from relay import groups
from relay.auth import Principal
from relay.context import Relay
from relay.models import Strict
from relay.routes import SIGNED, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1/groups", tags=["groups"])
GroupId = Path(max_length=32, description="Group id, 32 hex digits")


class RosterPost(Strict):
    roster: dict[str, Any] = Field(description="The signed duty roster (docs/format.md §7)")


class GroupView(BaseModel):
    group_id: str
    organisation: str
    version: int
    published: int
    roster: dict[str, Any] = Field(description="The signed roster, as its organisation signed it")


class GroupList(BaseModel):
    groups: list[GroupView]


@router.get("", response_model=GroupList, responses=errors_doc(403), openapi_extra=SIGNED)
def listing(who: Principal = Depends(principal), relay: Relay = Depends(relay_of)) -> GroupList:
    """The duty rosters of your organisation and of linked ones."""
    return GroupList(groups=[GroupView(**g) for g in groups.listing(relay, who)])  # type: ignore[arg-type]


@router.get("/{group_id}", response_model=GroupView, responses=errors_doc(403, 404),
            openapi_extra=SIGNED)
def show(group_id: str = GroupId, who: Principal = Depends(principal),
         relay: Relay = Depends(relay_of)) -> GroupView:
    """One roster. A group outside your partition is `not_found`, like one that does not
    exist."""
    return GroupView(**groups.show(relay, who, group_id))  # type: ignore[arg-type]


@router.put("/{group_id}", response_model=GroupView, responses=errors_doc(403, 404, 409, 422),
            openapi_extra=SIGNED)
def publish(body: RosterPost, group_id: str = GroupId, who: Principal = Depends(principal),
            relay: Relay = Depends(relay_of)) -> GroupView:
    """Publish a new version of one of your organisation's rosters, signed by its
    certification key: refused if not signed by it, if a member is not certified in it, or if
    its version is not higher than the published one (`roster_outdated`)."""
    return GroupView(**groups.publish(relay, who, group_id, body.roster))  # type: ignore[arg-type]
