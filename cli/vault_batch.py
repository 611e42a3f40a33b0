"""`scelle --vault DIR batch [FILE|-]`: several vault commands under one unlock.

For integrators' scripts: the vault is unlocked once (a TOTP code is single-use, a token PIN is
typed once) and each line of FILE (standard input for `-` or no FILE) is one command, written
as after `scelle --vault DIR`:

    # comments and blank lines are ignored; quoting is the shell's (shlex)
    import --case "Dossier Martin" scans/pv.pdf
    ls --json

Every line is parsed before the vault is unlocked, so a typo anywhere runs nothing. Lines then
run in order, and the first failure stops the batch: its message names the line, and the exit
status is the failing command's (never 0). What earlier lines did stays done. The unlock happens
when the first line needs the vault; if it fails, the error is the unlock's own message and exit
status, exactly as for a single command: it is not the fault of that line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shlex
import sys
from typing import TYPE_CHECKING

from app.errors import ScelleError
from cli.common import CliUsageError, read_argument_text
from cli.vault_unlock import GLOBAL_DESTS, VaultContext, unlock, vault_folder

if TYPE_CHECKING:
    from app.vault import VaultSession


class BatchLineError(ScelleError):
    """A line of the batch failed; the message names the line, the exit status is its own."""

    def __init__(self, number: int, message: str, exit_code: int) -> None:
        super().__init__(f"line {number}: {message}")
        self.exit_code = exit_code


class _UnlockFailed(Exception):
    """Carries the unlock's error past the per-line wrapping (deliberately not a ScelleError
    nor an OSError, which `_run_line` would attribute to the line)."""

    def __init__(self, error: ScelleError | OSError) -> None:
        super().__init__()
        self.error = error


def _unlock_once(args: argparse.Namespace) -> VaultSession:
    try:
        return unlock(args)
    except (ScelleError, OSError) as exc:
        raise _UnlockFailed(exc) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "batch", help="run several vault commands under one unlock (with --vault)",
        description="Run the vault commands listed in FILE (one per line, shell-like quoting, "
        "# comments) with a single unlock. Stops at the first failure, naming its line.")
    p.add_argument("file", nargs="?", default="-", metavar="FILE",
                   help="the commands (default, or -: standard input)")
    p.set_defaults(func=run_batch)


def read_lines(path: str) -> list[tuple[int, list[str]]]:
    """(line number, words) of every line that holds a command."""
    text = sys.stdin.read() if path == "-" else read_argument_text(path, "batch file")
    commands = []
    for number, line in enumerate(text.splitlines(), 1):
        try:
            words = shlex.split(line, comments=True)
        except ValueError as exc:  # unterminated quote, trailing backslash
            raise BatchLineError(number, f"cannot be read ({exc})", 2) from None
        if words:
            commands.append((number, words))
    return commands


def parse_line(parser: argparse.ArgumentParser, number: int, words: list[str],
               outer: argparse.Namespace) -> argparse.Namespace:
    """The line's arguments, with the batch's global options (the line may not set its own)."""
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            line = parser.parse_args(words)
    except SystemExit:
        detail = errors.getvalue().strip().splitlines()
        reason = detail[-1].split("error: ", 1)[-1] if detail else "not a command"
        raise BatchLineError(number, reason, 2) from None
    if not getattr(line, "vault_command", False):
        raise BatchLineError(number, f"'{words[0]}' is not a vault command", 2)
    for dest in GLOBAL_DESTS:
        if getattr(line, dest, None):
            raise BatchLineError(number, "options given before the command (--vault, "
                                 "--passphrase-file, --totp…) go on the batch's command line", 2)
        setattr(line, dest, getattr(outer, dest, None))
    return line


def run_batch(args: argparse.Namespace) -> int:
    from cli.main import build_parser

    vault_folder(args)
    if getattr(args, "vault_context", None) is not None:
        raise CliUsageError("a batch cannot run another batch")
    parser = build_parser()
    lines = [(n, parse_line(parser, n, words, args)) for n, words in read_lines(args.file)]
    try:
        with VaultContext(args, opener=_unlock_once) as context:
            for number, line in lines:
                line.vault_context = context
                _run_line(number, line)
    except _UnlockFailed as failed:
        raise failed.error from None
    return 0


def _run_line(number: int, line: argparse.Namespace) -> None:
    try:
        status = int(line.func(line) or 0)
    except ScelleError as exc:
        raise BatchLineError(number, str(exc), exc.exit_code) from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise BatchLineError(number, f"{exc.strerror or exc}{where}", 1) from None
    if status:
        raise BatchLineError(number, f"the command ended with exit status {status}", status)
