"""An organisation's intake points, published and withdrawn by its admin with requests signed
by the organisation key (relay/org_auth.py; docs/relay.md "Intake")."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from relay import intake_publish
from relay.context import Relay
from relay.models import Strict
from relay.org_auth import OrgAdmin
from relay.routes import errors_doc, relay_of
from relay.routes.org import ORG_SIGNED, org_admin_of

router = APIRouter(prefix="/v1/org/intake", tags=["organisation administration"])
NamePath = Path(max_length=64, description="The intake point's name (the page's address)")


class IntakePublish(Strict):
    intake: dict[str, Any] = Field(description="The signed intake document, stored form "
                                               "(docs/format.md §12.1)")


class IntakeEntry(BaseModel):
    name: str
    version: int
    published: int
    withdrawn: int | None
    current: bool = Field(description="False while a listed recipient is no longer valid")
    intake: dict[str, Any]


class IntakeEntries(BaseModel):
    intakes: list[IntakeEntry]


@router.get("", response_model=IntakeEntries, responses=errors_doc(), openapi_extra=ORG_SIGNED)
def listing(who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """This organisation's intake points, withdrawn ones included."""
    return {"intakes": intake_publish.listing(relay, who)}


@router.get("/{name}", response_model=IntakeEntry, responses=errors_doc(404),
            openapi_extra=ORG_SIGNED)
def show(name: str = NamePath, who: OrgAdmin = Depends(org_admin_of),
         relay: Relay = Depends(relay_of)) -> Any:
    return intake_publish.show(relay, who, name)


@router.put("/{name}", response_model=IntakeEntry, responses=errors_doc(409, 422),
            openapi_extra=ORG_SIGNED)
def publish(body: IntakePublish, name: str = NamePath, who: OrgAdmin = Depends(org_admin_of),
            relay: Relay = Depends(relay_of)) -> Any:
    """Publish a new version of an intake document signed by the organisation key."""
    return intake_publish.publish(relay, who, name, body.intake)


@router.delete("/{name}", response_model=IntakeEntry, responses=errors_doc(404),
               openapi_extra=ORG_SIGNED)
def withdraw(name: str = NamePath, who: OrgAdmin = Depends(org_admin_of),
             relay: Relay = Depends(relay_of)) -> Any:
    """Withdraw the intake point: its page answers not_found; deposits made stay."""
    return intake_publish.withdraw(relay, who, name)
