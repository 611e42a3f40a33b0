"""Helpers shared by the command groups: argument files, passphrases, inputs, outputs, progress.

The command line is a thin face over `app/`; what lives here is only what every
command needs to talk to a terminal and a file system safely:

* errors for bad arguments (exit status 2) and unreadable argument files (exit status 1), each
  naming the file and what is wrong with it;
* passphrases read from a file (scripts) or asked twice on the terminal (people), never from
  standard input, which may be carrying the data;
* outputs written as a new file in the target's folder that gets its name only on success
  (unnamed until then on Linux), so a failed, interrupted or killed command leaves no partial
  file behind (docs/cli.md, "Conventions" and "Stopped commands");
* progress on standard error, only when standard error is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.errors import ScelleError
from app.files import new_file, write_file
from app.identities import (
    CardError,
    IdentityCard,
    PrivateIdentity,
    load_identity_file,
    parse_card,
)

# Names meaning "standard input/output" for IN and -o, as with age.
STDIO_NAME = "-"


class CliUsageError(ScelleError):
    """The command line itself is wrong (conflicting or missing options)."""

    exit_code = 2


class CliInputError(ScelleError):
    """A file named on the command line is missing, unreadable or not what it should be."""

    exit_code = 1


class CliOutputError(ScelleError):
    """An output cannot be written (exists already, folder missing, refused to a terminal)."""

    exit_code = 1


# ---------------------------------------------------------------------------------------------
# Files named in arguments


def _describe_os_error(exc: OSError) -> str:
    # strerror is a short, user-level sentence ("No such file or directory"); the path is named
    # by the caller so it is not repeated here.
    return (exc.strerror or str(exc)).lower()


# Every file read whole from an argument (passphrase, card, identity, message, recipients,
# proof, batch) is far smaller; the cap stops `/dev/zero` or a huge file exhausting memory.
MAX_ARGUMENT_FILE = 16 * 1024 * 1024


def read_argument_bytes(path: str, what: str) -> bytes:
    """Reads a file given as an argument; `what` names its role ("identity file") in errors."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_ARGUMENT_FILE + 1)
        if len(data) > MAX_ARGUMENT_FILE:
            raise CliInputError(f"{what} '{path}' is too large (more than "
                                f"{MAX_ARGUMENT_FILE // (1024 * 1024)} MiB)")
        return data
    except IsADirectoryError:
        raise CliInputError(f"{what} '{path}' is a folder, not a file") from None
    except FileNotFoundError:
        raise CliInputError(f"{what} '{path}' not found") from None
    except OSError as exc:
        raise CliInputError(f"cannot read {what} '{path}': {_describe_os_error(exc)}") from None


def read_argument_text(path: str, what: str) -> str:
    """Reads a UTF-8 text file given as an argument (identity files, recipient lists, cards)."""
    data = read_argument_bytes(path, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliInputError(f"{what} '{path}' is not UTF-8 text") from None


def require_input_file(path: str, what: str) -> Path:
    """Checks that a file to be processed exists and is a regular file, before any work starts."""
    candidate = Path(path)
    if not candidate.exists():
        raise CliInputError(f"{what} '{path}' not found")
    if not candidate.is_file():
        raise CliInputError(f"{what} '{path}' is not a regular file")
    if not os.access(candidate, os.R_OK):
        raise CliInputError(f"cannot read {what} '{path}': permission denied")
    return candidate


# ---------------------------------------------------------------------------------------------
# Passphrases


def add_passphrase_file_option(parser: argparse.ArgumentParser, help_text: str) -> None:
    """Adds `--passphrase-file` to a subcommand without clobbering the global option.

    argparse copies a subparser's defaults over the namespace of the main parser, so a
    sub-option with the global's `dest` would erase `scelle --passphrase-file F age ...`.
    It gets its own `dest`; `passphrase_file_of` reconciles both.
    """
    parser.add_argument(
        "--passphrase-file", dest="sub_passphrase_file", metavar="F", help=help_text
    )


def passphrase_file_of(args: argparse.Namespace) -> str | None:
    """The passphrase file given either after the subcommand or globally (before it)."""
    sub = getattr(args, "sub_passphrase_file", None)
    glob = getattr(args, "passphrase_file", None)
    if sub and glob and sub != glob:
        raise CliUsageError("--passphrase-file given twice with different files")
    return sub or glob


def read_passphrase_file(path: str) -> str:
    """The passphrase in `path`: its first line, without the line ending."""
    text = read_argument_text(path, "passphrase file")
    # Only the first line counts so that a trailing newline added by an editor or `echo` is not
    # part of the passphrase (same as `--passphrase-file` in most tools).
    passphrase = text.split("\n", 1)[0].removesuffix("\r")
    if not passphrase:
        raise CliInputError(f"passphrase file '{path}' is empty")
    return passphrase


def _terminal_available() -> bool:
    # getpass falls back to standard input when there is no terminal; that input may be the
    # data being encrypted, so the absence of a terminal is an error instead.
    if os.name == "nt":
        return sys.stdin.isatty()
    try:
        fd = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        return False
    os.close(fd)
    return True


def ask_passphrase(prompt: str, *, confirm: bool) -> str:
    """Asks a passphrase on the terminal, twice when `confirm` (a typo would lose the data)."""
    if not _terminal_available():
        raise CliUsageError("no terminal to ask the passphrase on; use --passphrase-file")
    first = getpass.getpass(f"{prompt}: ")
    if not first:
        raise CliInputError("empty passphrase refused")
    if confirm and getpass.getpass("Confirm passphrase: ") != first:
        raise CliInputError("the two passphrases differ")
    return first


def obtain_passphrase(args: argparse.Namespace, prompt: str, *, confirm: bool) -> str:
    """The passphrase from `--passphrase-file` if given, otherwise asked on the terminal."""
    path = passphrase_file_of(args)
    if path:
        return read_passphrase_file(path)
    return ask_passphrase(prompt, confirm=confirm)


# ---------------------------------------------------------------------------------------------
# Inputs and outputs


def is_stdio(path: str | None) -> bool:
    return path is None or path == STDIO_NAME


@contextlib.contextmanager
def open_input(path: str | None, what: str = "input file") -> Iterator[BinaryIO]:
    """A binary stream on `path`, or on standard input for None / "-"."""
    if is_stdio(path):
        yield sys.stdin.buffer
        return
    assert path is not None
    require_input_file(path, what)
    try:
        handle = open(path, "rb")
    except OSError as exc:
        raise CliInputError(f"cannot read {what} '{path}': {_describe_os_error(exc)}") from None
    with handle:
        yield handle


def check_output_path(path: str, *, overwrite: bool) -> Path:
    """Validates an output path before any work is done, so errors come before long jobs."""
    target = Path(path)
    if target.is_dir():
        raise CliOutputError(f"output '{path}' is a folder")
    if not overwrite and (target.exists() or target.is_symlink()):
        raise CliOutputError(f"output file '{path}' already exists; refusing to overwrite it")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise CliOutputError(f"folder of output file '{path}' does not exist")
    return target


@contextlib.contextmanager
def staged_output(path: str | None, *, overwrite: bool = True) -> Iterator[BinaryIO]:
    """A binary stream for the output; standard output for None / "-".

    A file output goes to a new file (app/files.py) that becomes `path` only if the block
    succeeds; on any exception, a termination signal included, it is dropped, so no partial
    output is left behind.
    Standard output cannot be retracted: whatever was written before a failure has been written.
    """
    if is_stdio(path):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    assert path is not None
    target = check_output_path(path, overwrite=overwrite)
    try:
        with new_file(target, replace=overwrite, buffering=-1) as handle:
            yield handle  # type: ignore[misc]
    except FileExistsError as exc:
        if not _names(exc, target):
            raise  # not our output (a staging name, or the block's own doing): as it is
        # The output appeared since the check.
        raise CliOutputError(
            f"output file '{target}' already exists; refusing to overwrite it"
        ) from None


def _names(exc: OSError, target: Path) -> bool:
    """True if the error is about `target` itself (os.link names it second)."""
    return str(target) in (exc.filename, exc.filename2)


def write_new_private_file(path: str, data: bytes) -> None:
    """Creates `path` (0600) with `data`; refuses an existing file, like age-keygen -o."""
    check_output_path(path, overwrite=False)
    try:
        write_file(Path(path), data)
    except FileExistsError as exc:
        if not _names(exc, Path(path)):
            raise CliOutputError(f"cannot create '{path}': {_describe_os_error(exc)}") from None
        raise CliOutputError(f"output file '{path}' already exists; refusing to overwrite it") from None
    except OSError as exc:
        raise CliOutputError(f"cannot create '{path}': {_describe_os_error(exc)}") from None


def refuse_binary_to_terminal(output: str | None) -> None:
    """Refuses to print ciphertext on a terminal unless `-o -` says so explicitly (as age)."""
    if output is None and sys.stdout.isatty():
        raise CliUsageError(
            "refusing to write binary output to the terminal; use -o FILE, -a, or -o - to force"
        )


# ---------------------------------------------------------------------------------------------
# Progress


@dataclass
class Progress:
    """Percent progress on standard error, shown only when standard error is a terminal.

    Called by the crypto layer as `progress(done, total)` after each chunk; `total` may be None
    when the size is unknown (standard input).
    """

    label: str
    enabled: bool = field(default_factory=lambda: sys.stderr.isatty())
    _shown: bool = False
    _last: int = -1

    def __call__(self, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        if total:
            value = min(100, done * 100 // total)
            if value == self._last:
                return
            self._last = value
            text = f"{value:3d} %"
        else:
            text = f"{done // 1024} KiB"
        sys.stderr.write(f"\r{self.label}: {text}")
        sys.stderr.flush()
        self._shown = True

    def finish(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self._shown = False


def input_size(path: str | None) -> int | None:
    """Size of an input file for progress; None for standard input or special files."""
    if is_stdio(path):
        return None
    try:
        return os.stat(path).st_size if os.path.isfile(path) else None  # type: ignore[arg-type]
    except OSError:
        return None


# ---------------------------------------------------------------------------------------------
# Identities and cards named in arguments (the services do the parsing and the checks)


def load_identity_arg(path: str, args: argparse.Namespace) -> PrivateIdentity:
    """The private identity in the identity file `path`; asks its passphrase if protected."""
    require_input_file(path, "identity file")
    return load_identity_file(
        path,
        lambda: obtain_passphrase(args, f"Passphrase of identity file '{path}'", confirm=False),
    )


def load_card_arg(path: str, what: str = "identity card") -> IdentityCard:
    """The identity card in `path`; errors name the file, the card layer says what is wrong."""
    data = read_argument_bytes(path, what)
    try:
        return parse_card(data)
    except CardError as exc:
        raise CliInputError(f"{what} '{path}': {exc}") from None
