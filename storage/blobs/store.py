"""Where blob files live: `blobs/xx/<32 hex id>`, xx being the id's first two hex digits (256
folders keep each one small with hundreds of thousands of documents).

Files arrive here only by `publish()`: an atomic rename of a finished, fsynced staging file,
followed by an fsync of the folder. They leave by `remove()`. Nothing else writes here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from storage.blobs.errors import MissingBlobError
from storage.blobs.format import ID_LEN, BlobReader
from storage.blobs.stream import BlobStream
from storage.staging import fsync_directory

_ID_RE = re.compile(r"[0-9a-f]{32}")


def new_blob_id() -> bytes:
    return os.urandom(ID_LEN)


def is_blob_id(text: str) -> bool:
    return _ID_RE.fullmatch(text) is not None


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def ensure(self) -> None:
        self.root.mkdir(mode=0o700, exist_ok=True)

    def path_for(self, blob_id: str) -> Path:
        if not is_blob_id(blob_id):
            raise ValueError("malformed blob id")
        return self.root / blob_id[:2] / blob_id

    def exists(self, blob_id: str) -> bool:
        return self.path_for(blob_id).is_file()

    def publish(self, staged: Path, blob_id: str) -> None:
        """Move a finished staging file into place atomically and durably."""
        target = self.path_for(blob_id)
        folder = target.parent
        if not folder.is_dir():
            folder.mkdir(mode=0o700)
            fsync_directory(self.root)
        os.replace(staged, target)
        fsync_directory(folder)

    def move_in(self, staged: Path, blob_id: str) -> list[Path]:
        """`publish` without any fsync, for a batch that makes all its moves durable at once:
        returns the folders whose entries changed (the blob's folder, and the root as well
        when that folder had to be created), for the batch's sync pass."""
        target = self.path_for(blob_id)
        folder = target.parent
        changed = [folder]
        if not folder.is_dir():
            folder.mkdir(mode=0o700)
            changed.append(self.root)
        os.replace(staged, target)
        return changed

    def remove(self, blob_id: str) -> bool:
        """Unlink a blob file; False if it was already gone."""
        path = self.path_for(blob_id)
        try:
            path.unlink()
        except FileNotFoundError:
            return False
        fsync_directory(path.parent)
        return True

    def open_reader(
        self, blob_id: str, key: bytes, *, size: int | None, document_id: int | None = None
    ) -> BlobStream:
        """Open a blob for authenticated reading; the stream owns (and closes) the file."""
        try:
            fh = self.path_for(blob_id).open("rb")
        except FileNotFoundError:
            raise MissingBlobError(document_id, blob_id) from None
        try:
            reader = BlobReader(fh, key, bytes.fromhex(blob_id), size=size, document_id=document_id)
        except BaseException:
            fh.close()
            raise
        return BlobStream(reader, owner=fh)

    def iter_files(self) -> Iterator[tuple[str | None, Path]]:
        """Every file under blobs/: (blob id, path), the id None if the file is misplaced or
        misnamed (then it can only be an orphan)."""
        if not self.root.is_dir():
            return
        for folder in sorted(self.root.iterdir()):
            if not folder.is_dir() or folder.is_symlink():
                yield None, folder
                continue
            for entry in sorted(folder.iterdir()):
                ok = is_blob_id(entry.name) and entry.name[:2] == folder.name and entry.is_file()
                yield (entry.name if ok else None), entry
