"""crypto/intake_container.py and crypto/intake_headers.py: containers, names, reply code."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import struct
from datetime import UTC, datetime

import pytest

from crypto.age import HybridIdentity
from crypto.intake_container import (
    REPLY_MAGIC,
    REQUEST_MAGIC,
    ChunkStream,
    ContainerLimit,
    ContainerReader,
    ReplyCodeError,
    TrailingData,
    TruncatedContainer,
    format_reply_code,
    new_reply_code,
    parse_reply_code,
    reply_identity,
    reply_locator,
    reply_lookup,
    safe_intake_name,
    safe_intake_names,
    write_container,
)
from crypto.intake_headers import (
    IntakeFileEntry,
    IntakeFormatError,
    IntakeReply,
    IntakeRequest,
    Requester,
    is_intake_name,
)
from crypto.sealed.errors import UnsafeFileName

WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
REPLY_TO = str(HybridIdentity(bytes(32)).recipient())


def request(files: tuple[IntakeFileEntry, ...] = (), **changes: object) -> IntakeRequest:
    values: dict[str, object] = dict(
        intake="barreau-test", intake_version=3, created=WHEN, language="fr",
        requester=Requester(name="Jeanne Témoin", contact="jeanne@example.org"),
        subject="Demande d'avis", message="Bonjour,\nvoici ma demande.\n", files=files,
        reply_recipient=REPLY_TO)
    values.update(changes)
    return IntakeRequest(**values)  # type: ignore[arg-type]


def reply(files: tuple[IntakeFileEntry, ...] = ()) -> IntakeReply:
    return IntakeReply(intake="barreau-test", request="ab" * 16, created=WHEN,
                       organisation="Ordre des avocats", subject="Re: demande",
                       message="Réponse.", files=files)


def container(header: IntakeRequest | IntakeReply, contents: list[bytes]) -> bytes:
    out = io.BytesIO()
    write_container(out, header, [io.BytesIO(c) for c in contents])
    return out.getvalue()


def raw_request(header: dict[str, object], tail: bytes = b"") -> bytes:
    data = json.dumps(header).encode()
    return REQUEST_MAGIC + struct.pack(">I", len(data)) + data + tail


def good_header() -> dict[str, object]:
    return json.loads(json.dumps(request(files=(IntakeFileEntry("a.pdf", 3, "application/pdf"),
                                                )).to_json()))


def read_all(reader: ContainerReader) -> list[tuple[str, bytes]]:
    return [(item.safe_name, part.read()) for item, part in reader.parts()]


# --- round trips -----------------------------------------------------------------------------

def test_request_round_trip_streams_each_file() -> None:
    files = (IntakeFileEntry("acte.pdf", 5, "application/pdf"),
             IntakeFileEntry("vide.txt", 0, ""),
             IntakeFileEntry("photo.jpg", 3, "image/jpeg"))
    data = container(request(files), [b"hello", b"", b"jpg"])
    reader = ContainerReader(io.BytesIO(data), "intake_request", intake="barreau-test")
    assert reader.header == request(files)
    assert read_all(reader) == [("acte.pdf", b"hello"), ("vide.txt", b""),
                                ("photo.jpg", b"jpg")]


def test_reply_round_trip_and_chunk_stream() -> None:
    files = (IntakeFileEntry("réponse.pdf", 10, "application/pdf"),)
    data = container(reply(files), [b"0123456789"])
    assert data.startswith(REPLY_MAGIC)
    chunks = [data[i:i + 7] for i in range(0, len(data), 7)]
    reader = ContainerReader(ChunkStream(chunks), "intake_reply")
    assert reader.header == reply(files)
    assert read_all(reader) == [("réponse.pdf", b"0123456789")]


def test_a_file_left_unread_is_skipped() -> None:
    files = (IntakeFileEntry("a", 4, ""), IntakeFileEntry("b", 2, ""))
    reader = ContainerReader(io.BytesIO(container(request(files), [b"aaaa", b"bb"])),
                             "intake_request")
    seen = []
    for item, part in reader.parts():
        if item.index == 2:
            seen.append(part.read(1) + part.read(5) + part.read())
    assert seen == [b"bb"]


def test_parts_only_once() -> None:
    reader = ContainerReader(io.BytesIO(container(request(), [])), "intake_request")
    assert read_all(reader) == []
    with pytest.raises(RuntimeError):
        list(reader.parts())


def test_anonymous_request_without_reply_recipient() -> None:
    header = request(requester=Requester(None, None), reply_recipient=None, message="")
    reader = ContainerReader(io.BytesIO(container(header, [])), "intake_request")
    assert reader.header == header


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


# --- the writer ------------------------------------------------------------------------------

def test_writer_refuses_sources_that_do_not_match() -> None:
    files = (IntakeFileEntry("a", 3, ""),)
    with pytest.raises(IntakeFormatError, match="shorter"):
        container(request(files), [b"ab"])
    with pytest.raises(IntakeFormatError, match="longer"):
        container(request(files), [b"abcd"])
    with pytest.raises(ValueError):
        container(request(files), [])


def test_writer_refuses_what_a_reader_would() -> None:
    with pytest.raises(IntakeFormatError, match="subject is empty"):
        container(request(subject=""), [])
    with pytest.raises(UnsafeFileName):
        container(reply((IntakeFileEntry("../x", 1, ""),)), [b"x"])
    with pytest.raises(ContainerLimit):
        container(request(tuple(IntakeFileEntry(f"{i}", 0, "") for i in range(21))), [b""] * 21)


def test_writer_keeps_a_request_name_as_written_and_the_reader_falls_back() -> None:
    files = (IntakeFileEntry("../../etc/passwd.TXT", 1, ""), IntakeFileEntry("con.pdf", 1, ""))
    reader = ContainerReader(io.BytesIO(container(request(files), [b"a", b"b"])),
                             "intake_request")
    assert [f.safe_name for f in reader.files] == ["piece-1.TXT", "piece-2.pdf"]
    assert all(f.renamed for f in reader.files)


# --- names -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, index, expected", [
    ("rapport.pdf", 1, "rapport.pdf"),
    ("e\u0301te\u0301.txt", 1, "été.txt"),
    ("a/b.pdf", 2, "piece-2.pdf"),
    ("x\u202egnp.exe", 3, "piece-3.exe"),
    ("trop.extensionlongue", 4, "trop.extensionlongue"),
    ("a:b.extensionlongue", 4, "piece-4"),
    ("sans", 5, "sans"),
    ("fin.", 6, "piece-6"),
    ("", 7, "piece-7"),
    ("nul.tar.gz", 8, "piece-8.gz"),
    ("a\\b.é", 9, "piece-9"),
    ("x" * 300 + ".docx", 10, "piece-10.docx"),
])
def test_safe_intake_name(name: str, index: int, expected: str) -> None:
    assert safe_intake_name(name, index) == expected


def test_names_that_collide_fall_back() -> None:
    assert safe_intake_names(["A.pdf", "a.PDF", "piece-3.pdf", "x/y.pdf"]) == [
        "A.pdf", "piece-2.PDF", "piece-3.pdf", "piece-4.pdf"]
    assert safe_intake_names(["piece-2.pdf", "piece-2", "../b.pdf"]) == [
        "piece-2.pdf", "piece-2", "piece-3.pdf"]
    assert safe_intake_names(["piece-2.pdf", "Piece-2", "piece-2.PDF"]) == [
        "piece-2.pdf", "Piece-2", "piece-3.PDF"]
    assert safe_intake_names(["piece-2.pdf", "piece-2", "piece-2.pdf"]) == [
        "piece-2.pdf", "piece-2", "piece-3.pdf"]
    assert safe_intake_names(["piece-2.pdf", "PIECE-2.PDF", "piece-2"]) == [
        "piece-2.pdf", "piece-2", "piece-3"]
    assert safe_intake_names(["piece-2", "piece-2"]) == ["piece-2", "piece-2-2"]
    assert safe_intake_names(["piece-2.pdf", "?.pdf"]) == ["piece-2.pdf", "piece-2"]


# --- reply code and derivations ------------------------------------------------------------------

K = bytes(range(20))
CODE = "AAAQ-EAYE-AUDA-OCAJ-BIFQ-YDIO-B4IB-CEQT"


def test_reply_code_format_and_parse() -> None:
    assert format_reply_code(K) == CODE
    assert parse_reply_code(CODE) == K
    assert parse_reply_code(CODE.lower().replace("-", " ")) == K
    assert parse_reply_code(" aaaq eaye-auda\tocaj bifq ydio b4ib ceqt\n") == K
    fresh = new_reply_code()
    assert len(fresh) == 20 and parse_reply_code(format_reply_code(fresh)) == fresh
    with pytest.raises(ValueError):
        format_reply_code(bytes(19))


@pytest.mark.parametrize("text, message", [
    (CODE[:-1], "31 letters and digits instead of 32"),
    (CODE + "A", "33 letters"),
    ("", "0 letters"),
    (CODE.replace("B4IB", "B1IB"), "other than the letters"),
    (CODE.replace("B4IB", "B8IB"), "other than the letters"),
    (CODE + "=", "other than the letters"),
    (CODE.replace("-", "_"), "other than the letters"),
    (CODE.replace("AAAQ", "ÀAAQ"), "other than the letters"),
])
def test_bad_reply_codes(text: str, message: str) -> None:
    with pytest.raises(ReplyCodeError, match=message) as caught:
        parse_reply_code(text)
    assert "EAYE" not in str(caught.value)


def _hkdf_by_hand(ikm: bytes, info: bytes, length: int) -> bytes:
    prk = hmac.new(b"", ikm, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()[:length]


def test_derivations_known_answers() -> None:
    identity = reply_identity(K)
    assert str(identity) == ("AGE-SECRET-KEY-PQ-15KPXFJ5TD4VT56EWCP9PM4Z9VNSGHFPNCD2DLU75TQJX"
                             "F4WP8CPQVVZLUD")
    recipient = str(identity.recipient())
    assert recipient.startswith("age1pq1")
    assert hashlib.sha256(recipient.encode()).hexdigest() == (
        "5e8065463f3a424cadaba63985c4e2c67bc26ef19205049fe719c354d0bd2cf2")
    locator = reply_locator(K)
    assert locator.hex() == "971fbac75d8d771d898f55a14a4f221f"
    assert reply_lookup(locator).hex() == (
        "bf208a044b24595f5e7e770fecaddbcc8de6132cb6103a8bf383814871829c51")
    assert reply_locator(b"\xff" * 20).hex() == "5680120a0e73ce027d61ba846f7424c9"


def test_derivations_follow_the_spec_by_hand() -> None:
    seed = _hkdf_by_hand(K, b"scelle/v1 intake reply identity", 32)
    assert str(reply_identity(K)) == str(HybridIdentity(seed))
    assert reply_locator(K) == _hkdf_by_hand(K, b"scelle/v1 intake reply locator", 16)
    assert reply_lookup(reply_locator(K)) == hashlib.sha256(reply_locator(K)).digest()


def test_derivations_refuse_wrong_lengths() -> None:
    with pytest.raises(ValueError):
        reply_locator(bytes(16))
    with pytest.raises(ValueError):
        reply_identity(bytes(21))
    with pytest.raises(ValueError):
        reply_lookup(bytes(32))


def test_intake_names() -> None:
    assert is_intake_name("abc") and is_intake_name("barreau-paris-2") and is_intake_name(
        "a" * 64)
    for bad in ("ab", "-abc", "abc-", "Abc", "a" * 65, "a_b", "abé"):
        assert not is_intake_name(bad)


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
    with pytest.raises(ReplyCodeError) as caught:
        parse_reply_code("0" * 32)
    assert str(caught.value) == ("The reply code holds a character other than the letters A to "
                                 "Z, the digits 2 to 7, spaces and dashes.")


def test_exact_messages_of_a_cut_header_and_the_writer_caps() -> None:
    data = container(request(), [])
    assert _refusal(data[:len(REQUEST_MAGIC) + 10]) == "The intake request is truncated."
    with pytest.raises(ContainerLimit) as caught:
        container(request(tuple(IntakeFileEntry(f"{i}", 0, "") for i in range(21))), [b""] * 21)
    assert str(caught.value) == ("An intake request holds at most 20 files and 100000000 bytes "
                                 "in all.")
