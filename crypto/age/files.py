"""Whole-stream and whole-file encryption with progress, cancellation and staged output.

The *_file functions write through crypto/durable.py: a staging file in the destination folder
(mode 0600, O_EXCL, a random name that reveals nothing), moved into place only once everything has
been written and, for decryption, every chunk has verified. On any failure or cancellation the
staging file is removed, so nothing exists at the destination: no partial plaintext is ever left
behind (the age command and pyrage both leave it).

`progress(done)` receives the number of bytes consumed so far from the *input* (plaintext when
encrypting, the age file when decrypting), so callers can compare it with the input's size.
`cancel` is a callable returning True, or an object with `is_set()` (a `threading.Event`); it is
checked between chunks and stops the work with `AgeCancelled`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, Union

from crypto.age.errors import AgeCancelled, OutputExistsError
from crypto.age.reader import AgeReader
from crypto.age.stanza import Identity, Recipient
from crypto.age.streamio import write_all
from crypto.age.writer import AgeWriter
from crypto.durable import new_file


class _EventLike(Protocol):
    def is_set(self) -> bool: ...


ProgressCallback = Callable[[int], None]
CancelCheck = Union[Callable[[], bool], _EventLike]
PathLike = Union[str, "os.PathLike[str]"]


def _cancelled(cancel: CancelCheck | None) -> bool:
    if cancel is None:
        return False
    is_set = getattr(cancel, "is_set", None)
    if callable(is_set):
        return bool(is_set())
    return bool(cancel())  # type: ignore[operator]


def _check_cancel(cancel: CancelCheck | None) -> None:
    if _cancelled(cancel):
        raise AgeCancelled("the operation was cancelled; no output was kept")


def encrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    recipients: Sequence[Recipient],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    armor: bool = False,
) -> int:
    """Encrypt all of `src` into `dst`; return the number of plaintext bytes.

    On cancellation or error no final chunk is written, so the partial output never decrypts.
    """
    _check_cancel(cancel)
    writer = AgeWriter(dst, recipients, armor=armor)
    try:
        done = writer.write_from(src, progress=progress, cancel=lambda: _check_cancel(cancel))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return done


def decrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    identities: Sequence[Identity],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> int:
    """Decrypt `src` into `dst`; return the number of plaintext bytes.

    Only authenticated chunks reach `dst`, but on error what was written is an incomplete
    plaintext: use `decrypt_file`, or discard `dst`, unless this returns normally.
    """
    _check_cancel(cancel)
    reader = AgeReader(src, identities)
    consumed = reader.consumed
    written = 0
    for view in reader.chunk_views():
        _check_cancel(cancel)
        write_all(dst, view)
        written += len(view)
        if progress is not None and reader.consumed != consumed:
            consumed = reader.consumed
            progress(consumed)
    # The end of an armored file (end line, whitespace) is read after the last chunk.
    if progress is not None and reader.consumed != consumed:
        progress(reader.consumed)
    return written


def encrypt_file(
    in_path: PathLike,
    out_path: PathLike,
    recipients: Sequence[Recipient],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    armor: bool = False,
    overwrite: bool = False,
    durable: bool = True,
) -> int:
    """Encrypt a file into `out_path` through a staging file; return the plaintext size.

    `durable` fsyncs the file and its folder before returning, so a crash cannot leave an empty
    or partial file under the final name.
    """
    with open(in_path, "rb") as src:
        return _staged(
            out_path,
            overwrite,
            durable,
            lambda dst: encrypt_stream(
                src, dst, recipients, progress=progress, cancel=cancel, armor=armor
            ),
        )


def decrypt_file(
    in_path: PathLike,
    out_path: PathLike,
    identities: Sequence[Identity],
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    overwrite: bool = False,
    durable: bool = True,
) -> int:
    """Decrypt a file into `out_path` only if all of it verifies; return the plaintext size."""
    with open(in_path, "rb") as src:
        return _staged(
            out_path,
            overwrite,
            durable,
            lambda dst: decrypt_stream(src, dst, identities, progress=progress, cancel=cancel),
        )


def _staged(
    out_path: PathLike, overwrite: bool, durable: bool, produce: Callable[[BinaryIO], int]
) -> int:
    target = Path(out_path)
    try:
        with new_file(target, replace=overwrite, durable=durable) as staging:
            return produce(staging)  # type: ignore[arg-type]
    except FileExistsError:
        # Raised before any work when the name is taken, or at the move if it appeared meanwhile.
        raise OutputExistsError("the destination file already exists") from None
