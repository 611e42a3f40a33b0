"""Tampering with, truncating or extending an age file always fails and releases nothing false."""

from __future__ import annotations

import io

import pytest

from crypto.age import (
    CHUNK_SIZE,
    AgeError,
    AgeReader,
    ChunkAuthenticationError,
    PayloadError,
    TrailingDataError,
    TruncatedPayloadError,
    X25519Identity,
)
from tests.age.helpers import flip_bit, open_sealed, seal

ENCRYPTED_CHUNK = CHUNK_SIZE + 16


@pytest.fixture(scope="module")
def identity() -> X25519Identity:
    return X25519Identity.generate()


def _payload_start(data: bytes) -> int:
    return data.index(b"\n---") + len(b"\n--- ") + 43 + 1 + 16


def test_every_single_bit_flip_of_a_small_file_fails(identity: X25519Identity) -> None:
    data = seal(b"small but precious", [identity.recipient()])
    for position in range(len(data)):
        with pytest.raises(AgeError):
            open_sealed(flip_bit(data, position, bit=position % 8), [identity])


def _three_chunk_file(identity: X25519Identity) -> tuple[bytes, bytes, int]:
    plaintext = bytes(range(256)) * (2 * CHUNK_SIZE // 256) + b"tail"
    data = seal(plaintext, [identity.recipient()])
    return plaintext, data, _payload_start(data)


@pytest.mark.parametrize(
    "offset", [0, 100, ENCRYPTED_CHUNK - 1, ENCRYPTED_CHUNK, 2 * ENCRYPTED_CHUNK + 3]
)
def test_payload_bit_flip_is_an_authentication_error(identity: X25519Identity, offset: int) -> None:
    plaintext, data, start = _three_chunk_file(identity)
    reader = AgeReader(io.BytesIO(flip_bit(data, start + offset)), [identity])
    released = bytearray()
    with pytest.raises(ChunkAuthenticationError):
        for chunk in reader.chunks():
            released += chunk
    # Only authentic whole chunks were released before the error.
    assert len(released) % CHUNK_SIZE == 0
    assert plaintext.startswith(bytes(released))
    assert len(released) == (offset // ENCRYPTED_CHUNK) * CHUNK_SIZE


def test_payload_nonce_change_fails_first_chunk(identity: X25519Identity) -> None:
    _, data, start = _three_chunk_file(identity)
    with pytest.raises(ChunkAuthenticationError):
        open_sealed(flip_bit(data, start - 1), [identity])


def test_swapped_chunks_fail(identity: X25519Identity) -> None:
    _, data, start = _three_chunk_file(identity)
    first = data[start : start + ENCRYPTED_CHUNK]
    second = data[start + ENCRYPTED_CHUNK : start + 2 * ENCRYPTED_CHUNK]
    forged = data[:start] + second + first + data[start + 2 * ENCRYPTED_CHUNK :]
    with pytest.raises(ChunkAuthenticationError):
        open_sealed(forged, [identity])


def test_dropping_the_final_chunk_is_truncation(identity: X25519Identity) -> None:
    _, data, start = _three_chunk_file(identity)
    with pytest.raises(TruncatedPayloadError, match="final chunk is missing"):
        open_sealed(data[: start + 2 * ENCRYPTED_CHUNK], [identity])


def test_dropping_the_whole_payload_is_truncation(identity: X25519Identity) -> None:
    _, data, start = _three_chunk_file(identity)
    with pytest.raises(TruncatedPayloadError, match="no chunk"):
        open_sealed(data[:start], [identity])


@pytest.mark.parametrize("cut", [1, 15, 16, 17, ENCRYPTED_CHUNK - 1, ENCRYPTED_CHUNK + 5])
def test_truncation_inside_a_chunk_fails(identity: X25519Identity, cut: int) -> None:
    _, data, start = _three_chunk_file(identity)
    with pytest.raises(PayloadError):
        open_sealed(data[: start + cut], [identity])


def test_truncated_final_chunk_fails(identity: X25519Identity) -> None:
    _, data, _ = _three_chunk_file(identity)
    with pytest.raises(PayloadError):
        open_sealed(data[:-1], [identity])


@pytest.mark.parametrize("extra", [b"\x00", b"\n", bytes(ENCRYPTED_CHUNK)])
def test_trailing_data_after_a_short_final_chunk_fails(
    identity: X25519Identity, extra: bytes
) -> None:
    # The extra bytes join the short final chunk as read, so it no longer authenticates.
    _, data, _ = _three_chunk_file(identity)
    with pytest.raises(PayloadError):
        open_sealed(data + extra, [identity])


@pytest.mark.parametrize("extra", [b"\x00", bytes(17), bytes(ENCRYPTED_CHUNK)])
def test_trailing_data_after_a_full_final_chunk_is_named(
    identity: X25519Identity, extra: bytes
) -> None:
    plaintext = bytes(2 * CHUNK_SIZE)
    data = seal(plaintext, [identity.recipient()])
    reader = AgeReader(io.BytesIO(data + extra), [identity])
    released = bytearray()
    with pytest.raises(TrailingDataError, match="after its final chunk"):
        for chunk in reader.chunks():
            released += chunk
    assert released == plaintext  # the final chunk is authentic on its own


def test_appending_a_valid_file_fails(identity: X25519Identity) -> None:
    one = seal(b"first", [identity.recipient()])
    two = seal(b"second", [identity.recipient()])
    with pytest.raises(PayloadError):
        open_sealed(one + two, [identity])


def test_empty_payload_file(identity: X25519Identity) -> None:
    data = seal(b"", [identity.recipient()])
    assert len(data) == _payload_start(data) + 16
    assert open_sealed(data, [identity]) == b""


def test_full_single_final_chunk_is_accepted(identity: X25519Identity) -> None:
    plaintext = bytes(CHUNK_SIZE)
    assert open_sealed(seal(plaintext, [identity.recipient()]), [identity]) == plaintext
