"""X25519 keys and round trips through AgeWriter/AgeReader."""

from __future__ import annotations

import io

import pytest

from crypto.age import (
    CHUNK_SIZE,
    AgeReader,
    AgeWriter,
    IdentityError,
    NoIdentityMatchError,
    RecipientError,
    X25519Identity,
    X25519Recipient,
)
from tests.age.helpers import open_sealed, seal

# From the C2SP age specification's examples.
SPEC_IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX"
SPEC_RECIPIENT = "age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj"


def test_spec_identity_derives_spec_recipient() -> None:
    identity = X25519Identity.from_string(SPEC_IDENTITY)
    assert str(identity.recipient()) == SPEC_RECIPIENT
    assert str(identity) == SPEC_IDENTITY
    assert str(X25519Recipient.from_string(SPEC_RECIPIENT)) == SPEC_RECIPIENT


def test_repr_does_not_reveal_secret() -> None:
    identity = X25519Identity.from_string(SPEC_IDENTITY)
    assert SPEC_IDENTITY[16:40] not in repr(identity)
    assert SPEC_IDENTITY[16:40].lower() not in repr(identity).lower()


def test_generated_identity_round_trips_through_string() -> None:
    identity = X25519Identity.generate()
    again = X25519Identity.from_string(str(identity))
    assert str(again.recipient()) == str(identity.recipient())
    assert len(identity.recipient().public_bytes) == 32


@pytest.mark.parametrize(
    "text",
    [
        "",
        "age1",
        SPEC_RECIPIENT[:-1] + ("q" if SPEC_RECIPIENT[-1] != "q" else "p"),  # bad checksum
        SPEC_RECIPIENT[:10] + SPEC_RECIPIENT[10:].upper(),  # mixed case
        SPEC_IDENTITY,  # a secret key where a public key is expected
        "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqzzzzzz",
    ],
)
def test_bad_recipient_strings(text: str) -> None:
    with pytest.raises(RecipientError):
        X25519Recipient.from_string(text)


@pytest.mark.parametrize(
    "text",
    ["", SPEC_RECIPIENT, SPEC_IDENTITY[:-1] + "Q", SPEC_IDENTITY[:20] + SPEC_IDENTITY[20:].lower()],
)
def test_bad_identity_strings_never_echo_the_key(text: str) -> None:
    with pytest.raises(IdentityError) as info:
        X25519Identity.from_string(text)
    if len(text) > 20:
        assert text[16:] not in str(info.value)


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 2 * CHUNK_SIZE, 3 * CHUNK_SIZE + 7]
)
def test_round_trip_sizes(size: int) -> None:
    identity = X25519Identity.generate()
    plaintext = bytes(range(256)) * (size // 256) + bytes(size % 256)
    assert open_sealed(seal(plaintext, [identity.recipient()]), [identity]) == plaintext


def test_chunk_count_matches_spec() -> None:
    # A payload of exactly n chunks must not get an extra empty chunk.
    identity = X25519Identity.generate()
    data = seal(bytes(2 * CHUNK_SIZE), [identity.recipient()])
    reader = AgeReader(io.BytesIO(data), [identity])
    assert len(data) == len(reader.header_bytes) + 16 + 2 * (CHUNK_SIZE + 16)
    assert [len(c) for c in reader.chunks()] == [CHUNK_SIZE, CHUNK_SIZE]


def test_many_small_writes_equal_one_write() -> None:
    identity = X25519Identity.generate()
    plaintext = bytes(range(251)) * 1000
    out = io.BytesIO()
    with AgeWriter(out, [identity.recipient()]) as writer:
        for start in range(0, len(plaintext), 997):
            writer.write(plaintext[start : start + 997])
    assert open_sealed(out.getvalue(), [identity]) == plaintext


def test_multiple_recipients_each_decrypt() -> None:
    identities = [X25519Identity.generate() for _ in range(3)]
    data = seal(b"secret", [i.recipient() for i in identities])
    for identity in identities:
        assert open_sealed(data, [identity]) == b"secret"


def test_wrong_identity_is_no_match() -> None:
    data = seal(b"secret", [X25519Identity.generate().recipient()])
    with pytest.raises(NoIdentityMatchError):
        AgeReader(io.BytesIO(data), [X25519Identity.generate()])


def test_no_identities_is_no_match() -> None:
    data = seal(b"secret", [X25519Identity.generate().recipient()])
    with pytest.raises(NoIdentityMatchError):
        AgeReader(io.BytesIO(data), [])


def test_no_recipients_is_refused() -> None:
    with pytest.raises(RecipientError):
        AgeWriter(io.BytesIO(), [])


def test_header_and_nonce_exposed_consistently() -> None:
    identity = X25519Identity.generate()
    out = io.BytesIO()
    writer = AgeWriter(out, [identity.recipient()])
    writer.write(b"x")
    writer.close()
    data = out.getvalue()
    assert data.startswith(writer.header_bytes + writer.nonce)
    assert writer.header_bytes.startswith(b"age-encryption.org/v1\n-> X25519 ")
    assert writer.header_bytes.endswith(b"\n") and b"\n--- " in writer.header_bytes
    reader = AgeReader(io.BytesIO(data), [identity])
    assert reader.header_bytes == writer.header_bytes
    assert reader.nonce == writer.nonce and len(reader.nonce) == 16


def test_exception_inside_context_writes_no_final_chunk() -> None:
    identity = X25519Identity.generate()
    out = io.BytesIO()
    with pytest.raises(RuntimeError), AgeWriter(out, [identity.recipient()]) as writer:
        writer.write(b"partial")
        raise RuntimeError("interrupted")
    # Only the header and nonce are there: the partial data was never sealed.
    assert out.getvalue() == writer.header_bytes + writer.nonce


def test_writer_state_errors() -> None:
    writer = AgeWriter(io.BytesIO(), [X25519Identity.generate().recipient()])
    writer.close()
    with pytest.raises(ValueError):
        writer.write(b"late")
    with pytest.raises(ValueError):
        writer.close()


def test_reader_payload_is_single_use() -> None:
    identity = X25519Identity.generate()
    reader = AgeReader(io.BytesIO(seal(b"abc", [identity.recipient()])), [identity])
    assert b"".join(reader.chunks()) == b"abc"
    with pytest.raises(RuntimeError):
        list(reader.chunks())


def test_low_order_recipient_is_refused_when_encrypting() -> None:
    with pytest.raises(RecipientError, match="low-order"):
        seal(b"x", [X25519Recipient(bytes(32))])
