"""What the vault commands say about the state of a vault, before and after unlocking.

`pending_refusal(folder)`: the one-line refusal of a vault whose creation was interrupted
before its recovery code was confirmed (app/vault/pending_creation.py), with the way out
(`vault resume-init`, `vault discard-init`: cli/vault_pending.py).

`remind_new_recovery_code(session)`: after each unlock, while a new recovery code is due
(app/vault/recovery_reminder.py: the vault was opened with the recovery code, and no new code
was made since), one line on standard error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import CliInputError
from cli.vault_output import info

if TYPE_CHECKING:
    from app.vault import VaultSession


def pending_refusal(folder: Path) -> CliInputError:
    """The one-line refusal of a command run on an unfinished vault (the way out included)."""
    return CliInputError(
        f"the creation of the vault in '{folder}' was not finished (its recovery code was "
        f"never confirmed): run `scelle vault resume-init {folder}` to finish it with a new "
        f"recovery code, or `scelle vault discard-init {folder}` to delete it")


def remind_new_recovery_code(session: VaultSession) -> None:
    from app.vault.recovery_reminder import new_recovery_code_due

    if new_recovery_code_due(session):
        info(f"scelle: reminder: this vault was opened with its recovery code; make a new one "
             f"with `scelle --vault {session.vault_dir} slots recovery`")
