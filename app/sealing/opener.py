"""Use cases: open a sealed file into a folder, or verify it without writing anything.

Opening streams each file into a new file without a name (crypto/durable.py `PendingFile`:
O_TMPFILE on Linux, freed by the kernel if the process dies, even by SIGKILL; elsewhere a
private staging file swept once its process is gone), mode 0600. Only when every check has
passed do they get their sanitised names, plus `message.json`, a summary without keys, and only
then is a destination folder that did not exist created. On any failure the staged files are
dropped and the destination holds nothing new.
Where the workstation policy forbids export, nothing at all is created (docs/security.md).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import partial
from datetime import datetime
from pathlib import Path
from typing import Any

from app.policy import require_export_allowed
from app.sealing.delegation_check import check_claim
from app.sealing.files import InputError, OutputConflict, StorageError
from crypto.age import write_all
from crypto.age.streamio import read_sequentially
from crypto.durable import PendingFile, remove_quietly, sync_folder
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.codec import format_time
from crypto.sealed.errors import SealedError
from crypto.sealed.metadata import FileEntry, Metadata
from crypto.sealed.names import fold
from crypto.sealed.pipeline import ContentHasher
from crypto.sealed.reader import OpenedMessage, ReplayGuard, SenderCheck, open_sealed
from crypto.sealed.writer import CancelCheck, Progress

SUMMARY_NAME = "message.json"


class ViewOnlyRefused(SealedError):
    default = ("Its sender marked this sealed file view-only: its files may be shown but not "
               "saved to disk. Nothing was written.")


@dataclass(frozen=True)
class OpenResult:
    message: OpenedMessage
    summary: dict[str, Any]  # what message.json holds
    files: tuple[Path, ...] = field(default=())  # written files, in metadata order
    summary_path: Path | None = None


def summary_of(metadata: Metadata) -> dict[str, Any]:
    """The metadata a person needs, without keys: shown by the CLI, saved as message.json."""
    card = metadata.sender
    return {
        "format": "scelle-message/1",
        "id": metadata.message_id.hex(),
        "created": format_time(metadata.created),
        "sender": {"name": card.name, "role": card.role, "organisation": card.organisation,
                   "fingerprint": card.fingerprint_hex},
        "recipients": [r.hex() for r in metadata.recipients],
        "subject": metadata.subject, "message": metadata.message,
        "reference": metadata.reference,
        "expires": None if metadata.expires is None else format_time(metadata.expires),
        "view_only": metadata.view_only,
        "consult_until": (None if metadata.consult_until is None
                          else format_time(metadata.consult_until)),
        "files": [{"name": f.name, "size": f.size, "type": f.media_type}
                  for f in metadata.files],
    }


class _StagingSink:
    """Unbuffered (the reader passes whole chunks), durable, written back to disk as it goes.

    The writes and the final fsync run on the pipeline's output thread, straight from the
    reader's blocks, while this thread decrypts the next block and the hash thread hashes."""

    def __init__(self, pending: PendingFile, pipe: ContentHasher) -> None:
        self._file = pending.writer()
        self._pipe = pipe
        self._write = partial(write_all, self._file)

    def write(self, data: memoryview, /) -> object:
        self._pipe.output(self._write, data)
        return len(data)

    def close(self) -> None:
        # Also called while an error unwinds: the pipeline may be stopped or failed then, and
        # that error (raised again by drain() on the normal path) must not hide the first one.
        try:
            self._pipe.output(self._finish)
        except Exception:  # noqa: BLE001 - see above; the staged file is dropped anyway
            return

    def _finish(self, _nothing: memoryview) -> None:
        if not self._file.closed:
            self._file.finish()

    def drop(self) -> None:
        self._file.close()


class _Staging:
    """Where plaintext waits for the verdict: new files without a name (crypto/durable.py
    `PendingFile`) in `folder`, the destination or, if the destination is to be created, the
    folder that will hold it (same file system: they are linked into it at commit)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[PendingFile] = []
        self._sinks: list[_StagingSink] = []
        self.pipe: ContentHasher | None = None  # set while the sealed file is read

    def sink(self, _index: int, _entry: FileEntry) -> _StagingSink:
        assert self.pipe is not None
        pending = PendingFile.create(self.folder)
        self.files.append(pending)
        sink = _StagingSink(pending, self.pipe)
        self._sinks.append(sink)
        return sink

    def write_summary(self, summary: dict[str, Any]) -> PendingFile:
        pending = PendingFile.create(self.folder)
        self.files.append(pending)
        text = json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        out = pending.writer()
        try:
            write_all(out, memoryview(text.encode("utf-8")))  # type: ignore[arg-type]
        finally:
            out.finish()
        return pending

    def discard(self) -> None:
        for sink in self._sinks:
            sink.drop()
        for pending in self.files:
            pending.discard()


def _sender_options(card: IdentityCard | None, check: SenderCheck | None) -> None:
    if card is None and check is None:
        raise ValueError("give expected_sender_card or sender_check")


def _check_destination(out_dir: Path, names: list[str]) -> None:
    if any(fold(n) == fold(SUMMARY_NAME) for n in names):
        raise OutputConflict(f"A file in this sealed file is named {SUMMARY_NAME}, which is "
                             "reserved for the message summary; nothing was written.")
    if any(os.path.lexists(out_dir / n) for n in [*names, SUMMARY_NAME]):
        raise OutputConflict("The destination folder already holds a file with the name of a "
                             "file in this sealed file (or a message.json); nothing was "
                             "written. Choose an empty folder.")


def _commit(staging: _Staging, out_dir: Path, names: list[str], make: bool) -> list[Path]:
    """Name every staged file in `out_dir` (made now if `make`); undo it all if one fails."""
    targets = [out_dir / n for n in names] + [out_dir / SUMMARY_NAME]
    done: list[Path] = []
    made = False
    try:
        made = make and _make_folder(out_dir)
        for pending, dst in zip(staging.files, targets):
            pending.commit(dst)
            done.append(dst)
    except BaseException as exc:
        for path in done:
            remove_quietly(path)
        if made:
            _remove_if_empty(out_dir)
        if isinstance(exc, FileExistsError):
            raise OutputConflict("A file with the same name appeared in the destination folder "
                                 "while opening; nothing was kept.") from None
        raise
    sync_folder(out_dir)
    if made:
        sync_folder(out_dir.parent)
    return done


def open_to_directory(in_path: str | Path, out_dir: str | Path, identity: PrivateIdentity, *,
                      expected_sender_card: IdentityCard | None = None,
                      sender_check: SenderCheck | None = None,
                      replay_guard: ReplayGuard | None,
                      progress: Progress | None = None, cancel: CancelCheck | None = None,
                      allow_view_only: bool = False, now: datetime | None = None,
                      create: bool = False) -> OpenResult:
    """Open `in_path` into the folder `out_dir` once every check has passed.

    With `create`, a missing `out_dir` (whose parent exists) is made, 0700, once every check
    has passed, just before the files get their names (undone if naming them fails). Refused (`PolicyRefusal`) before anything is created where the
    workstation policy forbids export. The message id is recorded in `replay_guard` after the
    files are in place.
    """
    _sender_options(expected_sender_card, sender_check)
    require_open_to_folder_allowed()
    dest = Path(out_dir)
    # A missing folder is made only at commit, once everything verified: an interrupted or
    # refused opening leaves no empty folder behind.
    make = create and not os.path.lexists(dest) and dest.parent.is_dir()
    if not make and not dest.is_dir():
        raise InputError("The destination folder does not exist or is not a folder.")
    return _open_into(in_path, dest, identity, expected_sender_card, sender_check,
                      replay_guard, progress, cancel, allow_view_only, now, make)


def require_open_to_folder_allowed() -> None:
    """`PolicyRefusal` if the workstation policy forbids opening sealed files to a folder.

    `open_to_directory` checks it itself; a face asks beforehand to refuse before prompting.
    (Receiving into the vault is not an export and stays allowed.)
    """
    require_export_allowed("Opening a sealed file into a folder")


def _make_folder(folder: Path) -> bool:
    """Create `folder` (0700) if it is missing and its parent exists; True if made here."""
    if folder.exists() or not folder.parent.is_dir():
        return False
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StorageError.from_os_error(exc, "Creating the destination folder") from None
    return True


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass  # not empty: something else put files there meanwhile; leave them


def _open_into(in_path: str | Path, dest: Path, identity: PrivateIdentity,
               expected_sender_card: IdentityCard | None, sender_check: SenderCheck | None,
               replay_guard: ReplayGuard | None, progress: Progress | None,
               cancel: CancelCheck | None, allow_view_only: bool,
               now: datetime | None, make: bool) -> OpenResult:
    staging = _Staging(dest.parent if make else dest)
    try:
        # The pipeline stops (its threads joined) before `discard()` drops the staged files.
        with _open_input(in_path) as src, ContentHasher(output=True) as staging.pipe:
            opened = open_sealed(src, identity, expected_sender=expected_sender_card,
                                 sender_check=sender_check, replay_guard=replay_guard,
                                 sinks=staging.sink, progress=progress, cancel=cancel, now=now,
                                 on_metadata=None if allow_view_only else _refuse_view_only,
                                 pipeline=staging.pipe)
            check_claim(opened.metadata)  # sent on behalf of someone: the delegation holds
            staging.pipe.drain()  # every file written and durable, or the first error raised
        names = [f.name for f in opened.metadata.files]
        _check_destination(dest, names)
        summary = summary_of(opened.metadata)
        staging.write_summary(summary)
        written = _commit(staging, dest, names, make)
    except OSError as exc:
        raise StorageError.from_os_error(exc, "Opening the sealed file") from None
    finally:
        staging.discard()
    if replay_guard is not None:
        replay_guard.record(opened.metadata.message_id)
    return OpenResult(opened, summary, tuple(written[:-1]), written[-1])


def _refuse_view_only(metadata: Metadata) -> None:
    # Not yet authenticated, but refusing early is safe: nothing is accepted on this basis and
    # the plaintext of a view-only file never touches the disk.
    if metadata.view_only:
        raise ViewOnlyRefused()


def verify_file(in_path: str | Path, identity: PrivateIdentity, *,
                expected_sender_card: IdentityCard | None = None,
                sender_check: SenderCheck | None = None,
                replay_guard: ReplayGuard | None = None,
                progress: Progress | None = None, cancel: CancelCheck | None = None,
                now: datetime | None = None) -> OpenResult:
    """Run every check of `open_to_directory` without writing anything (nor recording the id)."""
    _sender_options(expected_sender_card, sender_check)
    try:
        with _open_input(in_path) as src:
            opened = open_sealed(src, identity, expected_sender=expected_sender_card,
                                 sender_check=sender_check, replay_guard=replay_guard,
                                 progress=progress, cancel=cancel, now=now)
        check_claim(opened.metadata)
    except OSError as exc:
        raise StorageError.from_os_error(exc, "Reading the sealed file") from None
    return OpenResult(opened, summary_of(opened.metadata))


def _open_input(in_path: str | Path) -> Any:
    try:
        stream = open(in_path, "rb")  # noqa: SIM115 - used in a with block by the callers
    except OSError:
        raise InputError("The sealed file cannot be read (missing or not allowed).") from None
    read_sequentially(stream)
    return stream
