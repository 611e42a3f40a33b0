"""Every public age test vector: outcome class and hash of all plaintext released."""

from __future__ import annotations

import pytest

from tests.age.vectors import Vector, all_vectors, run_vector

VECTORS = all_vectors()
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def _check(vector: Vector, outcome: str, released_sha256: str) -> None:
    assert outcome == vector.expect
    if vector.payload_sha256 is not None and outcome in ("success", "payload failure"):
        # For payload failures this is what was released before the error: only verified chunks.
        assert released_sha256 == vector.payload_sha256
    elif outcome != "success":
        assert released_sha256 == EMPTY_SHA256


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v.name)
def test_vector(vector: Vector) -> None:
    # Armored vectors are read in armor mode (as the vectors' "armored" key says), the others
    # with automatic detection, which must not mistake a binary file for armor.
    outcome, released_sha256 = run_vector(vector, armor=True if vector.armored else None)
    _check(vector, outcome, released_sha256)


@pytest.mark.parametrize(
    "vector",
    [v for v in VECTORS if v.armored and v.expect != "armor failure"],
    ids=lambda v: v.name,
)
def test_armored_vector_detected_automatically(vector: Vector) -> None:
    _check(vector, *run_vector(vector, armor=None))


def test_vector_set_is_complete() -> None:
    # Guards against a silently empty or partial copy of the vectors.
    assert len(VECTORS) == 143
