"""Sealed-file use cases for the command line and the GUI (no Qt here).

    seal_paths(identity, recipient_cards, paths, out_path, *, subject, message, reference,
               expires, view_only, classic, progress, cancel) -> SealResult
    open_to_directory(in_path, out_dir, identity, *, expected_sender_card | sender_check,
                      replay_guard, progress, cancel, allow_view_only, create) -> OpenResult
                      (refused where the workstation policy forbids export)
    verify_file(in_path, identity, *, expected_sender_card | sender_check, replay_guard,
                progress, cancel) -> OpenResult
    FileReplayGuard.for_identity(identity, default_replay_path(identity_path))
    parse_expiry(text) -> datetime     (a typed expiry: a day, or an RFC 3339 time)

`progress(done, total)` is called after every 64 KiB chunk; `cancel()` returning True stops the
work at the next chunk (pass `threading.Event().is_set`). Errors are `ScelleError` subclasses:
`crypto.sealed.errors` for refusals, `OutputConflict`/`InputError` for paths.
"""

from app.sealing.expiry import ExpiryError, end_of_day, parse_expiry
from app.sealing.files import InputError, OutputConflict, StorageError
from app.sealing.opener import (
    SUMMARY_NAME,
    OpenResult,
    ViewOnlyRefused,
    open_to_directory,
    require_open_to_folder_allowed,
    summary_of,
    verify_file,
)
from app.sealing.replay import FileReplayGuard, ReplayGuardError, replay_key
from app.sealing.replay import default_path as default_replay_path
from app.sealing.sealer import SealResult, media_type_for, seal_paths

__all__ = [
    "SUMMARY_NAME",
    "ExpiryError",
    "FileReplayGuard",
    "InputError",
    "OpenResult",
    "OutputConflict",
    "ReplayGuardError",
    "SealResult",
    "ViewOnlyRefused",
    "StorageError",
    "default_replay_path",
    "end_of_day",
    "media_type_for",
    "open_to_directory",
    "parse_expiry",
    "replay_key",
    "require_open_to_folder_allowed",
    "seal_paths",
    "summary_of",
    "verify_file",
]
