"""The records bench/relay_soak.py's members send back (bench/_soak_load.py) and its judgement
reads (bench/_soak_verify.py): plain values, picklable across the load processes."""

from __future__ import annotations

import traceback
from dataclasses import dataclass

from app.relay_client.errors import RelayClientError, RelayRefused


@dataclass(frozen=True)
class SentRecord:
    envelope_id: str
    sender: str
    recipients: tuple[str, ...]
    size: int
    sha256: str
    path: str  # "single" or "chunked"
    seconds: float  # first request to the checked deposit proof
    committed_at: float  # wall clock (time.time) when the proof was in hand


@dataclass(frozen=True)
class ReceivedRecord:
    envelope_id: str
    recipient: str
    sender: str
    size: int  # bytes actually received
    sha256: str  # computed here over the received bytes
    download_seconds: float
    receive_seconds: float  # download, proofs and receipt
    finished_at: float  # wall clock


@dataclass(frozen=True)
class CollectedRecord:
    envelope_id: str
    deliveries: tuple[str, ...]  # recipients named by the delivery proofs
    receipts: tuple[str, ...]  # recipients whose `opened` receipt came back
    offline_ok: bool  # the bundle verified offline, relay proofs by the expected key id


@dataclass(frozen=True)
class ErrorRecord:
    role: str
    operation: str
    kind: str  # exception class
    code: str  # relay error code, when the relay refused
    status: int
    message: str


def error_record(role: str, operation: str, exc: BaseException) -> ErrorRecord:
    if isinstance(exc, RelayRefused):
        return ErrorRecord(role, operation, type(exc).__name__, exc.code, exc.status, str(exc))
    text = str(exc) if isinstance(exc, RelayClientError) else \
        "".join(traceback.format_exception_only(exc)).strip()
    return ErrorRecord(role, operation, type(exc).__name__, "", 0, text[:300])
