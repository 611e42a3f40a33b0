"""Opening: stream a `.scelle` file into caller-provided sinks, then decide whether to accept it.

The signature sits at the end, so file contents are streamed into *sinks* (the caller's staging
area, never under the names the file announces) before the decision. The caller keeps nothing
unless `open_sealed` returns; every refusal raises one `SealedFileRejected` subclass. Checks run
in the order of docs/format.md §3.6:

1. the age layer decrypts, with a valid final chunk and nothing after it;
2. exactly the trailer ("SIG1" + 64 bytes) remains after the content;
3. the metadata parses strictly (names included) and the file sizes add up;
4. the signature verifies;
5. the sender is the expected one (pinned card and/or verifier callback);
6. the reader is a recipient (or the sender, reopening a sent file);
7. the message has not expired;
8. the message id was not seen before (the caller records it after committing).

A problem found early in the stream (e.g. bad metadata) is held back until the age layer has been
read to the end, so that a damaged or truncated file is always reported as such.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidSignature

from crypto import age
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed import layout
from crypto.sealed.codec import utc_now
from crypto.sealed.errors import (
    BadSignature,
    Cancelled,
    ExpiredMessage,
    ForwardedFile,
    MalformedMetadata,
    MalformedSealedFile,
    NotAddressedToYou,
    NotASealedFile,
    ReplayedMessage,
    SealedFileRejected,
    TamperedError,
    TruncatedSealedFile,
    UnexpectedSender,
)
from crypto.sealed.metadata import MAX_METADATA, FileEntry, Metadata, decode_metadata
from crypto.sealed.pipeline import BLOCK_SIZE, ContentHasher, content_part

# `_decrypt` relies on the metadata being parsed within the first block of plaintext (the
# splitter releases bytes TRAILER_SIZE behind what it was fed).
assert BLOCK_SIZE >= layout.PREFIX_SIZE + MAX_METADATA + layout.TRAILER_SIZE
from crypto.sealed.writer import CancelCheck, Progress


class Sink(Protocol):
    """Receives one file's bytes in order; `close()` is called once it is complete (or on error).

    `write` must be done with `data` when it returns, unless it gives it to the output stage of
    the pipeline passed to `open_sealed` (which holds the block until the job has run)."""

    def write(self, data: memoryview, /) -> object: ...

    def close(self) -> None: ...


#: sinks(index, entry) opens the sink for file number `index` of the metadata.
SinkFactory = Callable[[int, FileEntry], Sink]
#: Returns True if this sender card is acceptable (e.g. certified by a trusted directory).
SenderCheck = Callable[[IdentityCard], bool]


class KeyRing(Protocol):
    """The keys to open with instead of the identity's own (a relayed envelope: the held
    prekeys first, crypto/prekey_ring.py), and the check, once the signature verified, that
    the key which opened the file is the one the signed metadata names."""

    def identities(self) -> Sequence[age.Identity]: ...

    def check(self, metadata: Metadata) -> None: ...


class ReplayGuard(Protocol):
    """Remembers message ids already accepted."""

    def seen(self, message_id: bytes) -> bool: ...

    def record(self, message_id: bytes) -> None: ...


@dataclass(frozen=True)
class OpenedMessage:
    """A sealed file that passed every check."""

    metadata: Metadata
    signature: bytes
    # SHA-256 of the content bytes (the files, concatenated), covered by the verified signature:
    # for a one-file sealed file, that file's SHA-256 (app/vault/exchange.py stores it as is).
    content_sha256: bytes = b""

    @property
    def sender(self) -> IdentityCard:
        return self.metadata.sender


@contextlib.contextmanager
def _age_errors() -> Iterator[None]:
    """Translate the age layer's errors into sealed-file refusals."""
    try:
        yield
    except age.NoIdentityMatchError:
        raise NotAddressedToYou() from None
    except age.TruncatedPayloadError:
        raise TruncatedSealedFile() from None
    except age.TrailingDataError:
        raise TamperedError("Data was appended to this sealed file after its end; "
                            "it was refused.") from None
    except (age.HeaderMacError, age.PayloadError):
        raise TamperedError() from None
    except age.AgeCancelled:
        raise Cancelled() from None
    except age.AgeError:
        raise NotASealedFile() from None


class _Splitter:
    """Splits the plaintext stream into prefix, metadata, per-file content and trailer."""

    def __init__(self, sinks: SinkFactory | None,
                 on_metadata: Callable[[Metadata], None] | None) -> None:
        self._sinks = sinks
        self._on_metadata = on_metadata
        self._held = bytearray()  # the last TRAILER_SIZE bytes seen: possibly the trailer
        self._prefix = bytearray()
        self._meta_len: int | None = None
        self._discard = False
        self.deferred: SealedFileRejected | None = None
        self.metadata_bytes = b""
        self.metadata: Metadata | None = None
        self.content_size = 0
        self.total = 0
        self._index = -1
        self._remaining = 0
        self._sink: Sink | None = None
        self._expected_total = 0

    @property
    def expected_total(self) -> int:
        # Asked once per chunk: computed once, when the metadata is parsed.
        return self._expected_total

    def feed(self, chunk: memoryview) -> None:
        self.total += len(chunk)
        if len(chunk) >= layout.TRAILER_SIZE:
            held, self._held = self._held, bytearray(chunk[-layout.TRAILER_SIZE:])
            self._release(memoryview(held))
            self._release(chunk[:-layout.TRAILER_SIZE])
            return
        self._held += chunk
        excess = len(self._held) - layout.TRAILER_SIZE
        if excess > 0:
            head = bytes(self._held[:excess])
            del self._held[:excess]
            self._release(memoryview(head))

    def _release(self, data: memoryview) -> None:
        if self._discard or not data:
            return
        if self.metadata is None:
            data = self._take_prefix(data)
            if self.metadata is None or not data:
                return
        self._route(data)

    def _defer(self, error: SealedFileRejected) -> None:
        self.deferred = error
        self._discard = True

    def _take_prefix(self, data: memoryview) -> memoryview:
        need = layout.PREFIX_SIZE + (self._meta_len or 0)
        take = min(need - len(self._prefix), len(data))
        self._prefix += data[:take]
        data = data[take:]
        if self._meta_len is None and len(self._prefix) == layout.PREFIX_SIZE:
            if self._prefix[:len(layout.MAGIC)] != layout.MAGIC:
                self._defer(MalformedSealedFile("This file is not a Scellé sealed file (its inner "
                                                "marker is wrong); it was refused."))
                return data
            self._meta_len = int.from_bytes(self._prefix[len(layout.MAGIC):], "big")
            if not 0 < self._meta_len <= MAX_METADATA:
                self._defer(MalformedMetadata("This sealed file's metadata has an impossible "
                                              "length; it was refused."))
                return data
            return self._take_prefix(data)
        if self._meta_len is not None and len(self._prefix) == need:
            self.metadata_bytes = bytes(self._prefix[layout.PREFIX_SIZE:])
            self._prefix = bytearray()
            try:
                self.metadata = decode_metadata(self.metadata_bytes)
            except SealedFileRejected as exc:
                self._defer(exc)
                return data
            self._expected_total = (layout.PREFIX_SIZE + len(self.metadata_bytes)
                                    + self.metadata.content_size + layout.TRAILER_SIZE)
            if self._on_metadata is not None:
                self._on_metadata(self.metadata)
            self._next_file()
        return data

    def content_range(self) -> tuple[int, int]:
        """Where the content is in the plaintext stream, once the metadata is known.

        Hashing exactly this range gives the hash of what `_route` passes on whenever `finish()`
        accepts the file (it checks that the content fills the stream up to the trailer).
        """
        if self.metadata is None:
            return 0, 0
        start = layout.PREFIX_SIZE + len(self.metadata_bytes)
        return start, start + self.metadata.content_size

    def _route(self, data: memoryview) -> None:
        self.content_size += len(data)
        while data and self._sink_open():
            take = min(self._remaining, len(data))
            if self._sink is not None:
                self._sink.write(data[:take])
            self._remaining -= take
            data = data[take:]
            if not self._remaining:
                self._next_file()
        # Bytes beyond the announced sizes are only counted: finish() refuses the file.

    def _sink_open(self) -> bool:
        return self.metadata is not None and self._index < len(self.metadata.files)

    def _next_file(self) -> None:
        """Close the current sink and open the next one; empty files are opened and closed."""
        assert self.metadata is not None
        files = self.metadata.files
        while True:
            self.close_sink()
            self._index += 1
            if self._index >= len(files):
                return
            entry = files[self._index]
            self._sink = self._sinks(self._index, entry) if self._sinks else None
            self._remaining = entry.size
            if entry.size:
                return

    def close_sink(self) -> None:
        sink, self._sink = self._sink, None
        if sink is not None:
            sink.close()

    def finish(self) -> bytes:
        """Checks 2 and 3 once the stream is complete; returns the signature."""
        if len(self._held) < layout.TRAILER_SIZE or self._held[:4] != layout.TRAILER_MAGIC:
            raise MalformedSealedFile("This sealed file lacks its signature at the end; "
                                      "it was refused.")
        if self.deferred is not None:
            raise self.deferred
        if self.metadata is None:
            raise MalformedSealedFile("This sealed file ends inside its own metadata; "
                                      "it was refused.")
        if self.content_size != self.metadata.content_size:
            raise MalformedMetadata("The file sizes announced in this sealed file do not add up "
                                    "to its content; it was refused.")
        return bytes(self._held[4:])


def open_sealed(src: BinaryIO, identity: PrivateIdentity, *,
                expected_sender: IdentityCard | None = None,
                sender_check: SenderCheck | None = None,
                replay_guard: ReplayGuard | None,
                sinks: SinkFactory | None = None, progress: Progress | None = None,
                cancel: CancelCheck | None = None, now: datetime | None = None,
                on_metadata: Callable[[Metadata], None] | None = None,
                pipeline: ContentHasher | None = None,
                keyring: KeyRing | None = None) -> OpenedMessage:
    """Read and verify a sealed file, streaming its files into `sinks`.

    At least one of `expected_sender` (a pinned card: same keys required) and `sender_check`
    must be given. `replay_guard=None` disables the replay check (only for re-verifying a file
    already accepted). This function never records the message id: the caller does, once it has
    committed the files. `on_metadata` sees the metadata as soon as it is parsed, NOT yet
    authenticated: it may only be used to give up early (e.g. a view-only file that must not be
    written to disk), by raising. `pipeline`: the caller's (crypto/sealed/pipeline.py), whose
    output stage its sinks use to consume the blocks they are given without copying them;
    the caller drains and closes it. Without it, a private one is used. `keyring`: the keys
    to open with instead of the identity's (a relayed envelope's prekeys, `KeyRing`), whose
    check runs once the signature and the addressing verified.
    """
    if expected_sender is None and sender_check is None:
        raise ValueError("open_sealed needs expected_sender or sender_check")
    splitter = _Splitter(sinks, on_metadata)
    try:
        with _age_errors():
            reader = age.AgeReader(src, identity.age_identities() if keyring is None
                                   else keyring.identities())
            if pipeline is not None:
                content_digest = _decrypt(pipeline, reader, splitter, progress, cancel)
            else:
                with ContentHasher() as own:
                    content_digest = _decrypt(own, reader, splitter, progress, cancel)
        signature = splitter.finish()
    finally:
        splitter.close_sink()
    metadata = splitter.metadata
    assert metadata is not None
    envelope = layout.envelope_digest(reader.header_bytes, reader.nonce)
    _check_signature(metadata, identity, signature, layout.signed_message(
        envelope, hashlib.sha256(splitter.metadata_bytes).digest(), content_digest))
    _check_sender(metadata.sender, expected_sender, sender_check)
    if not _addressed(metadata, identity):
        raise NotAddressedToYou("This sealed file is not addressed to you: you are not among the "
                                "recipients its sender chose. It was refused.")
    if keyring is not None:
        keyring.check(metadata)
    if metadata.expires is not None and (now or utc_now()) > metadata.expires:
        raise ExpiredMessage()
    if replay_guard is not None and replay_guard.seen(metadata.message_id):
        raise ReplayedMessage()
    return OpenedMessage(metadata, signature, content_digest)


def _decrypt(hasher: ContentHasher, reader: age.AgeReader, splitter: _Splitter,
             progress: Progress | None, cancel: CancelCheck | None) -> bytes:
    """Decrypt the payload into blocks, feed them to `splitter`; return the content's SHA-256.

    Each block is hashed on the worker thread while this one decrypts and writes out the next.
    The metadata is parsed within the first block (its length is bounded), so the content's
    place in the stream is known before any content is submitted.
    """
    offset = 0  # of the current block in the plaintext stream
    while True:
        block = hasher.take()
        filled, more = _fill(block, reader, splitter, progress, cancel)
        hasher.submit(content_part(block[:filled], offset, *splitter.content_range()))
        offset += filled
        if not more:
            return hasher.digest()


def _fill(block: memoryview, reader: age.AgeReader, splitter: _Splitter,
          progress: Progress | None, cancel: CancelCheck | None) -> tuple[int, bool]:
    """Decrypt chunks into `block` until it is full, feeding `splitter`; return the block's
    size and whether more follow.

    Until the metadata is known each chunk is fed as it comes; after that the block is fed
    once, when full, so the sinks get one write per block (or per file within it) rather than
    one per chunk. Progress is still reported per chunk.
    """
    filled = fed = 0
    more = True
    while filled < len(block):
        if cancel is not None and cancel():
            raise Cancelled()
        size = reader.read_chunk_into(block[filled:])
        if size is None:
            more = False
            break
        filled += size
        if not splitter.expected_total:
            splitter.feed(block[fed:filled])
            fed = filled
        if progress is not None and splitter.expected_total:
            total = splitter.expected_total
            progress(min(splitter.total + filled - fed, total), total)
    splitter.feed(block[fed:filled])
    return filled, more


def _addressed(metadata: Metadata, identity: PrivateIdentity) -> bool:
    mine = identity.fingerprint
    return mine in metadata.recipients or mine == metadata.sender.fingerprint


def _check_signature(metadata: Metadata, identity: PrivateIdentity, signature: bytes,
                     message: bytes) -> None:
    try:
        metadata.sender.public_key().verify(signature, message)
    except InvalidSignature:
        # The signed recipient list does not name us: the likeliest story is a recipient who
        # re-encrypted the plaintext to us. Otherwise something was altered.
        raise (BadSignature() if _addressed(metadata, identity) else ForwardedFile()) from None


def _check_sender(card: IdentityCard, expected: IdentityCard | None,
                  check: SenderCheck | None) -> None:
    if expected is not None and card.fingerprint != expected.fingerprint:
        raise UnexpectedSender()
    if check is not None and not check(card):
        raise UnexpectedSender()
