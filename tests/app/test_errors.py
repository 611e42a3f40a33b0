"""app.errors and app.times: what the faces catch and print, reached through app."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.errors import ScelleError, is_cancellation
from app.sealing import errors as sealed
from app.times import format_epoch, format_time, parse_time
from crypto.age.errors import AgeCancelled, AgeError
from crypto.factors.pkcs11_errors import PinEntryCancelledError
from storage.blobs.errors import CancelledError


@pytest.mark.parametrize("exc", [AgeCancelled("stop"), CancelledError(),
                                 PinEntryCancelledError(), sealed.Cancelled()])
def test_every_layers_cancellation_is_recognised(exc: BaseException) -> None:
    assert is_cancellation(exc)


@pytest.mark.parametrize("exc", [ScelleError("refused"), AgeError("bad"), sealed.BadSignature(),
                                 ValueError("Cancelled"), KeyboardInterrupt()])
def test_other_errors_are_not_cancellations(exc: BaseException) -> None:
    assert not is_cancellation(exc)


def test_sealed_refusals_are_scelle_errors_with_a_sentence() -> None:
    for name in sealed.__all__:
        cls = getattr(sealed, name)
        assert issubclass(cls, ScelleError) and str(cls()).endswith(".")


def test_exchanged_times() -> None:
    moment = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
    assert format_time(moment) == "2025-03-01T09:30:00Z"
    assert parse_time("2025-03-01T09:30:00Z") == moment
    assert format_epoch(int(moment.timestamp())) == "2025-03-01T09:30:00Z"
    assert format_epoch(None) is None
    with pytest.raises(ValueError):
        parse_time("2025-03-01 09:30")
