"""Envelopes: create, upload chunks, commit, list, show, download, withdraw, receipts, proofs."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from relay import deposit as single
from relay import envelopes, receipts, transfer
from relay.auth import Principal
from relay.context import Relay
from relay.models import (
    ChunkAccepted,
    CommitRequest,
    CommitResponse,
    EnvelopeCreate,
    EnvelopeList,
    EnvelopeView,
    Proofs,
    ReceiptPost,
    UploadStatus,
)
from relay.routes import SIGNED, errors_doc, principal, relay_of

router = APIRouter(prefix="/v1/envelopes", tags=["envelopes"])
EnvelopeId = Path(max_length=32, description="Envelope id, 32 hex digits")


@router.post("", response_model=UploadStatus, status_code=201,
             responses=errors_doc(403, 413, 422), openapi_extra=SIGNED)
def create(body: EnvelopeCreate, who: Principal = Depends(principal),
           relay: Relay = Depends(relay_of)) -> UploadStatus:
    """Start an upload addressed to fingerprints from your directory."""
    return envelopes.create(relay, who, body)


@router.post("/deposit", response_model=CommitResponse, status_code=201,
             responses=errors_doc(403, 409, 413), openapi_extra={
                 **SIGNED, "requestBody": {"required": True, "content": {
                     "application/octet-stream": {"schema": {"type": "string",
                                                             "format": "binary"}}}}})
async def deposit(request: Request,
                  recipients: list[str] = Query(min_length=1, max_length=1000),
                  availability_days: int = Query(ge=1, le=30),
                  envelope_id: str | None = Query(None, min_length=32, max_length=32),
                  group: str | None = Query(None, min_length=32, max_length=32, description=(
                      "A duty group's id: recipients on its roster; the proof names it")),
                  who: Principal = Depends(principal),
                  relay: Relay = Depends(relay_of)) -> CommitResponse:
    """Create, upload and commit a small envelope (at most 8 MiB) in one request: the body is
    the sealed file, its signed Content-Digest its SHA-256; the answer carries the deposit
    proof. All or nothing. `envelope_id` (random, chosen by the client) makes a retry safe."""
    # RelayMiddleware serves this route itself (relay/deposit.py, the lean path); this
    # declaration describes it in the OpenAPI document and answers the same way if reached.
    env, checked = await single.deposit(relay, who, request.receive,
                                        request.headers.get("content-length"),
                                        single.DepositQuery(recipients, availability_days,
                                                            envelope_id, group))
    return envelopes.committed_answer(env, checked)


@router.get("", response_model=EnvelopeList, responses=errors_doc(403), openapi_extra=SIGNED)
def listing(box: Literal["inbox", "sent"] = Query("inbox"), who: Principal = Depends(principal),
            relay: Relay = Depends(relay_of)) -> EnvelopeList:
    return EnvelopeList(envelopes=envelopes.listing(relay, who, box))


@router.get("/{envelope_id}/upload", response_model=UploadStatus, responses=errors_doc(404, 409),
            openapi_extra=SIGNED)
def upload_status(envelope_id: str = EnvelopeId, who: Principal = Depends(principal),
                  relay: Relay = Depends(relay_of)) -> UploadStatus:
    """Where your upload stands (`received`): resume from there."""
    return envelopes.status(relay, envelopes.upload_of(relay, who, envelope_id))


@router.put("/{envelope_id}/chunks/{offset}", response_model=ChunkAccepted,
            responses=errors_doc(404, 409, 413), openapi_extra={
                **SIGNED, "requestBody": {"required": True, "content": {
                    "application/octet-stream": {"schema": {"type": "string",
                                                            "format": "binary"}}}}})
async def put_chunk(request: Request, envelope_id: str = EnvelopeId,
                    offset: int = Path(ge=0), who: Principal = Depends(principal),
                    relay: Relay = Depends(relay_of)) -> ChunkAccepted:
    """Append up to 8 MiB at `offset`, which must equal `received`."""
    return await transfer.receive_chunk(relay, who, envelope_id, offset, request)


@router.post("/{envelope_id}/commit", response_model=CommitResponse,
             responses=errors_doc(400, 404, 409, 422), openapi_extra=SIGNED)
async def commit(body: CommitRequest, envelope_id: str = EnvelopeId,
                 who: Principal = Depends(principal),
                 relay: Relay = Depends(relay_of)) -> CommitResponse:
    """Check the content digest (derived from the chunks' digests), make the envelope visible,
    return the signed deposit proof. A wrong digest discards the upload entirely; `sha256`
    (relay protocol 1) is refused with `protocol_outdated`."""
    return await envelopes.commit(relay, who, envelope_id, body.content_digest)


@router.get("/{envelope_id}", response_model=EnvelopeView, responses=errors_doc(404),
            openapi_extra=SIGNED)
def show(envelope_id: str = EnvelopeId, who: Principal = Depends(principal),
         relay: Relay = Depends(relay_of)) -> EnvelopeView:
    return envelopes.show(relay, who, envelope_id)


@router.get("/{envelope_id}/content", responses={
    **errors_doc(404, 416), 200: {"content": {"application/octet-stream": {}}},
    206: {"content": {"application/octet-stream": {}}}}, openapi_extra=SIGNED,
    response_class=Response)
async def content(request: Request, envelope_id: str = EnvelopeId,
                  who: Principal = Depends(principal),
                  relay: Relay = Depends(relay_of)) -> Response:
    """The sealed bytes, for addressed recipients only. `Range: bytes=N-` resumes."""
    return await transfer.download(relay, who, envelope_id, request)


@router.delete("/{envelope_id}", status_code=204, response_class=Response,
               responses=errors_doc(404), openapi_extra=SIGNED)
async def withdraw(envelope_id: str = EnvelopeId, who: Principal = Depends(principal),
                   relay: Relay = Depends(relay_of)) -> Response:
    """The sender deletes the envelope (or abandons the upload): bytes and metadata."""
    await envelopes.withdraw(relay, who, envelope_id)
    return Response(status_code=204)


@router.post("/{envelope_id}/receipts", status_code=201, response_model=Proofs,
             responses=errors_doc(404, 409, 422), openapi_extra=SIGNED)
def post_receipt(body: ReceiptPost, envelope_id: str = EnvelopeId,
                 who: Principal = Depends(principal), relay: Relay = Depends(relay_of)) -> Proofs:
    """A recipient's signed receipt (opened or refused); answers with the proofs you may see."""
    receipts.post(relay, who, envelope_id, body.receipt)
    return receipts.proofs(relay, who, envelope_id)


@router.get("/{envelope_id}/proofs", response_model=Proofs, responses=errors_doc(404),
            openapi_extra=SIGNED)
def proofs(envelope_id: str = EnvelopeId, who: Principal = Depends(principal),
           relay: Relay = Depends(relay_of)) -> Proofs:
    """Deposit proof, delivery proofs and receipts (the sender sees all; a recipient its own)."""
    return receipts.proofs(relay, who, envelope_id)
