"""crypto/intake_container.py and crypto/intake_headers.py: containers that are cut, padded,
oversized, mislabelled or malformed are refused, each with its exact words, and no refusal quotes
the content (the exact messages and boundaries pinned from mutmut's survivors)."""

from __future__ import annotations

import io
import json
import struct

import pytest

from crypto.intake_container import (
    REPLY_MAGIC,
    REQUEST_MAGIC,
    ChunkStream,
    ContainerLimit,
    ContainerReader,
    TrailingData,
    TruncatedContainer,
    write_container,
)
from crypto.intake_headers import (
    IntakeFileEntry,
    IntakeFormatError,
    IntakeReply,
    Requester,
)

from tests.intake.containers import (
    WHEN,
    container,
    good_header,
    raw_request,
    read_all,
    reply,
    request,
)


# --- refusals ----------------------------------------------------------------------------------

def test_truncated_file() -> None:
    data = container(request((IntakeFileEntry("a", 5, ""),)), [b"12345"])
    reader = ContainerReader(io.BytesIO(data[:-1]), "intake_request")
    with pytest.raises(TruncatedContainer, match="file 1 is shorter"):
        read_all(reader)


@pytest.mark.parametrize("cut", [3, len(REQUEST_MAGIC) + 2, len(REQUEST_MAGIC) + 10])
def test_truncated_header(cut: int) -> None:
    data = container(request(), [])
    with pytest.raises(IntakeFormatError):
        ContainerReader(io.BytesIO(data[:cut]), "intake_request")


def test_trailing_bytes() -> None:
    reader = ContainerReader(io.BytesIO(container(request(), []) + b"x"), "intake_request")
    with pytest.raises(TrailingData, match="after its last file"):
        read_all(reader)


def test_oversized_header_refused_before_reading_it() -> None:
    data = REQUEST_MAGIC + struct.pack(">I", 64 * 1024 + 1)
    with pytest.raises(ContainerLimit, match="larger than 65536 bytes"):
        ContainerReader(io.BytesIO(data), "intake_request")


def test_header_at_the_cap_is_read() -> None:
    header = good_header()
    header["files"] = []
    text = json.dumps(header)
    text = text[:-1] + " " * (64 * 1024 - len(text.encode())) + "}"
    data = text.encode()
    assert len(data) == 64 * 1024
    reader = ContainerReader(io.BytesIO(REQUEST_MAGIC + struct.pack(">I", len(data)) + data),
                             "intake_request")
    assert reader.header.subject == "Demande d'avis"


def test_wrong_magic_and_wrong_type() -> None:
    with pytest.raises(IntakeFormatError, match="first bytes are wrong"):
        ContainerReader(io.BytesIO(b"age-encryption.org/v1\n" + bytes(20)), "intake_request")
    with pytest.raises(IntakeFormatError, match="another type"):
        ContainerReader(io.BytesIO(container(reply(), [])), "intake_request")
    with pytest.raises(IntakeFormatError, match="another type"):
        ContainerReader(io.BytesIO(container(request(), [])), "intake_reply")
    with pytest.raises(IntakeFormatError, match="first bytes are wrong"):
        ContainerReader(io.BytesIO(b""), "intake_request")


def test_header_type_field_must_match() -> None:
    header = good_header()
    header["type"] = "intake_reply"
    with pytest.raises(IntakeFormatError, match="field type is not intake_request"):
        ContainerReader(io.BytesIO(raw_request(header)), "intake_request")


def test_intake_point_must_be_the_one_it_came_through() -> None:
    data = container(request(), [])
    with pytest.raises(IntakeFormatError, match="another intake point"):
        ContainerReader(io.BytesIO(data), "intake_request", intake="autre-point")


def test_limits_of_the_intake_document() -> None:
    files = tuple(IntakeFileEntry(f"f{i}", 2, "") for i in range(3))
    data = container(request(files), [b"xx"] * 3)
    with pytest.raises(ContainerLimit, match="more files"):
        ContainerReader(io.BytesIO(data), "intake_request", max_files=2)
    with pytest.raises(ContainerLimit, match="larger in all"):
        ContainerReader(io.BytesIO(data), "intake_request", max_bytes=5)
    assert ContainerReader(io.BytesIO(data), "intake_request", max_bytes=6, max_files=3)


def test_format_caps_hold_whatever_the_document_says() -> None:
    header = good_header()
    header["files"] = [{"name": f"f{i}", "size": 0, "type": ""} for i in range(21)]
    with pytest.raises(IntakeFormatError, match="more than 20 entries"):
        ContainerReader(io.BytesIO(raw_request(header)), "intake_request", max_files=50)
    header["files"] = [{"name": "f", "size": 100_000_001, "type": ""}]
    with pytest.raises(ContainerLimit):
        ContainerReader(io.BytesIO(raw_request(header)), "intake_request",
                        max_bytes=10**9)


@pytest.mark.parametrize("field, value, message", [
    ("subject", "", "subject is empty"),
    ("subject", "x" * 201, "longer than 200"),
    ("subject", "a\u202eb", "invisible formatting"),
    ("subject", "a\nb", "control characters"),
    ("message", "x" * 20_001, "longer than 20000"),
    ("message", "a\rb", "control characters"),
    ("language", "de", "neither fr nor en"),
    ("intake_version", 0, "below 1"),
    ("intake_version", True, "not a whole number"),
    ("intake", "Barreau", "not an intake point's name"),
    ("created", "2026-01-02 03:04:05", "not a UTC time"),
    ("reply_recipient", "age1qqqq", "not a post-quantum age recipient"),
    ("files", {}, "not a list"),
])
def test_bad_header_fields(field: str, value: object, message: str) -> None:
    header = good_header()
    header[field] = value
    with pytest.raises(IntakeFormatError, match=message):
        ContainerReader(io.BytesIO(raw_request(header, b"abc")), "intake_request")


@pytest.mark.parametrize("change, message", [
    ({"extra": 1}, "unknown field"),
    ({"requester": {"name": None}}, "lacks the field"),
    ({"requester": {"name": "x" * 201, "contact": None}}, "longer than 200"),
    ({"files": [{"name": "a", "size": -1, "type": ""}]}, "expected form"),
    ({"files": [{"name": "a", "size": 1.5, "type": ""}]}, "fraction"),
    ({"files": [{"name": 3, "size": 1, "type": ""}]}, "name is not text"),
    ({"files": [{"name": "a", "size": 1, "type": "x" * 101}]}, "longer than 100"),
])
def test_bad_header_structure(change: dict[str, object], message: str) -> None:
    header = good_header()
    header.update(change)
    with pytest.raises(IntakeFormatError, match=message):
        ContainerReader(io.BytesIO(raw_request(header, b"abc")), "intake_request")


def test_duplicate_key_and_deep_nesting_refused() -> None:
    data = b'{"type":"intake_request","type":"intake_request"}'
    with pytest.raises(IntakeFormatError, match="repeats the field"):
        ContainerReader(io.BytesIO(REQUEST_MAGIC + struct.pack(">I", len(data)) + data),
                        "intake_request")
    data = b"[" * 40 + b"]" * 40
    with pytest.raises(IntakeFormatError, match="nesting deeper"):
        ContainerReader(io.BytesIO(REQUEST_MAGIC + struct.pack(">I", len(data)) + data),
                        "intake_request")


def test_errors_never_quote_the_content() -> None:
    header = good_header()
    header["subject"] = "Secret\u202eAffaire"
    with pytest.raises(IntakeFormatError) as caught:
        ContainerReader(io.BytesIO(raw_request(header)), "intake_request")
    assert "Secret" not in str(caught.value)


def test_reply_fields() -> None:
    header = json.loads(json.dumps(reply().to_json()))
    for field, value, message in [("request", "AB" * 16, "32 hex"),
                                  ("message", "", "message is empty"),
                                  ("organisation", "", "organisation is empty")]:
        bad = dict(header, **{field: value})
        data = json.dumps(bad).encode()
        with pytest.raises(IntakeFormatError, match=message):
            ContainerReader(io.BytesIO(REPLY_MAGIC + struct.pack(">I", len(data)) + data),
                            "intake_reply")


# --- exact messages and boundaries (from mutmut's survivors) ------------------------------------

def _refusal(data: bytes, kind: str = "intake_request") -> str:
    with pytest.raises(IntakeFormatError) as caught:
        reader = ContainerReader(io.BytesIO(data), kind)
        read_all(reader)
    return str(caught.value)


def test_exact_messages() -> None:
    header = good_header()
    assert _refusal(REQUEST_MAGIC + b"\x00\x00") == "The intake request is truncated."
    assert _refusal(raw_request(header, b"ab")) == (
        "The intake request is truncated: file 1 is shorter than its header says.")
    assert _refusal(raw_request(header, b"abcd")) == (
        "The intake request has unexpected bytes after its last file.")
    assert _refusal(REQUEST_MAGIC + b"\xff\xff\xff\xff") == (
        "The header of the intake request is larger than 65536 bytes.")
    assert _refusal(REQUEST_MAGIC + b"\x80\x00\x00\x00") == (
        "The header of the intake request is larger than 65536 bytes.")
    for key, value, message in [
            ("intake_version", 0, "the field intake_version is below 1"),
            ("language", "fra", "the field language is longer than 2 characters"),
            ("language", "de", "the field language is neither fr nor en"),
            ("intake", "A-b", "the field intake is not an intake point's name"),
            ("reply_recipient", "age1x", "the field reply_recipient is not a post-quantum "
             "age recipient"),
            ("message", "a\u2028b", "the field message contains a Unicode line or paragraph "
             "separator"),
            ("subject", "a\x07", "the field subject contains control characters")]:
        bad = dict(header, **{key: value})
        assert _refusal(raw_request(bad, b"abc")) == (
            f"In the header of the intake request, {message}."), key
    bad = dict(header, requester={"name": "a", "contact": 1})
    assert _refusal(raw_request(bad, b"abc")) == (
        "In the requester of the intake request, the field contact is not text.")
    bad = dict(header, files=[{"name": "a", "size": 3, "type": "x\ny"}])
    assert _refusal(raw_request(bad, b"abc")) == (
        "In file 1 of the intake header, the field type contains control characters.")
    reply_header = json.loads(json.dumps(reply().to_json()))
    data = json.dumps(dict(reply_header, request="a" * 33)).encode()
    assert _refusal(REPLY_MAGIC + struct.pack(">I", len(data)) + data, "intake_reply") == (
        "In the header of the intake reply, the field request is longer than 32 characters.")
    data = b"[]"
    assert _refusal(REPLY_MAGIC + struct.pack(">I", len(data)) + data, "intake_reply") == (
        "the header of the intake reply is not a JSON object.")


def test_decode_header_caps_its_input() -> None:
    from crypto.intake_headers import decode_header

    with pytest.raises(IntakeFormatError, match="too large"):
        decode_header(b" " * (64 * 1024 + 1), "intake_request")


def test_boundaries_accepted() -> None:
    header = request(intake_version=1, requester=Requester(name="", contact=""))
    assert ContainerReader(io.BytesIO(container(header, [])), "intake_request").header == header
    quiet = IntakeReply(intake="abc", request="0" * 32, created=WHEN, organisation="O",
                        subject="", message="m", files=())
    assert ContainerReader(io.BytesIO(container(quiet, [])), "intake_reply").header == quiet
    twenty = tuple(IntakeFileEntry(f"f{i}", 0, "") for i in range(20))
    assert len(ContainerReader(io.BytesIO(container(request(twenty), [b""] * 20)),
                               "intake_request").files) == 20
    # the format's byte cap is inclusive: the writer gets as far as copying the first file
    with pytest.raises(IntakeFormatError, match="File 1 is shorter"):
        container(request((IntakeFileEntry("big", 100_000_000, ""),)), [b""])


class _ShortWriter:
    """Writes at most 3 bytes per call, or reports nothing at all (`silent`)."""

    def __init__(self, silent: bool = False) -> None:
        self.data = bytearray()
        self.silent = silent

    def write(self, data: bytes | memoryview) -> int | None:
        chunk = bytes(data) if self.silent else bytes(data[:3])
        self.data += chunk
        return None if self.silent else len(chunk)


@pytest.mark.parametrize("silent", [False, True])
def test_writer_over_short_and_silent_writes(silent: bool) -> None:
    files = (IntakeFileEntry("a", 7, ""),)
    expected = container(request(files), [b"1234567"])
    out = _ShortWriter(silent)
    written = write_container(out, request(files), [io.BytesIO(b"1234567")])  # type: ignore
    assert written == len(expected)
    assert bytes(out.data) == expected


def test_stream_and_part_reads_of_every_size() -> None:
    stream = ChunkStream([b"ab", bytearray(b"cd"), memoryview(b"ef")])
    assert stream.read(0) == b"" and stream.read(1) == b"a"
    assert stream.read(-1) == b"bcdef" and stream.read(5) == b""
    assert ChunkStream([b"xy"]).read() == b"xy"
    files = (IntakeFileEntry("a", 4, ""),)
    reader = ContainerReader(io.BytesIO(container(request(files), [b"wxyz"])), "intake_request")
    for _, part in reader.parts():
        assert part.read(0) == b"" and part.remaining == 4
        assert part.read(1) == b"w" and part.read(-1) == b"xyz" and part.read(1) == b""


def test_more_exact_messages() -> None:
    header = good_header()
    assert _refusal(raw_request(dict(header, subject="a\u202eb"), b"abc")) == (
        "In the header of the intake request, the field subject contains invisible formatting "
        "characters (zero-width, direction or similar marks).")
    data = b"{"
    assert _refusal(REQUEST_MAGIC + struct.pack(">I", 1) + data).startswith(
        "The header of the intake request is not valid JSON of the expected form (syntax error")
    reply_header = json.loads(json.dumps(reply().to_json()))
    data = json.dumps(dict(reply_header, request="AB" * 16)).encode()
    assert _refusal(REPLY_MAGIC + struct.pack(">I", len(data)) + data, "intake_reply") == (
        "In the header of the intake reply, the field request is not an envelope id of 32 hex "
        "digits.")
    files = tuple(IntakeFileEntry(f"f{i}", 2, "") for i in range(3))
    data = container(request(files), [b"xx"] * 3)
    with pytest.raises(ContainerLimit) as caught:
        ContainerReader(io.BytesIO(data), "intake_request", max_files=2)
    assert str(caught.value) == "The intake request has more files than the intake point allows."
    with pytest.raises(ContainerLimit) as caught:
        ContainerReader(io.BytesIO(data), "intake_request", max_bytes=5)
    assert str(caught.value) == ("The intake request's files are larger in all than the intake "
                                 "point allows.")
    one = (IntakeFileEntry("a", 3, ""),)
    for source, word in ((b"ab", "shorter"), (b"abcd", "longer")):
        with pytest.raises(IntakeFormatError) as caught:
            container(request(one), [source])
        assert str(caught.value) == (f"File 1 is {word} than its size in the header; nothing "
                                     "usable was written.")


def test_exact_messages_of_a_cut_header_and_the_writer_caps() -> None:
    data = container(request(), [])
    assert _refusal(data[:len(REQUEST_MAGIC) + 10]) == "The intake request is truncated."
    with pytest.raises(ContainerLimit) as caught:
        container(request(tuple(IntakeFileEntry(f"{i}", 0, "") for i in range(21))), [b""] * 21)
    assert str(caught.value) == ("An intake request holds at most 20 files and 100000000 bytes "
                                 "in all.")
