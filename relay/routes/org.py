"""Organisation administration, signed by the organisation's own certification key
(relay/org_auth.py; docs/relay.md "Administration from the desktop", docs/format.md §6).

The middleware authenticates every request under /v1/org and leaves an `OrgAdmin` in the
request state; `org_admin` hands it to the handlers (other organisation routes take it too).
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from relay import errors, org_admin
from relay.context import Relay
from relay.models import Strict
from relay.org_auth import OrgAdmin
from relay.routes import SIGNED, errors_doc, relay_of

router = APIRouter(prefix="/v1/org", tags=["organisation administration"])
# Signed like member requests, but keyid = the organisation's public key in hex.
ORG_SIGNED: dict[str, Any] = SIGNED
FINGERPRINT = Path(pattern=r"^[0-9a-f]{64}$", description="Card fingerprint, 64 hex digits")


def org_admin_of(request: Request) -> OrgAdmin:
    value = request.scope.get("state", {}).get("org_admin")
    if not isinstance(value, OrgAdmin):  # only reachable if the middleware hook were missing
        raise errors.Unauthenticated("This request must be signed with an organisation key.")
    return value


class OrgRecord(BaseModel):
    id: str
    name: str
    created: int
    linked: list[str] = Field(description="Names of the organisations linked to this one")


class InviteRequest(Strict):
    role: Literal["member", "admin"] = "member"
    hours: int = Field(72, ge=1, le=24 * 30, description="Validity of the code")


class InvitationView(BaseModel):
    code: str = Field(description="One-time code, shown once (only its hash is kept)")
    organisation: str
    role: str
    expires: int


class OrgMember(BaseModel):
    fingerprint: str
    role: str
    status: Literal["pending", "certified", "revoked"]
    card_expires: int
    created: int
    updated: int
    revoked: int | None = Field(None, description="When the card was revoked from the desktop")
    reason: str | None = Field(None, description="removed-from-roll, lost-key or departure")
    name: str = Field(description="The name on the card")
    title: str = Field(description="The role (title) on the card")
    card: dict[str, Any] | None = Field(None, description="The card as the relay holds it "
                                        "(one member's route only, not the list)")


class OrgMembers(BaseModel):
    members: list[OrgMember]


class CertifyRequest(Strict):
    card: dict[str, Any] = Field(description="The member's card, certified by the "
                                 "organisation key (canonical JSON object)")


class RevokeRequest(Strict):
    reason: Literal["removed-from-roll", "lost-key", "departure"]


class OrgAuditEntry(BaseModel):
    id: int
    time: int
    actor: str
    action: str
    subject: str
    detail: str


class OrgAudit(BaseModel):
    entries: list[OrgAuditEntry]


@router.get("", response_model=OrgRecord, responses=errors_doc(), openapi_extra=ORG_SIGNED)
def record(who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """The organisation whose key signed the request."""
    return org_admin.org_record(relay, who)


@router.post("/invitations", response_model=InvitationView, status_code=201,
             responses=errors_doc(), openapi_extra=ORG_SIGNED)
def invite(body: InviteRequest, who: OrgAdmin = Depends(org_admin_of),
           relay: Relay = Depends(relay_of)) -> Any:
    """A one-time invitation code to this organisation, with a role."""
    return org_admin.invite(relay, who, body.role, body.hours).__dict__


@router.get("/members", response_model=OrgMembers, responses=errors_doc(),
            openapi_extra=ORG_SIGNED)
def members(who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """Every member of this organisation with its state (pending, certified, revoked)."""
    return {"members": org_admin.members(relay, who)}


@router.get("/members/{fingerprint}", response_model=OrgMember, responses=errors_doc(404),
            openapi_extra=ORG_SIGNED)
def member(fingerprint: str = FINGERPRINT, who: OrgAdmin = Depends(org_admin_of),
           relay: Relay = Depends(relay_of)) -> Any:
    """One member and its card (a pending card, to certify)."""
    return org_admin.member(relay, who, fingerprint)


@router.post("/members/{fingerprint}/certify", response_model=OrgMember,
             responses=errors_doc(404, 409, 422), openapi_extra=ORG_SIGNED)
def certify(body: CertifyRequest, fingerprint: str = FINGERPRINT,
            who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """Store the member's card certified by the admin with the organisation key."""
    return org_admin.certify(relay, who, fingerprint, body.card)


@router.post("/members/{fingerprint}/revoke", response_model=OrgMember,
             responses=errors_doc(404, 409), openapi_extra=ORG_SIGNED)
def revoke(body: RevokeRequest, fingerprint: str = FINGERPRINT,
           who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """Revoke the member's card, with the reason."""
    return org_admin.revoke(relay, who, fingerprint, body.reason)


@router.get("/audit", response_model=OrgAudit, responses=errors_doc(),
            openapi_extra=ORG_SIGNED)
def audit(limit: int = Query(100, ge=1, le=org_admin.MAX_AUDIT),
          who: OrgAdmin = Depends(org_admin_of), relay: Relay = Depends(relay_of)) -> Any:
    """This organisation's rows of the relay's audit trail, newest last."""
    return {"entries": org_admin.audit_trail(relay, who, limit)}
