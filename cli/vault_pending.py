"""Unfinished vault creations on the command line, and the new-recovery-code reminder.

`scelle vault init` creates the vault pending (app/vault/pending_creation.py) and finishes it
once the recovery code is confirmed: on a terminal, by typing back two groups chosen at random
(the wrong group is named, three tries); without a terminal (a script, `--json`) the code is
handed over on standard output and the creation is finished once it has been written there,
the script having taken charge of it.

If `init` was interrupted in between, the vault is refused by every command until one of:

    scelle [--passphrase-file F] [--pin-file F | --totp CODE] vault resume-init DIR
    scelle vault discard-init DIR [--yes]

`resume-init` unlocks with the factors chosen at creation (the global unlock options), makes
a fresh recovery code (the first was never confirmed) and confirms it as `init` does.
`discard-init` deletes the unfinished vault after a confirmation (`--yes` without a terminal).

The refusal of an unfinished vault and the new-recovery-code reminder printed at each unlock
are cli/vault_notices.py (cli/vault_unlock.py uses them; this module uses vault_unlock).
"""

from __future__ import annotations

import argparse
import getpass
import random
import sys
from collections.abc import Callable
from pathlib import Path

from cli.common import CliInputError, CliUsageError, _terminal_available, obtain_passphrase
from cli.vault_output import info

Ask = Callable[[str], str]
TRIES = 3


def register(vault_commands: argparse._SubParsersAction) -> None:
    p = vault_commands.add_parser(
        "resume-init", help="finish a vault creation that was interrupted",
        description="Finish the creation of the vault in DIR, interrupted before its recovery "
        "code was confirmed: unlock it (give --passphrase-file, --pin-file or --totp before "
        "`vault`, as for any vault command), then a NEW recovery code is made and confirmed.")
    p.add_argument("dir", metavar="DIR", help="the vault folder")
    p.add_argument("--json", action="store_true",
                   help="print the new recovery code as JSON (confirmed by being printed)")
    p.set_defaults(func=run_resume)
    p = vault_commands.add_parser(
        "discard-init", help="delete a vault whose creation was interrupted",
        description="Delete the unfinished vault in DIR (its recovery code was never "
        "confirmed): what the creation made is removed. A finished vault is never touched.")
    p.add_argument("dir", metavar="DIR", help="the vault folder")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=run_discard)


# ---------------------------------------------------------------------------------------------
# Confirming the code


def confirm_code(folder: Path, code: str, as_json: bool, ask: Ask | None = None,
                 rng: random.Random | None = None) -> None:
    """Finish the creation once the code is confirmed (see the module docstring)."""
    from app.vault.pending_creation import finish_creation

    if ask is None and (as_json or not _terminal_available()):
        sys.stdout.flush()  # handed over: a failed write raises here and leaves it pending
        finish_creation(folder)
        return
    confirm_on_terminal(folder, code, ask or getpass.getpass, rng or random.SystemRandom())


def confirm_on_terminal(folder: Path, code: str, ask: Ask, rng: random.Random) -> None:
    from app.vault.pending_creation import RecoveryGroupMismatch, confirm_recovery

    ask("Write the recovery code down now, then press Enter to check it. ")
    count = len(code.split("-"))
    for _ in range(TRIES):
        first, second = sorted(rng.sample(range(count), 2))
        answers = {i: ask(f"Group {i + 1} of the recovery code: ") for i in (first, second)}
        try:
            confirm_recovery(folder, code, answers)
        except RecoveryGroupMismatch as exc:
            info(f"scelle: {exc}")
            continue
        print("Recovery code confirmed: the vault is ready.")
        return
    raise CliInputError(f"the recovery code was not confirmed; the vault is unfinished: run "
                        f"`scelle vault resume-init {folder}` (a new code is made) or "
                        f"`scelle vault discard-init {folder}`")


# ---------------------------------------------------------------------------------------------
# resume-init, discard-init


def run_resume(args: argparse.Namespace) -> int:
    from app.vault import describe_vault
    from app.vault.pending_creation import NoPendingCreation, pending_creation
    from app.vault.resume import fresh_recovery_code, open_pending
    from cli.vault_unlock import choose_kind, unlock_input

    folder = Path(args.dir)
    found = pending_creation(folder)
    if found is None or not found.resumable:
        raise NoPendingCreation(f"'{folder}' holds no unfinished vault creation to resume")
    kind = choose_kind(args, describe_vault(folder).factor_kinds)
    passphrase = None
    if kind != "recovery":
        passphrase = obtain_passphrase(args, "Vault passphrase", confirm=False)
    session = open_pending(folder, passphrase, unlock_input(args, kind))
    try:
        code = fresh_recovery_code(session)
        _print_new_code(code, args.json)
        confirm_code(folder, code, args.json)
    finally:
        session.lock()
    return 0


def _print_new_code(code: str, as_json: bool) -> None:
    from cli.vault_output import print_json

    if as_json:
        print_json({"recovery_code": code})
        return
    print("NEW RECOVERY CODE (the first one was never confirmed and no longer opens the vault).")
    print("Print it or write it down now and keep it away from this computer; it is shown only")
    print("this once.")
    print()
    print(f"    {code}")
    print()


def run_discard(args: argparse.Namespace) -> int:
    from app.vault.pending_creation import NoPendingCreation, discard_creation, pending_creation

    folder = Path(args.dir)
    if pending_creation(folder) is None:
        raise NoPendingCreation(f"'{folder}' holds no unfinished vault creation; nothing was "
                                "deleted")
    if not args.yes:
        if not _terminal_available():
            raise CliUsageError("no terminal to confirm the deletion on; add --yes")
        answer = input(f"Delete the unfinished vault in '{folder}'? Nothing in it can be "
                       "recovered. Type 'yes': ")
        if answer.strip().lower() not in ("yes", "oui"):
            info("scelle: nothing was deleted")
            return 1
    discard_creation(folder)
    print(f"The unfinished vault in {folder} was deleted.")
    return 0
