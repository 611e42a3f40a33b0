"""Envelope bytes on a filesystem (the only place ciphertext lives).

    <root>/uploads/<id>/data           the upload: each chunk written at its own offset
    <root>/uploads/<id>/leaves         per chunk, at its index: its SHA-256 (the content
                                       digest's leaf, crypto/content_digest.py) and the boot it
                                       was written in, 48 bytes; zeros: no checked chunk there
    <root>/envelopes/<id[:2]>/<id>     a committed envelope

A chunk is received straight into `data` at its offset (no chunk file, no copy), by one request
at a time: `receive_chunk` takes an exclusive lock on the chunk's leaf record (an open file
description lock, so it excludes other threads and other relay processes sharing the folder,
and dies with its holder), clears the leaf before the first byte lands, and writes the leaf
only once the whole chunk matched its signed digest. Bytes under a zero record belong to no
checked chunk: a killed or refused request leaves the upload as it was, whatever it wrote.

Every method is blocking (file I/O); the app calls them from worker threads. Ids are checked to
be 32 lowercase hex digits before they get here, so they are safe as file names.

Durability: nothing is promised about an upload before its commit, so chunks are not synced one
by one. The commit derives the envelope's content digest from the kept leaves without reading
the bytes again; that is sound only if the bytes on disk are the ones that were hashed, which a
power loss (or a kernel crash) can break for pages not yet written. Such a loss always comes
with a new boot, so each leaf records the boot id it was written under
(`/proc/sys/kernel/random/boot_id`), and `checked_leaves` re-reads and re-hashes only the chunks
written under another boot (or by another machine sharing the folder, or everywhere when there
is no boot id): the second pass happens only where the page cache may have lost bytes; a chunk
that no longer matches discards the upload and the client sends it again. `finalize`, before
the deposit proof is signed, syncs the whole file and its new folder entry; each kept chunk
only has its writeback started (`start_writeback`), so that sync finds little left to do.

`BlobStorage` is the interface the rest of the relay uses; `BlobStore` (this folder layout)
implements it. An S3-compatible object store could implement it too (docs/relay.md, "Growing
past one machine"): an upload is a multipart upload, an appended chunk one part, `finalize` the
completion, `open_envelope` ranged GETs, `new_envelope` a single PUT; several relay processes
then share the bucket as they share a folder.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import time
from pathlib import Path
from typing import Protocol

from crypto.content_digest import CONTENT_CHUNK, LEAF_SIZE, leaf_count
from relay.chunk_writer import BOOT_ID, NO_BOOT_ID, RECORD_SIZE, IncomingChunk

_ID = re.compile(r"[0-9a-f]{32}")
COPY_BLOCK = 1024 * 1024  # a user-space copy's block (backups)
def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class EnvelopeReader(Protocol):
    def read_at(self, offset: int, size: int) -> bytes:
        """Up to `size` bytes from `offset` (fewer only at the end)."""

    def close(self) -> None: ...


class EnvelopeWriter(Protocol):
    """A single-request deposit's bytes, written to the envelope's final name, claimed
    exclusively (creating it fails with FileExistsError if the id has bytes already)."""

    def write(self, data: bytes) -> None: ...

    def complete(self) -> None:
        """Durable before the deposit proof is signed (bytes and name)."""

    def discard(self) -> None: ...


class BlobStorage(Protocol):
    """Where envelope bytes live; every method blocking, ids already checked (32 hex)."""

    def start_upload(self, envelope_id: str) -> None: ...

    def receive_chunk(self, envelope_id: str, offset: int) -> IncomingChunk:
        """Claim the chunk at `offset` (a multiple of CONTENT_CHUNK) for one request, which
        writes it in place; ChunkClaimed if another request holds it."""

    def kept_prefix(self, envelope_id: str, start: int, size: int) -> int:
        """Where the run of checked chunks beginning at `start` (a chunk boundary) ends."""

    def checked_leaves(self, envelope_id: str, size: int) -> list[bytes]:
        """The leaves of a complete upload, each one true of the bytes now on disk."""

    def finalize(self, envelope_id: str, size: int) -> None:
        """The complete upload becomes the committed envelope, durably."""

    def new_envelope(self, envelope_id: str) -> EnvelopeWriter: ...

    def open_envelope(self, envelope_id: str) -> EnvelopeReader: ...

    def drop_upload(self, envelope_id: str) -> None: ...

    def delete(self, envelope_id: str) -> None:
        """Every byte stored for this id, whatever its state; idempotent."""

    def exists(self, envelope_id: str) -> bool: ...

    def upload_exists(self, envelope_id: str) -> bool: ...

    def stored_ids(self) -> set[str]: ...

    def age(self, envelope_id: str) -> float:
        """Seconds since this id's bytes last changed (0 if none): orphans are swept by age."""

    def check_health(self) -> None:
        """Write, read back and delete a probe object; raise OSError if any step fails."""


class _FileReader:
    def __init__(self, path: Path) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()

    def read_at(self, offset: int, size: int) -> bytes:
        return os.pread(self._file.fileno(), size, offset)

    def close(self) -> None:
        self._file.close()


class _FileWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        try:
            self._fd: int | None = os.open(path, flags, 0o600)
        except FileNotFoundError:  # first envelope in this shard folder
            path.parent.mkdir(mode=0o700, exist_ok=True)
            self._fd = os.open(path, flags, 0o600)

    def write(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]

    def complete(self) -> None:
        assert self._fd is not None
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = None
        _fsync_dir(self.path.parent)

    def discard(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self.path.unlink(missing_ok=True)


class BlobStore:
    """`BlobStorage` on a folder (local, or shared by several relay processes: NFS, CephFS)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for sub in ("uploads", "envelopes"):
            (root / sub).mkdir(parents=True, exist_ok=True, mode=0o700)

    def _check(self, envelope_id: str) -> str:
        if not _ID.fullmatch(envelope_id):
            raise ValueError("bad envelope id")
        return envelope_id

    def upload_dir(self, envelope_id: str) -> Path:
        return self.root / "uploads" / self._check(envelope_id)

    def envelope_path(self, envelope_id: str) -> Path:
        return self.root / "envelopes" / envelope_id[:2] / self._check(envelope_id)

    def start_upload(self, envelope_id: str) -> None:
        directory = self.upload_dir(envelope_id)
        directory.mkdir(mode=0o700)
        (directory / "data").touch(mode=0o600)

    def receive_chunk(self, envelope_id: str, offset: int) -> IncomingChunk:
        return IncomingChunk(self.upload_dir(envelope_id), offset)

    def kept_prefix(self, envelope_id: str, start: int, size: int) -> int:
        """The end of the run of checked chunks from `start`: what the upload has received
        without a gap, whatever order the chunks came in."""
        first = start // CONTENT_CHUNK
        try:
            with open(self.upload_dir(envelope_id) / "leaves", "rb") as leaves:
                records = os.pread(leaves.fileno(), (leaf_count(size) - first) * RECORD_SIZE,
                                   first * RECORD_SIZE)
        except FileNotFoundError:
            return start
        index = 0
        while records[index * RECORD_SIZE:(index + 1) * RECORD_SIZE].strip(b"\0"):
            index += 1
        return min(start + index * CONTENT_CHUNK, size)

    def checked_leaves(self, envelope_id: str, size: int) -> list[bytes]:
        """Every chunk's leaf. A chunk appended under another boot is read and hashed again
        (see the module's note on durability); one with no leaf kept (an upload restored from
        a backup, or begun before relay protocol 2) is hashed from the bytes: the client's
        content digest, checked against these leaves at commit, still covers every byte.
        Raises ValueError if a kept leaf no longer matches the bytes."""
        folder = self.upload_dir(envelope_id)
        try:
            records = (folder / "leaves").read_bytes()
        except FileNotFoundError:
            records = b""
        leaves = []
        with open(folder / "data", "rb") as src:
            for index in range(-(-size // CONTENT_CHUNK)):
                record = records[index * RECORD_SIZE:(index + 1) * RECORD_SIZE]
                if len(record) == RECORD_SIZE and record[LEAF_SIZE:] == BOOT_ID != NO_BOOT_ID:
                    leaves.append(record[:LEAF_SIZE])  # hashed as received, still in memory
                    continue
                start = index * CONTENT_CHUNK
                length = min(CONTENT_CHUNK, size - start)
                data = os.pread(src.fileno(), length, start)
                if len(data) != length:
                    raise ValueError("the upload is shorter than recorded")
                leaf = hashlib.sha256(data).digest()
                kept = len(record) == RECORD_SIZE and record != bytes(RECORD_SIZE)  # zeros: a gap
                if kept and record[:LEAF_SIZE] != leaf:
                    raise ValueError("a chunk no longer matches its digest")
                leaves.append(leaf)
        return leaves

    def finalize(self, envelope_id: str, size: int) -> None:
        """Move a complete upload to its committed place (atomic rename, then fsync)."""
        source = self.upload_dir(envelope_id) / "data"
        with open(source, "r+b") as handle:
            handle.truncate(size)
            os.fsync(handle.fileno())
        target = self.envelope_path(envelope_id)
        target.parent.mkdir(exist_ok=True, mode=0o700)
        os.replace(source, target)
        _fsync_dir(target.parent)
        shutil.rmtree(self.upload_dir(envelope_id), ignore_errors=True)

    def open_envelope(self, envelope_id: str) -> EnvelopeReader:
        return _FileReader(self.envelope_path(envelope_id))

    def new_envelope(self, envelope_id: str) -> EnvelopeWriter:
        return _FileWriter(self.envelope_path(envelope_id))

    def drop_upload(self, envelope_id: str) -> None:
        """Remove an upload in progress (never a committed envelope)."""
        shutil.rmtree(self.upload_dir(envelope_id), ignore_errors=True)

    def delete(self, envelope_id: str) -> None:
        """Remove every byte stored for this id, in whatever state it was. Idempotent."""
        shutil.rmtree(self.upload_dir(envelope_id), ignore_errors=True)
        self.envelope_path(envelope_id).unlink(missing_ok=True)

    def exists(self, envelope_id: str) -> bool:
        return self.upload_dir(envelope_id).exists() or self.envelope_path(envelope_id).exists()

    def upload_exists(self, envelope_id: str) -> bool:
        return self.upload_dir(envelope_id).exists()

    def age(self, envelope_id: str) -> float:
        for path in (self.upload_dir(envelope_id), self.envelope_path(envelope_id)):
            try:
                return time.time() - path.stat().st_mtime  # real time: files age in real time
            except OSError:
                continue
        return 0.0

    def check_health(self) -> None:
        probe = self.root / f"health-{secrets.token_hex(8)}"
        payload = secrets.token_bytes(32)
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, payload)
            finally:
                os.close(fd)
            if probe.read_bytes() != payload:
                raise OSError("the probe read back differs")
        finally:
            probe.unlink(missing_ok=True)

    def stored_ids(self) -> set[str]:
        """Every id with bytes on disk (for the sweeper's orphan check)."""
        ids = {p.name for p in (self.root / "uploads").iterdir() if _ID.fullmatch(p.name)}
        for sub in (self.root / "envelopes").iterdir():
            ids |= {p.name for p in sub.iterdir() if _ID.fullmatch(p.name)}
        return ids
