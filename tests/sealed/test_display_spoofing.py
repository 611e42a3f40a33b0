"""Display spoofing: invisible and line-separator characters in what people read.

Both directions: what the user types is refused by the core naming the field
(app/sealing/metadata.py `check_letter`, through the app sealing service), and a sealed file
crafted by a hostile sender (validly signed, built without our writer's checks) is refused by
the receiver with nothing written.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from app.records import InvalidValueError
from app.sealing import FileReplayGuard, open_to_directory, seal_paths
from crypto.identity import PrivateIdentity
from crypto.sealed.codec import canonical_json
from crypto.sealed.errors import MalformedMetadata, SealingRefused, UnsafeFileName
from crypto.sealed.metadata import Metadata, decode_metadata
from tests.sealed.craft import base_metadata, craft

# A subject faking a second line; invisible characters; a direction override.
SPOOFS = {
    "line separator": "Honoraires\u2028From: Greffe du tribunal (verified)",
    "paragraph separator": "Honoraires\u2029From: Greffe (verified)",
    "next line (C1)": "Honoraires\x85From: Greffe (verified)",
    "zero-width space": "Hono\u200braires",
    "word joiner": "Hono\u2060raires",
    "byte-order mark": "\ufeffHonoraires",
    "right-to-left override": "Facture \u202efdp.exe",
    "carriage return": "Honoraires\rFrom: Greffe (verified)",
    "newline": "Honoraires\nFrom: Greffe (verified)",
}
REASON = {
    "line separator": "line or paragraph separator",
    "paragraph separator": "line or paragraph separator",
    "next line (C1)": "control characters", "carriage return": "control characters",
    "newline": "control characters",
}


def _reason(kind: str) -> str:
    return REASON.get(kind, "invisible formatting characters")


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "acte.pdf"
    path.write_bytes(b"%PDF-1.4 acte")
    return path


@pytest.mark.parametrize("field", ["subject", "reference"])
@pytest.mark.parametrize("kind", sorted(SPOOFS))
def test_typed_single_line_fields_are_refused(tmp_path: Path, a_file: Path,
                                              alice: PrivateIdentity, bob: PrivateIdentity,
                                              field: str, kind: str) -> None:
    out = tmp_path / "out.scelle"
    with pytest.raises(InvalidValueError) as info:
        seal_paths(alice, [bob.card], [a_file], out, **{field: SPOOFS[kind]})
    assert str(info.value) == f"The {field} {_text(kind)}."
    assert not out.exists() and sorted(os.listdir(tmp_path)) == ["acte.pdf"]


def _text(kind: str) -> str:
    return {"control characters": "contains control characters",
            "line or paragraph separator": "contains a Unicode line or paragraph separator",
            "invisible formatting characters":
                "contains invisible formatting characters (zero-width, direction or similar "
                "marks)"}[_reason(kind)]


def test_typed_message_keeps_lines_and_tabs_only(tmp_path: Path, a_file: Path,
                                                 alice: PrivateIdentity,
                                                 bob: PrivateIdentity) -> None:
    ok = seal_paths(alice, [bob.card], [a_file], tmp_path / "ok.scelle",
                    message="Maître,\n\tci-joint l'acte.\r\nCordialement")
    assert ok.path.exists()
    for kind in ("line separator", "zero-width space", "right-to-left override",
                 "carriage return", "next line (C1)"):
        with pytest.raises(InvalidValueError, match=f"^The message .*{_reason(kind)}"):
            seal_paths(alice, [bob.card], [a_file], tmp_path / "no.scelle",
                       message=SPOOFS[kind])
    assert not (tmp_path / "no.scelle").exists()


@pytest.mark.parametrize("name", ["acte\u200b.pdf", "acte\u2028.pdf", "gnp\u202e.exe",
                                  "\ufeffacte.pdf"])
def test_typed_file_names_are_refused(tmp_path: Path, alice: PrivateIdentity,
                                      bob: PrivateIdentity, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    with pytest.raises(SealingRefused, match="has a name that contains"):
        seal_paths(alice, [bob.card], [path], tmp_path / "out.scelle")
    assert not (tmp_path / "out.scelle").exists()


def _refused_on_receipt(tmp_path: Path, data: bytes, reader: PrivateIdentity,
                        sender: PrivateIdentity, error: type[Exception]) -> str:
    sealed = tmp_path / "in.scelle"
    sealed.write_bytes(data)
    out_dir = tmp_path / "received"
    out_dir.mkdir()
    guard = FileReplayGuard.for_identity(reader, tmp_path / "seen")
    with pytest.raises(error) as info:
        open_to_directory(sealed, out_dir, reader, expected_sender_card=sender.card,
                          replay_guard=guard)
    assert os.listdir(out_dir) == [] and not (tmp_path / "seen").exists()
    return str(info.value)


@pytest.mark.parametrize("field", ["subject", "reference"])
@pytest.mark.parametrize("kind", sorted(SPOOFS))
def test_received_single_line_fields_are_refused(tmp_path: Path, alice: PrivateIdentity,
                                                 bob: PrivateIdentity, field: str,
                                                 kind: str) -> None:
    meta = base_metadata(alice, [bob.card], [("a.txt", 1)], **{field: SPOOFS[kind]})
    message = _refused_on_receipt(tmp_path, craft(alice, [bob.card], meta, b"x"), bob, alice,
                                  MalformedMetadata)
    if kind in ("newline", "carriage return", "next line (C1)"):
        assert f"the field {field} contains control characters" in message
    else:
        assert message.startswith(f"The sender's {field} contains ")
        assert _reason(kind) in message and "refused" in message


@pytest.mark.parametrize("kind", ["line separator", "zero-width space",
                                  "right-to-left override", "carriage return"])
def test_received_message_text_is_refused(tmp_path: Path, alice: PrivateIdentity,
                                          bob: PrivateIdentity, kind: str) -> None:
    meta = base_metadata(alice, [bob.card], [("a.txt", 1)], message=SPOOFS[kind])
    message = _refused_on_receipt(tmp_path, craft(alice, [bob.card], meta, b"x"), bob, alice,
                                  MalformedMetadata)
    assert message.startswith("The sender's message contains ")


def test_received_message_may_hold_lines_tabs_and_crlf(alice: PrivateIdentity,
                                                       bob: PrivateIdentity) -> None:
    meta = base_metadata(alice, [bob.card], [("a.txt", 1)], message="a\n\tb\r\nc")
    assert decode_metadata(canonical_json(meta)).message == "a\n\tb\r\nc"


@pytest.mark.parametrize("name", ["a\u200b.txt", "a\u2029.txt", "gnp\u202e.exe", "\u2060a"])
def test_received_file_names_are_refused(tmp_path: Path, alice: PrivateIdentity,
                                         bob: PrivateIdentity, name: str) -> None:
    meta = base_metadata(alice, [bob.card], [(name, 1)])
    message = _refused_on_receipt(tmp_path, craft(alice, [bob.card], meta, b"x"), bob, alice,
                                  UnsafeFileName)
    assert "A file name in this sealed file contains" in message


def test_the_writer_never_produces_what_readers_refuse(alice: PrivateIdentity,
                                                      bob: PrivateIdentity) -> None:
    meta = decode_metadata(canonical_json(base_metadata(alice, [bob.card], [("a.txt", 1)])))
    bad = dataclasses.replace(meta, subject="x\u200by")
    with pytest.raises(SealingRefused, match="subject contains invisible"):
        Metadata.encode(bad)
