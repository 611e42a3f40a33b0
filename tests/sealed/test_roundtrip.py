"""Seal then open: recipients, files, sizes around the 64 KiB chunk boundaries, hybrid/classic."""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from datetime import timedelta

import pytest

from crypto.identity import CardExpired, IdentityCard, PrivateIdentity
from crypto.sealed.codec import utc_now
from crypto.sealed.errors import SealingRefused
from crypto.sealed.reader import OpenedMessage, open_sealed
from crypto.sealed.writer import Letter, SourceFile, build_metadata, seal
from tests.sealed.craft import split_age

CHUNK = 64 * 1024
NOW = utc_now()


class Collector:
    """A sink factory keeping each file's bytes in memory, checking open/close discipline."""

    def __init__(self) -> None:
        self.files: dict[int, bytearray] = {}
        self.closed: set[int] = set()

    def __call__(self, index: int, _entry: object) -> Collector.Sink:
        assert index not in self.files
        self.files[index] = bytearray()
        return Collector.Sink(self, index)

    class Sink:
        def __init__(self, owner: Collector, index: int) -> None:
            self.owner, self.index = owner, index

        def write(self, data: memoryview) -> int:
            assert self.index not in self.owner.closed
            self.owner.files[self.index] += data
            return len(data)

        def close(self) -> None:
            self.owner.closed.add(self.index)


def sources(contents: Sequence[tuple[str, bytes]]) -> list[SourceFile]:
    return [SourceFile(name, len(data), lambda d=data: io.BytesIO(d)) for name, data in contents]


def seal_bytes(sender: PrivateIdentity, recipients: Sequence[IdentityCard],
               contents: Sequence[tuple[str, bytes]], *, classic: bool = False,
               letter: Letter = Letter(subject="Objet", message="Corps", reference="RG 1")
               ) -> bytes:
    out = io.BytesIO()
    seal(out, sender, recipients, sources(contents), letter, classic=classic, now=NOW)
    return out.getvalue()


def open_bytes(data: bytes, reader: PrivateIdentity, sender: PrivateIdentity
               ) -> tuple[OpenedMessage, list[bytes]]:
    sink = Collector()
    opened = open_sealed(io.BytesIO(data), reader, expected_sender=sender.card,
                         replay_guard=None, sinks=sink)
    assert sink.closed == set(sink.files)
    return opened, [bytes(sink.files[i]) for i in sorted(sink.files)]


def stanza_types(data: bytes) -> list[bytes]:
    header, _nonce, _payload = split_age(data)
    return [line.split(b" ")[1] for line in header.split(b"\n") if line.startswith(b"-> ")]


@pytest.mark.parametrize("classic", [False, True], ids=["hybrid", "classic"])
def test_one_recipient_round_trip(alice: PrivateIdentity, bob: PrivateIdentity,
                                  classic: bool) -> None:
    contents = [("acte.pdf", os.urandom(1000))]
    data = seal_bytes(alice, [bob.card], contents, classic=classic)
    assert stanza_types(data) == ([b"X25519"] * 2 if classic else [b"mlkem768x25519"] * 2)
    for reader in (bob, alice):  # the recipient, and the sender reopening "Sent"
        opened, files = open_bytes(data, reader, alice)
        assert files == [contents[0][1]]
        meta = opened.metadata
        assert (meta.subject, meta.message, meta.reference) == ("Objet", "Corps", "RG 1")
        assert meta.sender == alice.card and meta.recipients == (bob.card.fingerprint,)
        assert meta.created == NOW and len(meta.message_id) == 16 and len(opened.signature) == 64


def test_several_recipients_and_files_including_empty_ones(
        alice: PrivateIdentity, bob: PrivateIdentity, carol: PrivateIdentity) -> None:
    contents = [("vide.txt", b""), ("Procès-verbal.docx", os.urandom(70_000)), ("b", b""),
                ("photo.jpg", os.urandom(5)), ("z", b"")]
    data = seal_bytes(alice, [bob.card, carol.card], contents)
    assert stanza_types(data).count(b"mlkem768x25519") == 3
    for reader in (alice, bob, carol):
        opened, files = open_bytes(data, reader, alice)
        assert files == [c for _n, c in contents]
        assert [f.name for f in opened.metadata.files] == [n for n, _c in contents]
        assert opened.metadata.recipients == tuple(sorted([bob.card.fingerprint,
                                                           carol.card.fingerprint]))


def test_a_message_without_files(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    opened, files = open_bytes(seal_bytes(alice, [bob.card], []), bob, alice)
    assert files == [] and opened.metadata.files == ()


def test_classic_peer_makes_the_whole_file_classic(alice: PrivateIdentity, bob: PrivateIdentity,
                                                    classic_dave: PrivateIdentity) -> None:
    data = seal_bytes(alice, [bob.card, classic_dave.card], [("a", b"x")])
    assert stanza_types(data) == [b"X25519"] * 3
    assert open_bytes(data, classic_dave, alice)[1] == [b"x"]
    assert open_bytes(data, bob, alice)[1] == [b"x"]


def test_duplicate_recipient_cards_are_addressed_once(alice: PrivateIdentity,
                                                      bob: PrivateIdentity) -> None:
    data = seal_bytes(alice, [bob.card, bob.card, alice.card], [("a", b"x")])
    assert len(stanza_types(data)) == 2
    opened, _files = open_bytes(data, bob, alice)
    assert opened.metadata.recipients == tuple(sorted([alice.fingerprint, bob.fingerprint]))


def content_size_for(sender: PrivateIdentity, recipients: Sequence[IdentityCard],
                     plaintext_total: int) -> int:
    """The size of one file making the whole inner plaintext exactly `plaintext_total` bytes."""
    size = plaintext_total
    for _ in range(5):
        files = [SourceFile("f.bin", size, io.BytesIO)]
        meta = build_metadata(sender, recipients, files, Letter(), NOW).encode()
        size = plaintext_total - 13 - len(meta) - 68
    return size


@pytest.mark.parametrize("total", [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK,
                                   2 * CHUNK + 1, 3 * CHUNK])
def test_plaintext_sizes_around_chunk_boundaries(alice: PrivateIdentity, bob: PrivateIdentity,
                                                 total: int) -> None:
    size = content_size_for(alice, [bob.card], total)
    content = os.urandom(size)
    out = io.BytesIO()
    seal(out, alice, [bob.card], sources([("f.bin", content)]), Letter(), classic=True, now=NOW)
    _header, _nonce, payload = split_age(out.getvalue())
    chunks = -(-total // CHUNK)
    assert len(payload) == total + 16 * chunks  # the plaintext is exactly `total` bytes
    assert open_bytes(out.getvalue(), bob, alice)[1] == [content]


@pytest.mark.parametrize("sizes", [(CHUNK, 0, CHUNK), (CHUNK - 13, 13, 1), (1, CHUNK * 2, 1)])
def test_files_straddling_chunk_boundaries(alice: PrivateIdentity, bob: PrivateIdentity,
                                           sizes: tuple[int, ...]) -> None:
    contents = [(f"f{i}", os.urandom(s)) for i, s in enumerate(sizes)]
    assert open_bytes(seal_bytes(alice, [bob.card], contents, classic=True), bob, alice)[1] == [
        c for _n, c in contents]


def test_progress_is_reported_per_chunk_up_to_the_total(alice: PrivateIdentity,
                                                        bob: PrivateIdentity) -> None:
    seen: list[tuple[int, int]] = []
    out = io.BytesIO()
    seal(out, alice, [bob.card], sources([("a", bytes(150_000)), ("b", bytes(10))]),
         progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (150_010, 150_010) and len(seen) >= 4
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    read: list[tuple[int, int]] = []
    open_sealed(io.BytesIO(out.getvalue()), bob, expected_sender=alice.card, replay_guard=None,
                progress=lambda d, t: read.append((d, t)))
    assert read[-1][0] == read[-1][1] and len(read) >= 3


def test_sealing_refuses_bad_requests(alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    with pytest.raises(SealingRefused, match="at least one recipient"):
        seal_bytes(alice, [], [("a", b"")])
    with pytest.raises(SealingRefused, match="rename it first") as info:
        seal_bytes(alice, [bob.card], [("../a", b"")])
    assert "../a" not in str(info.value)
    with pytest.raises(SealingRefused, match="same as another"):
        seal_bytes(alice, [bob.card], [("A", b""), ("a", b"")])
    expired = PrivateIdentity.generate("Old", validity=timedelta(seconds=1), hybrid=False,
                                       now=NOW - timedelta(days=2))
    with pytest.raises(CardExpired, match="validity period"):
        seal_bytes(alice, [expired.card], [("a", b"")])
