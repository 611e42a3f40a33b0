"""Opening the vault named by `--vault`: passphrase, second factor, session.

One process opens the vault at most once: a single command, or every line of a `batch`, shares
one `VaultContext`, which unlocks on first use and locks when the command (or batch) ends. That
matters for TOTP, whose codes are single-use.

Secrets come from files named on the command line (`--passphrase-file`, `--pin-file`,
`--recovery-file`) or are asked on the terminal (`/dev/tty`, never echoed); without a terminal
a missing secret is a usage error rather than a read from standard input, which may carry data.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from cli.common import (
    CliInputError,
    CliUsageError,
    _terminal_available,
    obtain_passphrase,
    read_argument_text,
)
from cli.vault_notices import pending_refusal, remind_new_recovery_code
from cli.vault_options import GLOBAL_DESTS  # noqa: F401  (cli/vault_batch.py)

# The vault services are imported when a vault command runs, not when the parser is built:
# every `scelle` invocation builds the whole parser, and `scelle age …` should not pay for them.
if TYPE_CHECKING:
    from app.key_factors import FactorRequest
    from app.unlock import FactorInput
    from app.vault import VaultSession

_PIN_PROMPTS = {"pkcs11": "PIN of the security token", "fido2": "PIN of the security key"}


def option_of(args: argparse.Namespace, name: str) -> str | None:
    """An option given after the command (dest `sub_<name>`) or before it (dest `<name>`).

    Sub-options have their own dest because argparse copies a subparser's defaults over the
    main namespace, which would erase the global value (see common.add_passphrase_file_option).
    """
    sub, glob = getattr(args, f"sub_{name}", None), getattr(args, name, None)
    if sub and glob and sub != glob:
        raise CliUsageError(f"--{name.replace('_', '-')} given twice with different values")
    return sub or glob


# ---------------------------------------------------------------------------------------------
# Secrets


def read_secret_file(path: str, what: str) -> str:
    """The first line of `path`, without its line ending (as --passphrase-file)."""
    secret = read_argument_text(path, what).split("\n", 1)[0].removesuffix("\r")
    if not secret:
        raise CliInputError(f"{what} '{path}' is empty")
    return secret


def ask_hidden(prompt: str, option: str) -> str:
    """Asks on the terminal without echo; `option` names the way to give it without one."""
    if not _terminal_available():
        raise CliUsageError(f"no terminal to ask for it; use {option}")
    value = getpass.getpass(f"{prompt}: ")
    if not value:
        raise CliInputError("empty answer refused")
    return value


def pin_provider(args: argparse.Namespace, prompt: str,
                 option: str = "pin_file") -> Callable[[], str | None]:
    """A PIN provider for the token drivers, asking (or reading) the PIN once at most.

    Drivers call it only once the token was found and only if a PIN is needed; enrolling a
    token may need it twice (listing the keys, then enrolling), hence the memo. `option` is
    the dest of the file option (`pin_file`, or `new_pin_file` for a slot being added).
    """
    memo: list[str] = []

    def provide() -> str | None:
        if not memo:
            path = option_of(args, option)
            flag = "--" + option.replace("_", "-")
            memo.append(read_secret_file(path, "PIN file") if path else ask_hidden(prompt, flag))
        return memo[0]

    return provide


def touch_prompt() -> None:
    print("Touch your security key…", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Second factors: the options are collected here, the factor is built by app/key_factors.py


def factor_request(args: argparse.Namespace, kind: str, pin_option: str = "pin_file",
                   **fields: object) -> FactorRequest:
    """The request for a factor of `kind` from the options (`fields`: a new key's choices)."""
    from app.key_factors import FactorRequest

    return FactorRequest(kind, pin=pin_provider(args, _PIN_PROMPTS.get(kind, "PIN"), pin_option),
                         module_path=option_of(args, "pkcs11_module"), on_touch=touch_prompt,
                         **fields)  # type: ignore[arg-type]


def key_factor(args: argparse.Namespace, kind: str) -> FactorInput:
    """The token or FIDO2 key of an existing slot of `kind` (to unlock, or rewrap it)."""
    from app.key_factors import unlock_factor

    return unlock_factor(factor_request(args, kind))


def choose_kind(args: argparse.Namespace, kinds: tuple[str, ...]) -> str:
    """The slot kind to unlock with: --factor, else --totp/--recovery-file, else the first."""
    implied = [k for k, given in (("totp", args.totp), ("recovery", args.recovery_file))
               if given]
    if args.unlock_factor:
        wrong = [k for k in implied if k != args.unlock_factor]
        if wrong:
            raise CliUsageError(f"--factor {args.unlock_factor} contradicts "
                                f"{'--totp' if wrong[0] == 'totp' else '--recovery-file'}")
        return str(args.unlock_factor)
    if len(implied) > 1:
        raise CliUsageError("--totp and --recovery-file exclude each other")
    if implied:
        return implied[0]
    usable = [k for k in kinds if k != "recovery"]
    return usable[0] if usable else "recovery"


def unlock_input(args: argparse.Namespace, kind: str) -> FactorInput:
    from app.key_factors import unlock_factor

    code = ""
    if kind == "totp":
        code = args.totp or ask_hidden("TOTP code", "--totp CODE")
    elif kind == "recovery":
        path = args.recovery_file
        code = (read_secret_file(path, "recovery code file") if path
                else ask_hidden("Recovery code", "--recovery-file F"))
    return unlock_factor(factor_request(args, kind, code=code))


# ---------------------------------------------------------------------------------------------
# The vault folder and the session


def vault_folder(args: argparse.Namespace) -> Path:
    if not getattr(args, "vault", None):
        raise CliUsageError("this command works on a vault: give it with --vault DIR "
                            "before the command")
    return Path(args.vault)


def check_vault_folder(folder: Path) -> tuple[str, ...]:
    """Refuse, before any secret is asked, a folder that cannot be opened; returns slot kinds."""
    from app.vault import describe_vault

    info = describe_vault(folder)
    if info.pending:
        raise pending_refusal(folder)
    if not info.exists:
        raise CliInputError(f"no vault in '{folder}' (vault.json not found)")
    if info.problem is not None:
        raise CliInputError(info.problem)
    if not info.has_database:
        raise CliInputError(f"the vault in '{folder}' has no database (vault.db is missing)")
    return info.factor_kinds


def unlock(args: argparse.Namespace) -> VaultSession:
    """Ask or read what opens the vault, then open it (one line of error on any failure)."""
    from app.vault import open_vault
    from app.vault.stretching import start_stretching

    folder = vault_folder(args)
    kind = choose_kind(args, check_vault_folder(folder))
    passphrase = None
    if kind != "recovery":
        passphrase = obtain_passphrase(args, "Vault passphrase", confirm=False)
    # Argon2id runs while the factor is built and asked (its imports, the token, the PIN).
    with start_stretching(folder, passphrase, kind) as stretching:
        factor = unlock_input(args, kind)
        session = open_vault(folder, passphrase, factor, stretching=stretching)
    remind_new_recovery_code(session)
    return session


class VaultContext:
    """The vault of one command or batch: unlocked on first use, locked by `close()`."""

    def __init__(self, args: argparse.Namespace,
                 opener: Callable[[argparse.Namespace], VaultSession] = unlock) -> None:
        self.args = args
        self._opener = opener
        self._session: VaultSession | None = None

    def session(self) -> VaultSession:
        if self._session is None:
            self._session = self._opener(self.args)
        return self._session

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.lock()

    def __enter__(self) -> VaultContext:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


# ---------------------------------------------------------------------------------------------
# Commands


Runner = Callable[[argparse.Namespace, VaultContext], int]


class VaultCommand:
    """The `func` of a vault command: checks its arguments, then runs with the vault context.

    `check` runs before anything is asked or unlocked, so that a typo in a path is reported
    before the passphrase is typed. In a batch, `args.vault_context` is the batch's shared
    context; otherwise the command gets its own, locked when it returns.
    """

    def __init__(self, run: Runner, check: Callable[[argparse.Namespace], None] | None = None
                 ) -> None:
        self._run = run
        self._check = check

    def __call__(self, args: argparse.Namespace) -> int:
        vault_folder(args)
        if self._check is not None:
            self._check(args)
        shared = getattr(args, "vault_context", None)
        if shared is not None:
            return self._run(args, shared)
        with VaultContext(args) as context:
            return self._run(args, context)


def vault_command(parser: argparse.ArgumentParser, run: Runner,
                  check: Callable[[argparse.Namespace], None] | None = None) -> None:
    """Make `parser` a vault command (usable in a batch)."""
    parser.set_defaults(func=VaultCommand(run, check), vault_command=True)
