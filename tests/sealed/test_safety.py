"""Safety numbers follow Signal's numeric fingerprint scheme; QR payload and renderings."""

from __future__ import annotations

import struct
import zlib

from crypto import safety
from crypto.identity import PrivateIdentity

# libsignal's NumericFingerprintGeneratorTest vector (keys with their 0x05 type byte, phone
# numbers as stable identifiers, 5200 iterations).
SIGNAL_ALICE_KEY = bytes.fromhex(
    "0506863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868")
SIGNAL_BOB_KEY = bytes.fromhex(
    "05f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b")
SIGNAL_DISPLAY = "300354477692869396892869876765458257569162576843440918079131"
SIGNAL_ALICE_SCANNABLE = "1e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df"
SIGNAL_BOB_SCANNABLE = "d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d"


def test_numeric_digest_reproduces_libsignals_vector() -> None:
    alice = safety.numeric_digest(SIGNAL_ALICE_KEY, b"+14152222222")
    bob = safety.numeric_digest(SIGNAL_BOB_KEY, b"+14153333333")
    assert alice[:32].hex() == SIGNAL_ALICE_SCANNABLE
    assert bob[:32].hex() == SIGNAL_BOB_SCANNABLE
    digits = sorted([safety.digits_of(alice), safety.digits_of(bob)])
    assert "".join(digits) == SIGNAL_DISPLAY


def test_party_number_uses_fingerprint_as_key_and_signing_key_as_stable_id(
        alice: PrivateIdentity) -> None:
    digest = safety.numeric_digest(alice.card.fingerprint, alice.card.signing_key)
    number = safety.party_number(alice.card)
    assert number == safety.digits_of(digest)
    assert len(number) == 30 and number.isdigit()
    assert number == "".join(f"{int.from_bytes(digest[i:i + 5], 'big') % 100000:05d}"
                             for i in range(0, 30, 5))


def test_pair_number_is_symmetric_and_sorted(alice: PrivateIdentity, bob: PrivateIdentity
                                             ) -> None:
    number = safety.safety_number(alice.card, bob.card)
    assert number == safety.safety_number(bob.card, alice.card)
    assert len(number) == 60 and number.isdigit()
    halves = [safety.party_number(alice.card), safety.party_number(bob.card)]
    assert number == "".join(sorted(halves))


def test_number_changes_when_a_key_changes(alice: PrivateIdentity, bob: PrivateIdentity,
                                           mallory: PrivateIdentity) -> None:
    assert safety.safety_number(alice.card, bob.card) != safety.safety_number(mallory.card,
                                                                              bob.card)


def test_display_format() -> None:
    text = safety.format_safety_number(SIGNAL_DISPLAY)
    lines = text.split("\n")
    assert len(lines) == 3 and lines[0] == "30035 44776 92869 39689"
    assert text.replace(" ", "").replace("\n", "") == SIGNAL_DISPLAY


def test_qr_payload_is_symmetric_and_verifiable(alice: PrivateIdentity, bob: PrivateIdentity,
                                                mallory: PrivateIdentity) -> None:
    payload = safety.qr_payload(alice.card, bob.card)
    assert payload == safety.qr_payload(bob.card, alice.card)
    assert payload.startswith("SCELLE-SN1:") and len(payload) == len("SCELLE-SN1:") + 129
    assert safety.qr_matches(payload, bob.card, alice.card)
    assert safety.qr_matches(payload.lower(), alice.card, bob.card)
    assert not safety.qr_matches(payload, mallory.card, bob.card)
    assert not safety.qr_matches(payload[:-1] + ("0" if payload[-1] != "0" else "1"),
                                 alice.card, bob.card)
    assert not safety.qr_matches("é", alice.card, bob.card)


def test_qr_text_rendering(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    text = safety.qr_text(safety.qr_payload(alice.card, bob.card))
    lines = text.splitlines()
    assert len(lines) > 10 and len({len(line) for line in lines}) == 1
    assert set(text) <= set("█▀▄ \n")


def _png_size_and_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        assert crc == zlib.crc32(kind + body)
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
            assert body[8:] == b"\x08\x00\x00\x00\x00"
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


def test_qr_png_is_a_valid_greyscale_image(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    width, height, raw = _png_size_and_pixels(safety.qr_png(
        safety.qr_payload(alice.card, bob.card), scale=3))
    assert width == height and width % 3 == 0
    assert len(raw) == height * (width + 1)
    rows = [raw[i * (width + 1):(i + 1) * (width + 1)] for i in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter byte
    assert set(raw) <= {0, 255} and rows[0][1:] == b"\xff" * width  # quiet zone is white
