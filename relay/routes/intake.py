"""The intake point's API: the signed intake document, proof-of-work challenges and deposits,
for a browser with no account; replies, posted by a member and fetched with the requester's
locator (docs/relay.md "Intake"). The relay middleware lets these through its intake entrance
(relay/intake_gate.py): rate limits per address kept in memory, a signature only for posting a
reply."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from pydantic import BaseModel, Field

from relay import errors, intake_deposit, intake_gate, intake_pow, intake_publish, \
    intake_replies
from relay.auth import Principal
from relay.context import Relay
from relay.intake_reply_response import reply_response
from relay.routes import PUBLIC, SIGNED, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1/intake", tags=["intake"])
NamePath = Path(max_length=64, description="The intake point's name")
ReplyId = Path(max_length=32, description="Reply id, 32 hex digits")
LOCATOR_HEADER = "scelle-reply-locator"


class IntakeLimitsView(BaseModel):
    max_bytes: int
    max_files: int
    max_request_bytes: int


class PowView(BaseModel):
    difficulty: int


class IntakeView(BaseModel):
    signed: str = Field(description="canonical(intake) as a string: verify the signature over "
                                    "its exact UTF-8 bytes before parsing it")
    signature: str
    limits: IntakeLimitsView
    pow: PowView


class ChallengeView(BaseModel):
    challenge: str = Field(description="80 hex digits")
    difficulty: int
    expires: int


class DepositAnswer(BaseModel):
    envelope_id: str
    receipt_code: str
    proof: dict[str, Any] = Field(description="The relay-signed intake_deposit proof")
    available_until: int


class ReplyPosted(BaseModel):
    reply_id: str
    posted: int
    expires: int


class ReplyItem(BaseModel):
    id: str
    posted: int
    size: int


class ReplyList(BaseModel):
    replies: list[ReplyItem]


def content_length(request: Request) -> int | None:
    value = request.headers.get("content-length")
    if value is None:
        return None
    if not value.isdigit() or len(value) > 19:
        raise errors.InvalidRequest("The Content-Length header is malformed.")
    return int(value)


@router.post("/replies", response_model=ReplyPosted, status_code=201,
             responses=errors_doc(404, 409, 411, 413), openapi_extra=SIGNED)
async def post_reply(request: Request,
                     envelope: str = Query(max_length=32, description="The intake envelope"),
                     who: Principal = Depends(principal),
                     relay: Relay = Depends(relay_of)) -> Any:
    """A recipient's reply to an intake request: the age file as body (at most 25 MiB)."""
    length = content_length(request)
    lookup = await relay.run(intake_replies.admit, relay, who, envelope, length)
    assert length is not None  # admit refuses a reply without one
    return await intake_replies.receive(relay, who, envelope, lookup, length, request.stream())


@router.get("/replies", response_model=ReplyList, responses=errors_doc(),
            openapi_extra=PUBLIC)
def list_replies(locator: str | None = Header(None, alias=LOCATOR_HEADER, max_length=32),
                 relay: Relay = Depends(relay_of)) -> Any:
    """The replies for a locator (an unknown one: none)."""
    return {"replies": intake_replies.listing(relay, locator)}


@router.get("/replies/{reply_id}", responses={**errors_doc(404), 200: {
    "content": {"application/octet-stream": {}}, "description": "The reply's bytes"}},
    openapi_extra=PUBLIC)
async def get_reply(request: Request, reply_id: str = ReplyId,
                    locator: str | None = Header(None, alias=LOCATOR_HEADER, max_length=32),
                    relay: Relay = Depends(relay_of)) -> Any:
    """One reply's bytes."""
    found = await relay.run(intake_replies.reply_of, relay, locator, reply_id)
    return reply_response(relay, request, found)


@router.get("/{name}", response_model=IntakeView, responses=errors_doc(404, 409),
            openapi_extra=PUBLIC)
def show(name: str = NamePath, relay: Relay = Depends(relay_of)) -> Any:
    """The signed intake document in its served form, the limits and the proof of work."""
    return intake_publish.served(relay, name)


@router.get("/{name}/challenge", response_model=ChallengeView, responses=errors_doc(404, 409),
            openapi_extra=PUBLIC)
def challenge(name: str = NamePath, relay: Relay = Depends(relay_of)) -> Any:
    """A fresh proof-of-work challenge for one deposit at this intake point."""
    intake_publish.published(relay, name)
    return intake_pow.issue(relay, name).to_json()


@router.post("/{name}/deposits", response_model=DepositAnswer, status_code=201,
             responses=errors_doc(403, 404, 409, 411, 413), openapi_extra=PUBLIC)
async def deposit(request: Request, name: str = NamePath,
                  version: int = Query(ge=1, le=2**53 - 1),
                  challenge: str = Query(max_length=80),
                  nonce: str = Query(max_length=64),
                  reply_lookup: str | None = Query(None, max_length=64),
                  relay: Relay = Depends(relay_of)) -> Any:
    """Deposit an age file encrypted for the intake document's recipients (the body)."""
    wait = intake_gate.take_deposit(relay, request.scope)
    query = intake_deposit.DepositQuery(version, challenge, nonce, reply_lookup)
    admitted = await relay.run(intake_deposit.admit, relay, name, query,
                               content_length(request), wait)
    return await intake_deposit.receive(relay, name, admitted, request.stream())
