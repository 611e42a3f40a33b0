"""crypto/intake_container.py: what a request or reply container holds, read back file by file,
and what the writer refuses to write. Refusals of bad containers:
test_intake_container_refusals.py; file names and the reply code: test_reply_code_and_names.py."""

from __future__ import annotations

import io

import pytest

from crypto.intake_container import (
    REPLY_MAGIC,
    ChunkStream,
    ContainerLimit,
    ContainerReader,
)
from crypto.intake_headers import (
    IntakeFileEntry,
    IntakeFormatError,
    Requester,
)
from crypto.sealed.errors import UnsafeFileName

from tests.intake.containers import (
    container,
    read_all,
    reply,
    request,
)


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
