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
from app.files import sweep_leftovers
from app.policy import workstation_policy
from app.version import version
from cli import termination

# Modules providing command groups. Each has `register(subparsers) -> None`; a command's
# handler is stored as `func` in its parser defaults and returns an exit status.
_COMMAND_MODULES = (
    "cli.age_cmd",
    "cli.id_cmd",
    "cli.seal_cmd",
    "cli.vault_cmd",
    "cli.relay_cmd",
    "cli.update_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    import importlib

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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # group not built yet in this checkout
                continue
            raise
        module.register(sub)
        # A group may also contribute options given before the command (`scelle --vault DIR
        # --factor pkcs11 ls`): they belong to the main parser.
        if hasattr(module, "add_global_options"):
            module.add_global_options(parser)
    return parser


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
    text, status = termination.message(exc)
    print(f"scelle: {text}", file=sys.stderr)
    return status


def _main(args_list: list[str]) -> int:
    # What killed processes (SIGKILL, power loss) left on file systems without unnamed files:
    # a listing of a small folder in RAM, before anything else (crypto/leftovers.py).
    sweep_leftovers()
    parser = build_parser()
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
