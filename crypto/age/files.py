"""Whole-stream and whole-file encryption with progress, cancellation and staged output.

The *_file functions write into a staging file created in the destination folder (mode 0600,
O_EXCL, a random name that reveals nothing) and move it into place only once everything has been
written and, for decryption, every chunk has verified. On any failure or cancellation the staging
file is removed, so nothing exists at the destination: no partial plaintext is ever left behind
(the age command and pyrage both leave it).

`progress(done)` receives the number of bytes consumed so far from the *input* (plaintext when
encrypting, the age file when decrypting), so callers can compare it with the input's size.
`cancel` is a callable returning True, or an object with `is_set()` (a `threading.Event`); it is
checked between chunks and stops the work with `AgeCancelled`.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO, Protocol, Union

from crypto.age.errors import AgeCancelled, OutputExistsError
from crypto.age.reader import AgeReader
from crypto.age.stanza import Identity, Recipient
from crypto.age.streamio import OutputFile, write_all
from crypto.age.writer import AgeWriter


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
    if not overwrite and os.path.lexists(target):
        raise OutputExistsError("the destination file already exists")
    fd, staging_path = _create_staging(target.parent)
    staging = OutputFile(fd, durable=durable)
    try:
        result = produce(staging)  # type: ignore[arg-type]
        staging.finish()
        _publish(staging_path, target, overwrite)
    except BaseException:
        staging.close()
        _remove_quietly(staging_path)
        raise
    if durable:
        _sync_directory(target.parent)
    return result


def _create_staging(folder: Path) -> tuple[int, Path]:
    """Create a new private staging file in `folder` (never an existing one, never a link)."""
    for _ in range(16):
        path = folder / f".scelle-staging-{os.urandom(12).hex()}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
            return os.open(path, flags, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a staging file", str(folder))


def _publish(staging: Path, target: Path, overwrite: bool) -> None:
    """Move the finished staging file to `target`, refusing to replace a file unless asked."""
    if overwrite:
        os.replace(staging, target)
        return
    try:
        # A hard link fails if the target appeared meanwhile: no silent clobbering.
        os.link(staging, target)
    except FileExistsError:
        raise OutputExistsError("the destination file already exists") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # File systems without hard links (FAT on USB keys): check, then rename.
        if os.path.lexists(target):
            raise OutputExistsError("the destination file already exists") from None
        os.replace(staging, target)
        return
    os.unlink(staging)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _sync_directory(folder: Path) -> None:
    """Make the rename durable; not every platform or file system allows it."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
