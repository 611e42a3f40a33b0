"""Every public age test vector: outcome class and hash of all plaintext released."""

from __future__ import annotations

import pytest

from tests.age.vectors import Vector, all_vectors, run_vector

VECTORS = all_vectors()


def _supported(vector: Vector) -> bool:
    return not vector.armored


@pytest.mark.parametrize("vector", [v for v in VECTORS if _supported(v)], ids=lambda v: v.name)
def test_vector(vector: Vector) -> None:
    outcome, released_sha256 = run_vector(vector)
    assert outcome == vector.expect
    if vector.payload_sha256 is not None and outcome in ("success", "payload failure"):
        # For payload failures this is what was released before the error: only verified chunks.
        assert released_sha256 == vector.payload_sha256
    elif outcome != "success":
        assert released_sha256 == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_vector_set_is_complete() -> None:
    # Guards against a silently empty or partial copy of the vectors.
    assert len(VECTORS) == 143
