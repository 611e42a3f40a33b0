"""Enrolment, one's own record, and the directory."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from relay import membership
from relay.auth import Enrolment, Principal
from relay.context import Relay
from relay.models import Directory, EnrolRequest, MemberView
from relay.routes import PUBLIC, SIGNED, enrolment, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1", tags=["members"])


@router.post("/enrol", response_model=MemberView, status_code=201,
             responses=errors_doc(403, 409, 413, 422),
             openapi_extra={**PUBLIC, "description": (
                 "Register an identity card with a one-time invitation code. Signed like every "
                 "request, but with the key of the card in the body (keyid = its fingerprint). "
                 "The member stays `pending` until the organisation's admin certifies the card.")})
def enrol(body: EnrolRequest, signed: Enrolment = Depends(enrolment),
          relay: Relay = Depends(relay_of)) -> MemberView:
    del body  # validated for the OpenAPI schema; the signed copy is what counts
    return membership.enrol(relay, signed)


@router.get("/me", response_model=MemberView, responses=errors_doc(403), openapi_extra=SIGNED)
def me(who: Principal = Depends(principal), relay: Relay = Depends(relay_of)) -> MemberView:
    """Your own record and card as the relay holds it (also allowed while pending)."""
    return membership.me(relay, who)


@router.get("/directory", response_model=Directory, responses=errors_doc(403),
            openapi_extra=SIGNED)
def directory(fingerprint: str | None = Query(None, max_length=64),
              who: Principal = Depends(principal), relay: Relay = Depends(relay_of)) -> Directory:
    """Certified cards of your organisation and linked ones. A fingerprint outside that
    partition gives an empty list, exactly like one that does not exist."""
    return Directory(cards=membership.lookup(relay, who, fingerprint))
