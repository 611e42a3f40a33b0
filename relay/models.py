"""Request and response bodies of the relay API (pydantic), as published in the OpenAPI file."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Fingerprint = Field(pattern=r"^[0-9a-f]{64}$", description="Card fingerprint, 64 hex digits")


class Strict(BaseModel):
    # Strict types: "7" and true are not numbers, 7.0 is not an integer; no field but ours.
    model_config = ConfigDict(extra="forbid", strict=True)


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code (see docs/relay.md)")
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


class RelayLimits(BaseModel):
    max_envelope_size: int
    max_chunk_size: int
    max_json_body: int
    max_recipients: int
    min_availability_days: int
    max_availability_days: int
    clock_skew: int


class RelayInfo(BaseModel):
    relay_key: str = Field(description="Relay Ed25519 public key, base64")
    relay_key_id: str = Field(description="Key id of response signatures and proofs' signer")
    time: int = Field(description="Relay clock, seconds since the epoch")
    limits: RelayLimits
    key_rotations: list[dict[str, Any]] = Field(
        default_factory=list, description="Key rotation statements still in their overlap, "
        "each signed by the old and the new key: a client that pinned an older key follows "
        "them to `relay_key` (docs/relay.md)")
    previous_keys: list[str] = Field(
        default_factory=list, description="Every earlier relay public key, base64: proofs they "
        "signed stay valid")


class Health(BaseModel):
    status: Literal["ok", "failing"] = Field(description="`failing` (503) if any part fails")
    database: Literal["ok", "failing"] = Field(description="a trivial query")
    blobs: Literal["ok", "failing"] = Field(
        description="a probe object written, read back and deleted")


class EnrolRequest(Strict):
    invitation: str = Field(max_length=64)
    card: dict[str, Any] = Field(description="The identity card (canonical JSON object)")


class MemberView(BaseModel):
    fingerprint: str
    organisation: str
    role: str
    status: Literal["pending", "certified", "revoked"]
    card: dict[str, Any]


class DirectoryEntry(BaseModel):
    fingerprint: str
    organisation: str
    role: str
    card: dict[str, Any] = Field(description="Card carrying the organisation's certification")


class Directory(BaseModel):
    cards: list[DirectoryEntry]


class EnvelopeCreate(Strict):
    recipients: list[str] = Field(min_length=1, max_length=1000)
    size: int = Field(ge=1, description="Exact size of the sealed file, bytes")
    availability_days: int = Field(ge=1, le=30)
    group: str | None = Field(None, pattern=r"^[0-9a-f]{32}$", description=(
        "A duty group's id: every recipient must be on its roster; the deposit proof names it"))


class UploadStatus(BaseModel):
    envelope_id: str
    size: int
    received: int
    max_chunk_size: int
    upload_expires: int


class ChunkAccepted(BaseModel):
    received: int


class CommitRequest(Strict):
    content_digest: str | None = Field(None, pattern=r"^[0-9a-f]{64}$", description=(
        "The envelope's content digest (docs/format.md, section 5), 64 lowercase hex digits"))
    sha256: str | None = Field(None, description=(
        "Relay protocol 1 (a plain SHA-256): refused with protocol_outdated"))


class EnvelopeView(BaseModel):
    envelope_id: str
    sender: str | None = Field(description="The sender's fingerprint; null for a request "
                               "deposited at an intake page (see origin)")
    recipients: list[str] | None = Field(None, description="Only shown to the sender")
    size: int
    content_digest: str
    deposited: int
    available_until: int
    delivered: bool | None = Field(None, description="Recipient's own delivery (inbox only)")
    origin: dict[str, Any] | None = Field(None, description="{intake, version, receipt_code} "
                                          "for a request deposited at an intake page")


class CommitResponse(BaseModel):
    envelope: EnvelopeView
    deposit_proof: dict[str, Any]


class EnvelopeList(BaseModel):
    envelopes: list[EnvelopeView]


class ReceiptPost(Strict):
    receipt: dict[str, Any] = Field(description="A receipt proof (crypto/proofs.py)")


class ProofStamp(BaseModel):
    proof: str = Field(description="SHA-256 (hex) of the proof's canonical bytes: which proof")
    token: str | None = Field(None, description=(
        "The RFC 3161 TimeStampResp over those bytes, base64 DER (docs/format.md §11)"))
    pending: bool = Field(False, description="The authority has not answered yet: asked again")


class Proofs(BaseModel):
    deposit: dict[str, Any]
    deliveries: list[dict[str, Any]]
    receipts: list[dict[str, Any]]
    timestamps: list[ProofStamp] = Field(default_factory=list, description=(
        "Issue 17: one entry per dated or pending proof; absent from older relays"))
    kept_until: int | None = Field(None, description=(
        "The envelope is gone: these proofs are kept until then (epoch seconds)"))
