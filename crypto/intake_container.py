"""Intake requests and replies as byte streams, and the reply code (docs/format.md §12.2–§12.3).

A container is `magic || u32be(len(H)) || H || file_1 || … || file_n`, where `H` is the JSON
header of `crypto/intake_headers.py`. `ContainerReader` reads one from any binary stream (the
plaintext of an age file, `ChunkStream` over `AgeReader.chunks()`): the header is read and
checked first (size cap before reading it, limits of the intake document), then each file is
handed out as a bounded reader, one after the other, so nothing is ever held whole in memory.
A short file, bytes after the last file, more files or more bytes than allowed are refused with
a named error. `write_container` writes one, copying each file from its source exactly.

The reply code is 20 random bytes written in base32; from it come the reply identity (an age
hybrid identity), the locator the page fetches replies with, and the lookup the relay stores.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import struct
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from crypto.age import HybridIdentity
from crypto.intake_headers import (
    MAX_FILES,
    MAX_HEADER_BYTES,
    MAX_TOTAL_BYTES,
    REPLY_TYPE,
    REQUEST_TYPE,
    IntakeFileEntry,
    IntakeFormatError,
    IntakeHeader,
    IntakeReply,
    IntakeRequest,
    decode_header,
    encode_header,
)
from crypto.sealed.errors import UnsafeFileName
from crypto.sealed.names import check_file_name, check_file_names, fold

REQUEST_MAGIC = b"scelle intake request v1\n"
REPLY_MAGIC = b"scelle intake reply v1\n"
_MAGICS = {REQUEST_TYPE: REQUEST_MAGIC, REPLY_TYPE: REPLY_MAGIC}
_WHAT = {REQUEST_TYPE: "intake request", REPLY_TYPE: "intake reply"}
_COPY_STEP = 1024 * 1024

REPLY_CODE_BYTES = 20
_CODE_LENGTH = 32  # base32 characters of 20 bytes, no padding
_CODE_RE = re.compile(r"[A-Z2-7]*")
_IGNORED_RE = re.compile(r"[\s-]+")
_IDENTITY_INFO = b"scelle/v1 intake reply identity"
_LOCATOR_INFO = b"scelle/v1 intake reply locator"
_EXTENSION_RE = re.compile(r"\.([A-Za-z0-9]{1,10})\Z")


class TruncatedContainer(IntakeFormatError):
    """The container ends before the header or a file does."""


class TrailingData(IntakeFormatError):
    """Bytes follow the last file."""


class ContainerLimit(IntakeFormatError):
    """More files or more bytes than the intake document allows."""


class ReplyCodeError(IntakeFormatError):
    """A reply code as typed is not one (never quoting it: it is a secret)."""


class ChunkStream:
    """A readable stream over an iterator of byte chunks (e.g. `AgeReader.chunk_views()`).

    A chunk may be a view that its producer reuses for the next one (`chunk_views`): it is
    only asked for once the previous one was read whole, and what `read` returns is a copy.
    """

    def __init__(self, chunks: Iterable[bytes | bytearray | memoryview]) -> None:
        self._chunks = iter(chunks)
        self._buffer = memoryview(b"")

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            data = bytes(self._buffer) + b"".join(bytes(c) for c in self._chunks)
            self._buffer = memoryview(b"")
            return data
        while not self._buffer and size > 0:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._buffer = memoryview(chunk).cast("B")
        data, self._buffer = bytes(self._buffer[:size]), self._buffer[size:]
        return data


def _read_exact(src: BinaryIO, size: int, what: str) -> bytes:
    parts = []
    remaining = size
    while remaining:
        data = src.read(remaining)
        if not data:
            raise TruncatedContainer(f"The {what} is truncated.")
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


def _read_up_to(src: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, looping over short reads; fewer only at the end of the stream."""
    parts = []
    remaining = size
    while remaining and (data := src.read(remaining)):
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


@dataclass(frozen=True)
class ContainerFile:
    """One file of a container: its 1-based index, its header entry and the name to file it as."""

    index: int
    entry: IntakeFileEntry
    safe_name: str

    @property
    def renamed(self) -> bool:
        """True when the name as written could not be used (§12.2) and `safe_name` replaced it."""
        return self.safe_name != unicodedata.normalize("NFC", self.entry.name)


class FilePart:
    """Reads exactly one file's bytes from the container; a short source is refused."""

    def __init__(self, src: BinaryIO, size: int, index: int, what: str) -> None:
        self._src = src
        self.remaining = size
        self._index = index
        self._what = what

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (fewer on a short read of the source); all the rest if negative."""
        if size < 0:
            return b"".join(iter(lambda: self.read(_COPY_STEP), b""))
        if self.remaining == 0 or size == 0:
            return b""
        wanted = min(size, self.remaining)
        data = self._src.read(wanted)
        if not data:
            raise TruncatedContainer(
                f"The {self._what} is truncated: file {self._index} is shorter than its "
                "header says.")
        self.remaining -= len(data)
        return data

    def drain(self) -> None:
        while self.remaining:
            self.read(_COPY_STEP)


class ContainerReader:
    """Reads a request or reply container; `kind` is "intake_request" or "intake_reply".

    The header is checked at construction. `max_bytes` and `max_files` are the intake
    document's limits (never above the format's); `intake`, when given, is the intake point the
    container came through, and a header naming another one is refused.
    """

    def __init__(self, src: BinaryIO, kind: str, *, max_bytes: int = MAX_TOTAL_BYTES,
                 max_files: int = MAX_FILES, intake: str | None = None) -> None:
        self._src = src
        self._what = _WHAT[kind]
        self.header: IntakeHeader = self._read_header(kind)
        if intake is not None and self.header.intake != intake:
            raise IntakeFormatError(
                f"The {self._what} names another intake point than the one it came through.")
        entries = self.header.files
        if len(entries) > min(max_files, MAX_FILES):
            raise ContainerLimit(f"The {self._what} has more files than the intake point "
                                 "allows.")
        if sum(e.size for e in entries) > min(max_bytes, MAX_TOTAL_BYTES):
            raise ContainerLimit(f"The {self._what}'s files are larger in all than the intake "
                                 "point allows.")
        names = safe_intake_names([e.name for e in entries])
        self.files: tuple[ContainerFile, ...] = tuple(
            ContainerFile(index=i, entry=e, safe_name=n)
            for i, (e, n) in enumerate(zip(entries, names, strict=True), start=1))
        self._started = False

    def _read_header(self, kind: str) -> IntakeHeader:
        magic = _read_up_to(self._src, len(_MAGICS[kind]))
        if magic != _MAGICS[kind]:
            other = _MAGICS[REPLY_TYPE if kind == REQUEST_TYPE else REQUEST_TYPE]
            if magic and (magic.startswith(other) or other.startswith(magic)):
                raise IntakeFormatError(f"This is not an {self._what}: it is of another type.")
            raise IntakeFormatError(f"This is not an {self._what} (its first bytes are wrong).")
        (length,) = struct.unpack(">I", _read_exact(self._src, 4, self._what))
        if length > MAX_HEADER_BYTES:
            raise ContainerLimit(f"The header of the {self._what} is larger than "
                                 f"{MAX_HEADER_BYTES} bytes.")
        return decode_header(_read_exact(self._src, length, self._what), kind)

    def parts(self) -> Iterator[tuple[ContainerFile, FilePart]]:
        """Yield each file with a reader of its bytes; once only, in order.

        A file its caller did not read to the end is skipped over; after the last one, any
        further byte is refused. Until the iteration ends without error, nothing read is known
        to be the whole container: callers keep what they read in staging until then.
        """
        if self._started:
            raise RuntimeError("the files of a container can only be read once")
        self._started = True
        for item in self.files:
            part = FilePart(self._src, item.entry.size, item.index, self._what)
            yield item, part
            part.drain()
        if self._src.read(1):
            raise TrailingData(f"The {self._what} has unexpected bytes after its last file.")


def write_container(out: BinaryIO, header: IntakeHeader, sources: Sequence[BinaryIO]) -> int:
    """Write `header` and each source's bytes (exactly its entry's size); return bytes written.

    A reply's file names must already be safe (§3.5); a request's are written as given (a
    browser does, and tests need the unsafe ones).
    """
    kind = REQUEST_TYPE if isinstance(header, IntakeRequest) else REPLY_TYPE
    if len(sources) != len(header.files):
        raise ValueError("one source per file entry is needed")
    if len(header.files) > MAX_FILES or sum(e.size for e in header.files) > MAX_TOTAL_BYTES:
        raise ContainerLimit(f"An {_WHAT[kind]} holds at most {MAX_FILES} files and "
                             f"{MAX_TOTAL_BYTES} bytes in all.")
    if isinstance(header, IntakeReply):
        check_file_names([e.name for e in header.files])
    data = encode_header(header)
    written = _write(out, _MAGICS[kind] + struct.pack(">I", len(data)) + data)
    for index, (entry, source) in enumerate(zip(header.files, sources, strict=True), start=1):
        written += _copy_exactly(source, out, entry.size, index)
    return written


def _copy_exactly(source: BinaryIO, out: BinaryIO, size: int, index: int) -> int:
    remaining = size
    while remaining:
        data = source.read(min(_COPY_STEP, remaining))
        if not data:
            raise IntakeFormatError(f"File {index} is shorter than its size in the header; "
                                    "nothing usable was written.")
        _write(out, data)
        remaining -= len(data)
    if source.read(1):
        raise IntakeFormatError(f"File {index} is longer than its size in the header; "
                                "nothing usable was written.")
    return size


def _write(out: BinaryIO, data: bytes) -> int:
    view = memoryview(data)
    while view:
        count = out.write(view)
        if count is None:  # a duck-typed writer that reports nothing wrote everything
            break
        view = view[count:]
    return len(data)


def safe_intake_name(name: str, index: int) -> str:
    """`name` (NFC) if it is a safe file name (§3.5), else `piece-<index>` plus its extension
    when that is 1–10 ASCII letters or digits (§12.2)."""
    try:
        return check_file_name(name)
    except UnsafeFileName:
        return _fallback(name, index)


def _fallback(name: str, index: int) -> str:
    found = _EXTENSION_RE.search(name)
    return f"piece-{index}.{found.group(1)}" if found else f"piece-{index}"


def safe_intake_names(names: Sequence[str]) -> list[str]:
    """Safe names for a container's files, in order; a name that is unsafe or that equals an
    earlier one once case is ignored falls back to `piece-<n>` (then `piece-<n>-<k>`)."""
    result: list[str] = []
    taken: set[str] = set()
    for index, name in enumerate(names, start=1):
        chosen = safe_intake_name(name, index)
        candidates = [chosen, _fallback(name, index), f"piece-{index}"]
        candidates += [f"piece-{index}-{k}" for k in range(2, len(names) + 3)]
        chosen = next(c for c in candidates if fold(c) not in taken)
        taken.add(fold(chosen))
        result.append(chosen)
    return result


def new_reply_code() -> bytes:
    """A fresh reply code's 20 random bytes `K` (the page makes them; tests and tools too)."""
    return os.urandom(REPLY_CODE_BYTES)


def format_reply_code(key: bytes) -> str:
    """`K` as shown to the requester: 32 base32 characters in 8 groups of 4 joined by '-'."""
    if len(key) != REPLY_CODE_BYTES:
        raise ValueError("a reply code holds 20 bytes")
    text = base64.b32encode(key).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, _CODE_LENGTH, 4))


def parse_reply_code(text: str) -> bytes:
    """`K` from a reply code as typed: case, spaces and '-' are ignored."""
    compact = _IGNORED_RE.sub("", text).upper()
    if not _CODE_RE.fullmatch(compact):
        raise ReplyCodeError("The reply code holds a character other than the letters A to Z, "
                             "the digits 2 to 7, spaces and dashes.")
    if len(compact) != _CODE_LENGTH:
        raise ReplyCodeError(f"The reply code has {len(compact)} letters and digits instead of "
                             f"{_CODE_LENGTH}.")
    # 32 characters carry exactly 160 bits: no padding and no unused bits to check.
    return base64.b32decode(compact)


def _hkdf(key: bytes, info: bytes, length: int) -> bytes:
    if len(key) != REPLY_CODE_BYTES:
        raise ValueError("a reply code holds 20 bytes")
    # An empty salt is what §12.3 says; HMAC pads it to the same key as RFC 5869's zeros.
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=b"", info=info).derive(key)


def reply_identity(key: bytes) -> HybridIdentity:
    """The age hybrid identity the reply is encrypted to (its recipient: `reply_recipient`)."""
    return HybridIdentity(_hkdf(key, _IDENTITY_INFO, 32))


def reply_locator(key: bytes) -> bytes:
    """The 16 bytes the page fetches replies with (sent as 32 hex digits)."""
    return _hkdf(key, _LOCATOR_INFO, 16)


def reply_lookup(locator: bytes) -> bytes:
    """What the deposit carries and the relay keeps: SHA-256 of the locator (64 hex digits)."""
    if len(locator) != 16:
        raise ValueError("a reply locator holds 16 bytes")
    return hashlib.sha256(locator).digest()
