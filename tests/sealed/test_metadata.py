"""Sealed-file metadata: canonical, strict, sizes and names checked."""

from __future__ import annotations

import json
from typing import Any

import pytest

from crypto.identity import PrivateIdentity
from crypto.sealed.codec import canonical_json
from crypto.sealed.errors import MalformedMetadata, SealingRefused, UnsafeFileName
from crypto.sealed.metadata import MAX_METADATA, FileEntry, Metadata, decode_metadata
from tests.sealed.craft import base_metadata


def test_round_trip(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    value = base_metadata(alice, [bob.card], [("a.pdf", 3), ("b", 0)])
    meta = decode_metadata(canonical_json(value))
    assert meta.files == (FileEntry("a.pdf", 3, "application/octet-stream"),
                          FileEntry("b", 0, "application/octet-stream"))
    assert meta.sender == alice.card and meta.recipients == (bob.card.fingerprint,)
    assert meta.content_size == 3 and meta.expires is None and not meta.view_only
    assert meta.encode() == canonical_json(value)


def _mutations(alice: PrivateIdentity, bob: PrivateIdentity) -> dict[str, Any]:
    tampered_card = alice.card.to_json() | {"name": "Someone else"}
    return {
        "missing field": lambda d: d.pop("subject"),
        "unknown field": lambda d: d.update(cc=[]),
        "id too short": lambda d: d.update(id="abcd"),
        "id upper case": lambda d: d.update(id="0123456789ABCDEF0123456789ABCDEF"),
        "id not text": lambda d: d.update(id=5),
        "created not a time": lambda d: d.update(created="2025-13-01T00:00:00Z"),
        "expires before created": lambda d: d.update(expires="2000-01-01T00:00:00Z"),
        "view_only as number": lambda d: d.update(view_only=1),
        "recipients empty": lambda d: d.update(recipients=[]),
        "recipients unsorted": lambda d: d.update(recipients=sorted(
            [alice.card.fingerprint_hex, bob.card.fingerprint_hex], reverse=True)),
        "recipients duplicated": lambda d: d.update(recipients=[bob.card.fingerprint_hex] * 2),
        "recipient not hex": lambda d: d.update(recipients=["zz" * 32]),
        "sender card forged": lambda d: d.update(sender=tampered_card),
        "sender not a card": lambda d: d.update(sender="alice"),
        "files not a list": lambda d: d.update(files={}),
        "file size string": lambda d: d["files"][0].update(size="3"),
        "file size bool": lambda d: d["files"][0].update(size=True),
        "file size huge": lambda d: d["files"][0].update(size=2**53 - 1) or d["files"].append(
            {"name": "z", "size": 2**53 - 1, "type": "a/b"}),
        "file extra key": lambda d: d["files"][0].update(hash="x"),
        "file media type": lambda d: d["files"][0].update(type="Application/PDF"),
        "file media type bare": lambda d: d["files"][0].update(type="pdf"),
        "file name not text": lambda d: d["files"][0].update(name=["a"]),
        "subject too long": lambda d: d.update(subject="s" * 1001),
        "subject escape": lambda d: d.update(subject="a\x1b[2Jb"),
        "subject newline": lambda d: d.update(subject="a\nb"),
        "reference control": lambda d: d.update(reference="\x00"),
        "message escape": lambda d: d.update(message="ok\n\x1b]0;title\x07"),
    }


CASES = ["missing field", "unknown field", "id too short", "id upper case", "id not text",
         "created not a time", "expires before created", "view_only as number",
         "recipients empty", "recipients unsorted", "recipients duplicated", "recipient not hex",
         "sender card forged", "sender not a card", "files not a list", "file size string",
         "file size bool", "file size huge", "file extra key", "file media type",
         "file media type bare", "file name not text", "subject too long", "subject escape",
         "subject newline", "reference control", "message escape"]


@pytest.mark.parametrize("case", CASES)
def test_malformed_metadata_is_refused(alice: PrivateIdentity, bob: PrivateIdentity,
                                       case: str) -> None:
    mutations = _mutations(alice, bob)
    assert sorted(mutations) == sorted(CASES)
    value = base_metadata(alice, [bob.card], [("a.pdf", 3)])
    mutations[case](value)
    with pytest.raises(MalformedMetadata):
        decode_metadata(canonical_json(value))


@pytest.mark.parametrize("transform", [
    lambda b: b.replace(b'","', b'", "', 1),          # whitespace
    lambda b: b"\n" + b,                               # leading whitespace
    lambda b: json.dumps(json.loads(b)).encode(),      # ASCII escapes, spaces
    lambda b: b.replace(b'"view_only":false', b'"view_only":false,"view_only":false'),
    lambda b: b[:-1],                                  # truncated
    lambda b: b"[" + b + b"]",
])
def test_non_canonical_or_invalid_bytes_are_refused(alice: PrivateIdentity,
                                                     bob: PrivateIdentity, transform: Any) -> None:
    value = base_metadata(alice, [bob.card], [("é.pdf", 3)])
    with pytest.raises(MalformedMetadata):
        decode_metadata(transform(canonical_json(value)))


def test_oversized_metadata_is_refused(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    value = base_metadata(alice, [bob.card], [], message="m" * MAX_METADATA)
    with pytest.raises(MalformedMetadata, match="larger"):
        decode_metadata(canonical_json(value))


def test_unsafe_names_get_their_own_error(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    for files in ([("../x", 1)], [("CON.txt", 1)], [("a\x01", 1)], [("A", 1), ("a", 1)]):
        with pytest.raises(UnsafeFileName):
            decode_metadata(canonical_json(base_metadata(alice, [bob.card], files)))


def test_message_body_keeps_lines_and_tabs(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    text = "Maître,\r\n\tveuillez trouver ci-joint…\n"
    meta = decode_metadata(canonical_json(base_metadata(alice, [bob.card], [], message=text)))
    assert meta.message == text


def test_nfd_names_are_read_as_nfc(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    meta = decode_metadata(canonical_json(base_metadata(alice, [bob.card], [("e\u0301", 1)])))
    assert meta.files[0].name == "\u00e9"


def test_encode_refuses_what_a_reader_would_refuse(alice: PrivateIdentity,
                                                   bob: PrivateIdentity) -> None:
    good = decode_metadata(canonical_json(base_metadata(alice, [bob.card], [("a", 1)])))
    too_long = Metadata(**{**good.__dict__, "message": "m" * MAX_METADATA})
    with pytest.raises(SealingRefused, match="too long"):
        too_long.encode()
    surrogate = Metadata(**{**good.__dict__, "subject": "\ud800"})
    with pytest.raises(SealingRefused, match="cannot be stored"):
        surrogate.encode()
    with pytest.raises(UnsafeFileName):
        Metadata(**{**good.__dict__, "files": (FileEntry("../a", 1),)}).encode()
    with pytest.raises(SealingRefused, match="control characters"):
        Metadata(**{**good.__dict__, "subject": "bell\x07"}).encode()
