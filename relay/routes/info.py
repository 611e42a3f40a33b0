"""Public: the relay's key and limits (pinned by clients at enrolment), and a health probe
(relay/observability.py)."""

from __future__ import annotations

import base64

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from relay import keys, observability

from relay.context import Relay
from relay.models import Health, RelayInfo, RelayLimits
from relay.routes import PUBLIC, relay_of

router = APIRouter(prefix="/v1", tags=["relay"])


@router.get("/relay", response_model=RelayInfo, openapi_extra=PUBLIC)
def relay_info(relay: Relay = Depends(relay_of)) -> RelayInfo:
    """The relay's public key (check its key id against the one your admin gave you)."""
    limits = relay.limits
    rotations, previous = keys.published_history(relay.config.key_history_path, relay.now())
    return RelayInfo(
        relay_key=base64.b64encode(relay.public_key).decode("ascii"), relay_key_id=relay.key_id,
        time=relay.now(),
        limits=RelayLimits(max_envelope_size=limits.max_envelope_size,
                           max_chunk_size=limits.max_chunk_size,
                           max_json_body=limits.max_json_body,
                           max_recipients=limits.max_recipients,
                           min_availability_days=limits.min_availability_days,
                           max_availability_days=limits.max_availability_days,
                           clock_skew=limits.clock_skew),
        key_rotations=rotations, previous_keys=previous)


@router.get("/health", response_model=Health, openapi_extra=PUBLIC,
            responses={503: {"model": Health, "description": "A part is failing"}})
def health(relay: Relay = Depends(relay_of)) -> JSONResponse:
    """This process's database and blob store, checked now (no authentication, no data)."""
    status, body = observability.health(relay)
    return JSONResponse(Health(**body).model_dump(), status_code=status,
                        headers={"cache-control": "no-store"})
