"""Header encoding and strict parsing."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto.age import (
    AgeError,
    AgeReader,
    ArmorError,
    HeaderError,
    HeaderMacError,
    HeaderTooLargeError,
    Stanza,
    StanzaError,
    UnsupportedVersionError,
    X25519Identity,
)
from crypto.age import header as header_module
from crypto.age.header import MAX_HEADER_SIZE, build_header, parse_header
from tests.age.helpers import seal

FILE_KEY = bytes(range(16))

visible = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12
)


@given(
    st.lists(
        st.builds(Stanza, visible, st.lists(visible, max_size=4), st.binary(max_size=200)),
        min_size=1,
        max_size=4,
    )
)
def test_build_then_parse_is_identity(stanzas: list[Stanza]) -> None:
    header = build_header(stanzas, FILE_KEY)
    parsed = parse_header(io.BytesIO(header.raw + b"payload"))
    assert parsed.stanzas == stanzas
    assert parsed.raw == header.raw and parsed.mac == header.mac


@pytest.mark.parametrize(("size", "lines"), [(0, 1), (1, 1), (47, 1), (48, 2), (96, 3), (97, 3)])
def test_body_wrapping(size: int, lines: int) -> None:
    encoded = Stanza("t", [], bytes(size)).encode().split(b"\n")[1:-1]
    assert len(encoded) == lines
    assert all(len(line) == 64 for line in encoded[:-1]) and len(encoded[-1]) < 64


def test_stanza_refuses_unencodable_arguments() -> None:
    for bad in ["", "two words", "caf\u00e9", "tab\t"]:
        with pytest.raises(ValueError):
            Stanza("X25519", [bad], b"")


def _sealed() -> tuple[bytes, X25519Identity, int]:
    identity = X25519Identity.generate()
    data = seal(b"hello header", [identity.recipient()])
    header_length = data.index(b"\n---") + len(b"\n--- ") + 43 + 1
    return data, identity, header_length


def test_every_truncation_inside_the_header_is_a_header_error() -> None:
    data, identity, header_length = _sealed()
    for cut in range(header_length + 16):  # up to the end of the payload nonce
        with pytest.raises(HeaderError):
            AgeReader(io.BytesIO(data[:cut]), [identity])


def test_crlf_header_is_rejected() -> None:
    data, identity, header_length = _sealed()
    header = data[:header_length].replace(b"\n", b"\r\n")
    with pytest.raises(HeaderError, match="CRLF"):
        AgeReader(io.BytesIO(header + data[header_length:]), [identity])


@pytest.mark.parametrize(
    ("first_line", "error"),
    [
        (b"age-encryption.org/v2", UnsupportedVersionError),
        (b"age-encryption.org/v1 ", UnsupportedVersionError),
        (b"age-encryption.org/V1", UnsupportedVersionError),
        (b"-----BEGIN PGP MESSAGE-----", ArmorError),  # looks like armor, but not age's
        (b"\x00\x01binary", HeaderError),
    ],
)
def test_version_line(first_line: bytes, error: type[AgeError]) -> None:
    data, identity, _ = _sealed()
    forged = first_line + data[data.index(b"\n") :]
    with pytest.raises(error):
        AgeReader(io.BytesIO(forged), [identity])


def test_unsupported_version_is_distinguished_from_garbage() -> None:
    data, identity, _ = _sealed()
    with pytest.raises(HeaderError) as info:
        AgeReader(io.BytesIO(b"PK\x03\x04" + data), [identity])
    assert not isinstance(info.value, UnsupportedVersionError)


def test_added_stanza_breaks_the_mac() -> None:
    data, identity, _ = _sealed()
    position = data.index(b"\n---") + 1
    forged = data[:position] + b"-> grease extra\n\n" + data[position:]
    with pytest.raises(HeaderMacError):
        AgeReader(io.BytesIO(forged), [identity])


def test_changed_mac_is_a_mac_error() -> None:
    data, identity, header_length = _sealed()
    mac_start = header_length - 44
    replacement = b"A" if data[mac_start : mac_start + 1] != b"A" else b"B"
    forged = data[:mac_start] + replacement + data[mac_start + 1 :]
    with pytest.raises(HeaderMacError):
        AgeReader(io.BytesIO(forged), [identity])


def test_header_without_stanza_is_rejected() -> None:
    with pytest.raises(HeaderError, match="no recipient stanza"):
        parse_header(io.BytesIO(b"age-encryption.org/v1\n--- " + b"A" * 43 + b"\n"))


def test_malformed_x25519_stanza_is_a_stanza_error() -> None:
    identity = X25519Identity.generate()
    header = build_header([Stanza("X25519", ["AAAA"], bytes(32))], FILE_KEY)
    with pytest.raises(StanzaError):
        AgeReader(io.BytesIO(header.raw + bytes(16)), [identity])


class _EndlessSource(io.RawIOBase):
    """A stream that never ends, counting what was read from it."""

    def __init__(self, prefix: bytes, filler: bytes) -> None:
        self._prefix = prefix
        self._filler = filler
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.served == 0:
            data = self._prefix
        else:
            # Endless filler, served in large slices to keep the test fast.
            data = self._filler * (len(buffer) // len(self._filler) + 1)
        size = min(len(buffer), len(data))
        buffer[:size] = data[:size]
        self.served += size
        return size


@pytest.mark.parametrize(
    "filler",
    [b"x", b"-> grease\n\n"],  # one endless argument line; endlessly many small stanzas
)
def test_oversized_header_is_refused_without_reading_it_all(
    filler: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A smaller cap keeps the test fast; the logic is the same as with the real one.
    monkeypatch.setattr(header_module, "MAX_HEADER_SIZE", 64 * 1024)
    source = _EndlessSource(b"age-encryption.org/v1\n-> ", filler)
    buffered = io.BufferedReader(source, buffer_size=64 * 1024)
    with pytest.raises(HeaderTooLargeError):
        parse_header(buffered)
    assert source.served <= 2 * 64 * 1024


def test_real_cap_is_sane() -> None:
    assert 64 * 1024 <= MAX_HEADER_SIZE <= 16 * 1024 * 1024
