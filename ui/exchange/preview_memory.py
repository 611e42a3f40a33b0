"""The files of the sealed file being opened, held in memory for the open dialog's preview.

`check_file` (open_jobs.py) hands `MemoryFiles.sink` to `verify_sealed`: each file's plaintext
arrives in order while the sealed file is decrypted, and the part a preview needs is copied
into a `bytearray` here — never into a file (docs/security.md §5). The reader calls the sinks
BEFORE the signature is checked: the check job wipes everything if the file is refused, and the
dialog wipes it when it closes or checks the file again. So the preview costs no second
decryption, and nothing of an unverified file is ever shown.

What is kept, so that a hostile or simply large sealed file cannot exhaust memory:

* a PDF or an image: the whole file, up to `MAX_FILE_BYTES` each and `MAX_TOTAL_BYTES` for all
  (a larger one is marked `too_large`: "preview impossible");
* a text: its first `MAX_TEXT_BYTES` (the preview says it shows the beginning only), within
  the same total;
* anything else: nothing (there is no preview for it).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass, field

from app.importer import guess_media_type
from app.sealing.metadata import FileEntry

MAX_FILE_BYTES = 64_000_000
MAX_TOTAL_BYTES = 256_000_000
MAX_TEXT_BYTES = 256_000

PDF, IMAGE, TEXT = "pdf", "image", "text"

_IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp")
_TEXT_TYPES = ("application/json", "application/xml")


def preview_kind(entry: FileEntry) -> str | None:
    """PDF, IMAGE, TEXT, or None (no preview for this type). The sender's media type is used,
    or the name's when the sender said only "application/octet-stream" (as receiving does)."""
    media_type = entry.media_type
    if media_type == "application/octet-stream":
        media_type = guess_media_type(entry.name)
    if media_type == "application/pdf":
        return PDF
    if media_type in _IMAGE_TYPES:
        return IMAGE
    if media_type.startswith("text/") or media_type in _TEXT_TYPES:
        return TEXT
    return None


def wipe(buffer: bytearray) -> None:
    if buffer:
        ctypes.memset((ctypes.c_char * len(buffer)).from_buffer(buffer), 0, len(buffer))


@dataclass
class HeldFile:
    """What the preview has of one file: `data` (complete, or a text's beginning)."""

    entry: FileEntry
    kind: str | None
    data: bytearray = field(default_factory=bytearray, repr=False)
    filled: int = 0
    too_large: bool = False

    @property
    def partial(self) -> bool:
        """Only the beginning is held (a long text)."""
        return self.filled < self.entry.size


class _Sink:
    """Copies the first `len(held.data)` bytes of one file; the rest is only counted."""

    def __init__(self, held: HeldFile) -> None:
        self._held = held

    def write(self, data: memoryview, /) -> None:
        held = self._held
        room = len(held.data) - held.filled
        if room > 0:
            take = min(room, len(data))
            held.data[held.filled:held.filled + take] = data[:take]
            held.filled += take

    def close(self) -> None:
        """Nothing to release: the bytes stay until `MemoryFiles.wipe`."""


class MemoryFiles:
    """The held files of one sealed file, by their index in its metadata."""

    def __init__(self) -> None:
        self._files: dict[int, HeldFile] = {}
        self._total = 0
        self._lock = threading.Lock()  # filled on a worker, read and wiped on the GUI thread

    def sink(self, index: int, entry: FileEntry) -> _Sink:
        """The reader's sink factory (worker thread): decides how much of the file to keep."""
        kind = preview_kind(entry)
        keep, too_large = 0, False
        if kind is not None:
            wanted = (min(entry.size, MAX_TEXT_BYTES) if kind == TEXT
                      else entry.size if entry.size <= MAX_FILE_BYTES else None)
            # Many files together must not exceed the budget either (texts included).
            too_large = wanted is None or self._total + wanted > MAX_TOTAL_BYTES
            keep = 0 if too_large or wanted is None else wanted
        # Allocated once at its final size: a growing buffer would leave unwiped copies.
        held = HeldFile(entry, kind, bytearray(keep), too_large=too_large)
        with self._lock:
            self._total += keep
            self._files[index] = held
        return _Sink(held)

    def get(self, index: int) -> HeldFile | None:
        with self._lock:
            return self._files.get(index)

    def copy(self, index: int) -> bytearray:
        """A copy of what is held of file `index` (for a render job, which wipes it after
        use: the dialog may wipe the original meanwhile)."""
        with self._lock:
            held = self._files.get(index)
            return bytearray(held.data[:held.filled]) if held is not None else bytearray()

    @property
    def total(self) -> int:
        """Bytes held in memory."""
        with self._lock:
            return self._total

    def wipe(self) -> None:
        """Overwrite every held byte with zeros and forget the files."""
        with self._lock:
            for held in self._files.values():
                wipe(held.data)
                held.filled = 0
            self._files.clear()
            self._total = 0
