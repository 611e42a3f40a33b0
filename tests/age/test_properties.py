"""Property tests: round trips at and around chunk boundaries, for every recipient type."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.age import (
    CHUNK_SIZE,
    AgeReader,
    AgeWriter,
    HybridIdentity,
    Identity,
    Recipient,
    ScryptIdentity,
    ScryptRecipient,
    X25519Identity,
    decrypt_stream,
    encrypt_stream,
)

BOUNDARIES = [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1]
BOUNDARIES += [2 * CHUNK_SIZE - 1, 2 * CHUNK_SIZE, 2 * CHUNK_SIZE + 1, 3 * CHUNK_SIZE]
sizes = st.one_of(st.sampled_from(BOUNDARIES), st.integers(0, 3 * CHUNK_SIZE + 1))

KeyMaker = Callable[[], tuple[list[Recipient], list[Identity]]]


def _x25519(count: int) -> KeyMaker:
    def make() -> tuple[list[Recipient], list[Identity]]:
        identities = [X25519Identity.generate() for _ in range(count)]
        return [i.recipient() for i in identities], [identities[-1]]

    return make


def _hybrid(count: int) -> KeyMaker:
    def make() -> tuple[list[Recipient], list[Identity]]:
        identities = [HybridIdentity.generate() for _ in range(count)]
        return [i.recipient() for i in identities], [identities[0]]

    return make


def _scrypt() -> tuple[list[Recipient], list[Identity]]:
    return [ScryptRecipient("pass phrase", work_factor=2)], [ScryptIdentity("pass phrase")]


KEY_MAKERS = {
    "x25519": _x25519(1),
    "x25519x3": _x25519(3),
    "hybrid": _hybrid(1),
    "hybridx2": _hybrid(2),
    "scrypt": _scrypt,
}


def _data(size: int, seed: int) -> bytes:
    block = bytes((seed + i) % 251 for i in range(251))
    return (block * (size // 251 + 1))[:size]


@pytest.mark.parametrize("kind", sorted(KEY_MAKERS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(size=sizes, seed=st.integers(0, 250), data=st.data())
def test_round_trip_with_random_write_splits(
    kind: str, size: int, seed: int, data: st.DataObject
) -> None:
    recipients, identities = KEY_MAKERS[kind]()
    plaintext = _data(size, seed)
    cuts = sorted(data.draw(st.lists(st.integers(0, size), max_size=5)))
    out = io.BytesIO()
    with AgeWriter(out, recipients) as writer:
        for start, end in zip([0, *cuts], [*cuts, size]):
            writer.write(plaintext[start:end])
    sealed = out.getvalue()
    chunks = list(AgeReader(io.BytesIO(sealed), identities).chunks())
    assert b"".join(chunks) == plaintext
    # The chunk structure is canonical whatever the write pattern.
    expected_chunks = max(1, -(-size // CHUNK_SIZE))
    assert len(chunks) == expected_chunks
    assert all(len(c) == CHUNK_SIZE for c in chunks[:-1])


@settings(max_examples=25, deadline=None)
@given(size=sizes, seed=st.integers(0, 250), prefix=st.integers(0, CHUNK_SIZE + 1))
def test_stream_helpers_round_trip(size: int, seed: int, prefix: int) -> None:
    # Mixes a first write() with write_from(), which must then take the copying path.
    identity = X25519Identity.generate()
    plaintext = _data(size, seed)
    prefix = min(prefix, size)
    out = io.BytesIO()
    writer = AgeWriter(out, [identity.recipient()])
    writer.write(plaintext[:prefix])
    assert writer.write_from(io.BytesIO(plaintext[prefix:])) == size - prefix
    writer.close()
    plain = io.BytesIO()
    assert decrypt_stream(io.BytesIO(out.getvalue()), plain, [identity]) == size
    assert plain.getvalue() == plaintext


@settings(max_examples=25, deadline=None)
@given(size=sizes, seed=st.integers(0, 250))
def test_encrypt_stream_matches_writer_layout(size: int, seed: int) -> None:
    identity = X25519Identity.generate()
    plaintext = _data(size, seed)
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(plaintext), out, [identity.recipient()])
    reader = AgeReader(io.BytesIO(out.getvalue()), [identity])
    chunks = [len(c) for c in reader.chunks()]
    assert sum(chunks) == size
    overhead = len(reader.header_bytes) + 16 + 16 * len(chunks)
    assert len(out.getvalue()) == size + overhead
