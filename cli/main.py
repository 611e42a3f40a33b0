"""The command-line interface of `scelle`.

The `scelle` command itself is `scelle/__main__.py`: without arguments it starts the desktop
application, with arguments it hands them here. Each command group lives in its own module
exposing `register(subparsers)`, so groups can be added without touching the others.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from app.errors import ScelleError
from app.files import discard_own_leftovers, sweep_leftovers
from app.policy import workstation_policy
from app.version import version
from cli import termination

# Modules providing command groups, with the commands each registers. Each has
# `register(subparsers) -> None`; a command's handler is stored as `func` in its parser defaults
# and returns an exit status. Importing a group costs tenths of a second (the vault groups load
# the unlock machinery, the sealing ones the age stack), so a run imports only the group of the
# command it was given; a command missing from this table still works (every group is then
# imported, as for `--help`), it only starts slower (tests/cli/test_lazy_imports.py checks it).
_COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "cli.age_cmd": ("age",),
    "cli.id_cmd": ("id",),
    "cli.seal_cmd": ("seal", "open", "verify"),
    "cli.vault_cmd": ("vault", "import", "ls", "search", "show", "export", "rm", "cases",
                      "contacts", "identity", "check", "slots", "audit", "batch"),
    "cli.relay_cmd": ("relay",),
    "cli.proof_cmd": ("proof",),
    "cli.delegation_cmd": ("delegation",),
    "cli.org_cmd": ("org",),
    "cli.update_cmd": ("update",),
    "cli.courtage_cmd": ("courtage",),
    "cli.assureur_cmd": ("assureur",),
}
_HELP = ("-h", "--help")


def build_parser(args: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The `scelle` parser: every command group, or with `args` only what parsing them needs."""
    import importlib

    parser = _main_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules_for(parser, args):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # group not built yet in this checkout
                continue
            raise
        module.register(sub)
    return parser


def _main_parser() -> argparse.ArgumentParser:
    from cli.vault_options import add_global_options

    parser = argparse.ArgumentParser(
        prog="scelle",
        description="Scellé: coffre chiffré et plis scellés / encrypted vault and sealed files.",
    )
    parser.add_argument("--version", action=_VersionAction,
                        help="print the version (the same in the bundle and the package) and exit")
    parser.add_argument("--vault", metavar="DIR", help="vault folder to open (vault commands)")
    parser.add_argument("--passphrase-file", metavar="F", help="read the passphrase from F")
    parser.add_argument("--pin-file", metavar="F", help="read the token PIN from F")
    parser.add_argument("--totp", metavar="CODE", help="TOTP code for the vault's second factor")
    # Options given before any command (`scelle --vault DIR --factor pkcs11 ls`): the vault's
    # unlock options, which `seal`/`open` with --vault use too.
    add_global_options(parser)
    return parser


def _modules_for(parser: argparse.ArgumentParser, args: Sequence[str] | None) -> list[str]:
    """The groups to import: the one of the command in `args`; all of them without `args`,
    for help, or when the command is unknown (argparse then names every valid one)."""
    every = list(_COMMAND_MODULES)
    if args is None or any(a in _HELP for a in args):
        return every
    command = _command_word(parser, args)
    if command is None:
        # Only main options: `--version` exits while parsing, nothing else needs a group.
        return [] if "--version" in args else every
    return [m for m, commands in _COMMAND_MODULES.items() if command in commands] or every


def _command_word(parser: argparse.ArgumentParser, args: Sequence[str]) -> str | None:
    """The first word of `args` that is not a main option nor an option's value."""
    words = iter(args)
    for word in words:
        if word == "--":
            return next(words, None)
        if not word.startswith("-") or word == "-":
            return word
        action = _main_option(parser, word.split("=", 1)[0])
        if action is not None and action.nargs != 0 and "=" not in word:
            next(words, None)  # the option's value
    return None


def _main_option(parser: argparse.ArgumentParser, option: str) -> argparse.Action | None:
    """The main option `option` names, abbreviated as argparse allows (`--pass F`)."""
    options = parser._option_string_actions
    if option in options:
        return options[option]
    matches = {options[o] for o in options if o.startswith(option) and option.startswith("--")}
    return matches.pop() if len(matches) == 1 else None


class _VersionAction(argparse.Action):
    """`--version`, computed only when asked (from a checkout it runs `git describe`)."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(f"scelle {version()}")
        parser.exit()


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)
    restore = termination.install()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv))
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP, SIGQUIT (cli/termination.py)
        return _stopped(exc)
    except Exception as exc:
        interruption = termination.interruption_in(exc)
        if interruption is None:
            raise
        return _stopped(interruption)
    finally:
        restore()


def _stopped(exc: KeyboardInterrupt) -> int:
    # A signal may have landed between a staging file's creation and its owner taking it:
    # what this process still has on record is removed now, not at the next start.
    discard_own_leftovers()
    text, status = termination.message(exc)
    print(f"scelle: {text}", file=sys.stderr)
    return status


def _main(args_list: list[str]) -> int:
    # What killed processes (SIGKILL, power loss) left on file systems without unnamed files:
    # a listing of a small folder in RAM, before anything else (crypto/leftovers.py).
    sweep_leftovers()
    parser = build_parser(args_list)
    args = parser.parse_args(args_list)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        # An invalid workstation policy stops every command, as it stops the desktop
        # application: dropping an administrator's rules silently would be worse.
        workstation_policy()
        return int(func(args) or 0)
    except ScelleError as exc:
        print(f"scelle: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader of our output went away (`| head`): not worth a traceback nor a message
        # (cli/termination.py). Point stdout at /dev/null so the interpreter's final flush
        # does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return termination.PIPE_STATUS
    except OSError as exc:
        # A file-system failure below the services (disk full, read-only folder): one line.
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"scelle: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
