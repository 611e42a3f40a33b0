"""A vault creation is pending until its recovery code has been confirmed.

The recovery code is shown once and never stored: a vault whose holder never proved they wrote
it down is not finished. So a creation made for a person (the wizard, `scelle vault init`)
writes a marker, `creation-pending.json`, in the vault folder *before* anything else, and
removes it only once the code is confirmed (`confirm_recovery`). The marker holds no secret and
no name: its format, the time the creation began and whether the creation made the folder.

If the application ends in between (killed, power cut, the user closed it), the next start of
either face finds the marker (`pending_creation`) and offers the two ways out:

* resume (app/vault/resume.py): unlock with the factors chosen at creation, make a *fresh*
  recovery code (the first one was never confirmed, so it cannot be trusted to exist on
  paper), confirm it; the marker goes;
* discard (`discard_creation`): after an explicit confirmation in the face, delete what the
  creation made (vault.json, vault.db, blobs/, staging/, a TOTP slot's keyring entry, the
  folder if the creation made it), the marker last, so that a crash half-way through the
  deletion is still recognised and discarded again.

Meanwhile `open_vault` refuses the vault (`CreationPendingError`), so no command works in a
vault whose only way back may not exist.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from crypto.durable import remove_quietly, sync_folder, write_file
from crypto.errors import ScelleError
from crypto.keyslots import KIND_TOTP
from crypto.keyslots.model import utc_now
from crypto.strict_json import load_strict
from storage.header import header_path, read_header
from storage.keyring_store import KeyringStore
from storage.staging import Staging
from storage.store import BLOBS_DIR, DB_NAME, STAGING_DIR

MARKER_NAME = "creation-pending.json"
_FORMAT = "scelle-creation-pending"
_VERSION = 1
_MAX_MARKER_BYTES = 4096


class CreationPendingError(ScelleError):
    """The vault's creation was never finished (its recovery code was never confirmed)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The creation of the vault in '{folder}' was not finished: its recovery code was "
            "never confirmed. Resume the creation (a new recovery code is made) or discard it.")
        self.folder = folder


class NoPendingCreation(ScelleError):
    """Resume or discard asked for a folder that holds no unfinished creation."""


class PendingMarkerError(ScelleError):
    """The marker file cannot be read: it is not one Scellé wrote."""


class RecoveryGroupMismatch(ScelleError):
    """A group typed back does not match the recovery code; names the group (1 to 8)."""

    def __init__(self, group: int) -> None:
        super().__init__(f"Group {group} does not match the recovery code: check what you "
                         "wrote down for this group.")
        self.group = group


@dataclass(frozen=True)
class PendingCreation:
    """What the marker says, and what the folder holds."""

    folder: Path
    started: str  # UTC, RFC 3339: when the creation began
    made_folder: bool  # the creation made the folder: discarding removes it
    has_keys: bool  # vault.json exists: the creation can be resumed

    @property
    def resumable(self) -> bool:
        return self.has_keys


def marker_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / MARKER_NAME


def mark_pending(folder: Path, *, made_folder: bool) -> None:
    """Write the marker (atomically, durably) before the creation writes anything else."""
    text = (f'{{"format": "{_FORMAT}", "version": {_VERSION}, '
            f'"started": "{utc_now()}", "made_folder": {str(made_folder).lower()}}}\n')
    write_file(marker_path(folder), text.encode("ascii"), replace=True)


def pending_creation(folder: str | os.PathLike[str]) -> PendingCreation | None:
    """The unfinished creation in `folder`, or None (no marker). Reads two small files."""
    path = marker_path(folder)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise PendingMarkerError(f"{path} cannot be read ({exc.strerror}).") from None
    value = load_strict(data, PendingMarkerError, str(path), max_bytes=_MAX_MARKER_BYTES)
    if (not isinstance(value, dict) or value.get("format") != _FORMAT
            or value.get("version") != _VERSION or not isinstance(value.get("started"), str)
            or not isinstance(value.get("made_folder"), bool)):
        raise PendingMarkerError(f"{path} is not a Scellé creation marker.")
    return PendingCreation(Path(folder), value["started"], value["made_folder"],
                           header_path(Path(folder)).is_file())


def require_not_pending(folder: str | os.PathLike[str]) -> None:
    """Refuse (`CreationPendingError`) a vault whose creation was never finished."""
    if marker_path(folder).exists():
        raise CreationPendingError(Path(folder))


def check_recovery_groups(code: str, answers: Mapping[int, str]) -> None:
    """Check groups typed back (position from 0 → text); the first wrong one is named."""
    groups = code.split("-")
    for index in sorted(answers):
        typed = "".join(answers[index].split())
        if not 0 <= index < len(groups) or typed != groups[index]:
            raise RecoveryGroupMismatch(index + 1)


def confirm_recovery(folder: str | os.PathLike[str], code: str,
                     answers: Mapping[int, str]) -> None:
    """The holder typed back groups of the code: if they match, the creation is finished."""
    check_recovery_groups(code, answers)
    finish_creation(folder)


def finish_creation(folder: str | os.PathLike[str]) -> None:
    """Remove the marker (durably): the vault is an ordinary vault from now on."""
    path = marker_path(folder)
    try:
        path.unlink()
    except FileNotFoundError:
        return
    sync_folder(path.parent)


def discard_creation(folder: str | os.PathLike[str], *,
                     keyring: KeyringStore | None = None) -> None:
    """Delete the unfinished vault in `folder`, and nothing else; the face has asked first.

    Refused (`NoPendingCreation`) without a marker: a finished vault is never deleted here.
    Refused (`VaultBusyError`) while a process has the vault open.
    """
    folder = Path(folder)
    pending = pending_creation(folder)
    if pending is None:
        raise NoPendingCreation(f"'{folder}' holds no unfinished vault creation; nothing was "
                                "deleted.")
    staging = Staging(folder / STAGING_DIR)
    if (folder / STAGING_DIR).is_dir():
        staging.lock()  # VaultBusyError if the wizard or a command still has it open
        staging.unlock()
    if pending.has_keys:
        _forget_keyring_entries(folder, keyring)
    for name in (DB_NAME + "-wal", DB_NAME + "-shm", DB_NAME + "-journal", DB_NAME,
                 BLOBS_DIR, STAGING_DIR, header_path(folder).name):
        remove_quietly(folder / name)
    sync_folder(folder)
    finish_creation(folder)  # the marker goes last: a crash before this is discarded again
    if pending.made_folder:
        try:
            folder.rmdir()
        except OSError:
            pass  # something else was put there since: leave it


def _forget_keyring_entries(folder: Path, keyring: KeyringStore | None) -> None:
    try:
        header = read_header(folder)
    except (ScelleError, OSError):
        return  # unreadable: there is no slot to look up, and the files go anyway
    for slot in header.slots:
        if slot.kind == KIND_TOTP:
            try:
                (keyring or KeyringStore()).delete(header.vault_id, slot.slot_id)
            except ScelleError:
                pass  # no entry (never saved) or no keyring: nothing to forget
