"""Strict base64 and length-unlimited Bech32."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crypto.age import b64, bech32


@given(st.binary(max_size=300))
def test_b64_round_trip_and_matches_stdlib(data: bytes) -> None:
    encoded = b64.encode(data)
    assert b"=" not in encoded
    assert encoded == base64.b64encode(data).rstrip(b"=")
    assert b64.decode(encoded) == data


@pytest.mark.parametrize(
    "text",
    [
        b"AAAA=",  # padding
        b"AA==",  # padding
        b"AB",  # non-zero unused bits (canonical is "AA")
        b"AAB",  # non-zero unused bits (canonical is "AAA")
        b"A",  # impossible length
        b"AA\n",  # newline inside
        b"AA A",  # space
        b"AA-_",  # URL-safe alphabet
        b"AA\xff",  # non-ASCII
    ],
)
def test_b64_rejects(text: bytes) -> None:
    with pytest.raises(b64.InvalidBase64):
        b64.decode(text)


def test_b64_empty_is_empty() -> None:
    assert b64.decode(b"") == b""


@given(st.binary(max_size=1300), st.sampled_from(["age", "age1pq", "AGE-SECRET-KEY-"]))
def test_bech32_round_trip_any_length(data: bytes, hrp: str) -> None:
    text = bech32.encode(hrp, data)
    assert text == text.lower()
    for variant in (text, text.upper()):
        decoded = bech32.decode(variant)
        assert decoded.hrp == hrp.lower() and decoded.data == data


# BIP 173 test vectors: valid strings (data irrelevant) and invalid ones.
@pytest.mark.parametrize(
    "text",
    [
        "A12UEL5L",
        "a12uel5l",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
    ],
)
def test_bech32_bip173_valid(text: str) -> None:
    bech32.decode(text)


@pytest.mark.parametrize(
    "text",
    [
        "\x201nwldj5",  # HRP character out of range
        "pzry9x0s0muk",  # no separator
        "1pzry9x0s0muk",  # empty HRP
        "x1b4n0q5v",  # invalid data character
        "li1dgmt3",  # too short checksum
        "A1G7SGD8",  # checksum computed with uppercase HRP
        "10a06t8",  # empty HRP
        "1qzzfhee",  # empty HRP
        "A12uEL5L",  # mixed case
    ],
)
def test_bech32_bip173_invalid(text: str) -> None:
    with pytest.raises(bech32.InvalidBech32):
        bech32.decode(text)


def test_bech32_rejects_non_zero_padding() -> None:
    # 1 byte = 8 bits -> 2 groups of 5 bits with 2 padding bits; set them.
    good = bech32.encode("age", b"\xff")
    values = [bech32._CHARSET_INDEX[c] for c in good[4:-6]]
    values[-1] |= 1
    forged = _with_checksum("age", values)
    with pytest.raises(bech32.InvalidBech32):
        bech32.decode(forged)


def _with_checksum(hrp: str, values: list[int]) -> str:
    polymod = bech32._polymod(bech32._hrp_expand(hrp) + values + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(bech32._CHARSET[v] for v in values + checksum)


# The reference algorithms of BIP 173, bit by bit: the module computes the same with a lookup
# table (checksum) and the Base32 codec (regrouping bits), which must change no result.
def _reference_polymod(values: list[int]) -> int:
    generators = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    check = 1
    for value in values:
        top = check >> 25
        check = (check & 0x1FFFFFF) << 5 ^ value
        for i, generator in enumerate(generators):
            if top >> i & 1:
                check ^= generator
    return check


def _reference_regroup(data: list[int], from_bits: int, to_bits: int,
                       pad: bool) -> list[int] | None:
    acc = bits = 0
    out: list[int] = []
    for value in data:
        acc = acc << from_bits | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append(acc >> bits & (1 << to_bits) - 1)
    if pad:
        if bits:
            out.append(acc << to_bits - bits & (1 << to_bits) - 1)
    elif bits >= from_bits or acc << to_bits - bits & (1 << to_bits) - 1:
        return None  # refused
    return out


@given(st.lists(st.integers(0, 31), max_size=400))
def test_bech32_checksum_and_regrouping_match_the_bip173_reference(values: list[int]) -> None:
    assert bech32._polymod(values) == _reference_polymod(values)
    expected = _reference_regroup(values, 5, 8, pad=False)
    if expected is None:
        with pytest.raises(bech32.InvalidBech32):
            bech32._from_5bit(values)
    else:
        assert bech32._from_5bit(values) == bytes(expected)
    data = bytes(v * 8 % 256 for v in values)
    assert bech32._to_5bit(data) == _reference_regroup(list(data), 8, 5, pad=True)


def test_bech32_bip173_vector_decodes_to_its_data_and_back() -> None:
    text = "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw"
    decoded = bech32.decode(text)
    assert decoded.data == bytes(_reference_regroup(list(range(32)), 5, 8, pad=False) or [])
    assert bech32.encode(decoded.hrp, decoded.data) == text
