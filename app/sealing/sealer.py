"""Use case: seal files from disk into a `.scelle` file, atomically."""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from app.sealing.files import InputError, OutputConflict, StorageError
from app.sealing.metadata import check_letter
from crypto.age.streamio import read_sequentially
from crypto.durable import new_file
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.metadata import DEFAULT_MEDIA_TYPE, Metadata, is_media_type
from crypto.sealed.writer import CancelCheck, Letter, Progress, SourceFile, seal, uses_hybrid


@dataclass(frozen=True)
class SealResult:
    path: Path
    message_id: str  # 32 hex digits
    recipients: tuple[str, ...]  # fingerprints (hex), sorted
    hybrid: bool  # True if post-quantum hybrid keys were used
    size: int  # bytes of the sealed file


def _ordinal(index: int) -> str:
    return f"item {index + 1} of the list of files"


def media_type_for(name: str) -> str:
    guessed, _encoding = mimetypes.guess_type(name, strict=False)
    guessed = (guessed or "").lower()
    return guessed if is_media_type(guessed) else DEFAULT_MEDIA_TYPE


def _source(index: int, path: Path) -> SourceFile:
    """Describe one input file; messages say its position, not its name (names are secret)."""
    try:
        info = path.stat()
    except OSError:
        raise InputError(f"The file given as {_ordinal(index)} cannot be read "
                         "(missing or not allowed).") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"The path given as {_ordinal(index)} is not a regular file.")

    def opener() -> BinaryIO:
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed by the writer's `with`
        except OSError:
            raise InputError(f"The file given as {_ordinal(index)} cannot be read.") from None
        read_sequentially(stream)
        return stream

    return SourceFile(path.name, info.st_size, opener, media_type_for(path.name))


def seal_paths(identity: PrivateIdentity, recipient_cards: Sequence[IdentityCard],
               paths: Sequence[str | Path], out_path: str | Path, *, subject: str = "",
               message: str = "", reference: str = "", expires: datetime | None = None,
               view_only: bool = False, classic: bool = False,
               progress: Progress | None = None, cancel: CancelCheck | None = None,
               now: datetime | None = None,
               consult_until: datetime | None = None) -> SealResult:
    """Seal `paths` for `recipient_cards` (and the sender) into `out_path`.

    Written to a private temporary file beside `out_path`, synced, then moved into place without
    replacing anything: on any failure (or cancellation) nothing exists at `out_path`.
    """
    out = Path(out_path)
    sources = [_source(i, Path(p)) for i, p in enumerate(paths)]
    metadata, size = write_sealed_file(
        out, identity, recipient_cards, sources, Letter(subject, message, reference, expires,
                                                        view_only, consult_until),
        classic=classic, progress=progress, cancel=cancel, now=now)
    hybrid = uses_hybrid([*recipient_cards, identity.card], classic)
    return SealResult(out, metadata.message_id.hex(), tuple(r.hex() for r in metadata.recipients),
                      hybrid, size)


def write_sealed_file(out: Path, identity: PrivateIdentity, cards: Sequence[IdentityCard],
                      sources: Sequence[SourceFile], letter: Letter, *, classic: bool = False,
                      progress: Progress | None = None, cancel: CancelCheck | None = None,
                      now: datetime | None = None) -> tuple[Metadata, int]:
    """Seal `sources` into `out` with no half-written file ever under that name.

    Shared by sealing files from disk and documents from the vault. The sealed bytes go to a
    private temporary file beside `out` (crypto/durable.py: synced, written back as they go),
    then are moved into place without replacing anything; on any failure or cancellation the
    temporary file is removed and nothing exists at `out`. Returns the metadata and the sealed
    file's size.
    """
    # What the user typed, refused naming the field before anything is read or written.
    check_letter(letter.subject, letter.message, letter.reference)
    if os.path.lexists(out):
        raise OutputConflict("The destination of the sealed file already exists; "
                             "choose another name.")
    started = False  # whether the temporary file exists: the two failures are told apart
    try:
        with new_file(out) as stream:
            started = True
            metadata = seal(stream, identity, cards, sources,  # type: ignore[arg-type]
                            letter, classic=classic, progress=progress, cancel=cancel, now=now)
            stream.flush()
            size = os.fstat(stream.fileno()).st_size
    except FileExistsError:
        raise OutputConflict("The destination of the sealed file appeared while sealing; "
                             "nothing was replaced.") from None
    except OSError as exc:
        raise StorageError.from_os_error(
            exc, "Sealing" if started else "Creating the sealed file") from None
    return metadata, size
