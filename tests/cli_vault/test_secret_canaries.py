"""Secrets stay out of messages and files: failing unlocks, imports and key operations are run
with canary passphrases, PINs, TOTP codes and recovery codes, and neither the commands' output
nor any file they leave (vault folders, outputs, temporary, configuration, state and runtime
folders, which are all pointed inside the test's folder) holds a canary, in any of the
encodings a leak could take.
"""

from __future__ import annotations

import os
from pathlib import Path

from crypto.recovery import format_recovery_code, new_recovery_code
from tests.cli_vault.conftest import (
    FAST_KDF,
    Result,
    Secrets,
    TotpVault,
    Vault,
    init_totp,
    run_scelle,
    write,
)

PASSPHRASE_CANARY = "Kanari-phrase-7f3a91 un vol de mouettes sur la digue"
WEAK_CANARY = "kanari-faible-5"
PIN_CANARY = "93817246"
TOTP_CANARY = "kanari-totp-48c1"
RECOVERY_CANARY = "kanari-recup-66e0"


def _encodings(text: str) -> list[bytes]:
    raw = text.encode()
    return [raw, text.encode("utf-16-le"), text.encode("utf-16-be"), raw.hex().encode(),
            raw.hex().upper().encode()]


class Session:
    """Every command's output, and the folders its files may land in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.outputs: list[Result] = []
        self.env = {"HOME": str(root / "home"), "TMPDIR": str(root / "tmp"),
                    "XDG_CONFIG_HOME": str(root / "config"), "XDG_STATE_HOME": str(root / "state"),
                    "XDG_CACHE_HOME": str(root / "cache"), "XDG_RUNTIME_DIR": str(root / "run")}
        for folder in self.env.values():
            Path(folder).mkdir(parents=True, mode=0o700)

    def failing(self, vault: Vault | None, *args: str | os.PathLike[str],
                unlock: list[str] | None = None) -> Result:
        if vault is None:
            result = run_scelle(*args, env=self.env)
        else:
            options = vault.unlock if unlock is None else unlock
            result = run_scelle("--vault", vault.dir, *options, *args, env=self.env)
        assert result.returncode != 0, (args, result.out)
        assert "Traceback" not in result.err, result.err
        self.outputs.append(result)
        return result

    def leaks(self, canaries: list[str], folders: list[Path]) -> list[str]:
        found = []
        for index, result in enumerate(self.outputs):
            for name, data in (("stdout", result.stdout), ("stderr", result.stderr)):
                found += [f"command {index} {name}: {c!r}" for c in canaries
                          if any(e in data for e in _encodings(c))]
        for folder in folders:
            for path in (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
                data = path.read_bytes()
                found += [f"{path}: {c!r}" for c in canaries
                          if any(e in data for e in _encodings(c))]
        return found


def _replace(options: list[str], flag: str, value: Path) -> list[str]:
    out = list(options)
    out[out.index(flag) + 1] = str(value)
    return out


def _key_vault_failures(session: Session, alice: Vault, canaries: Path) -> str:
    doc = write(canaries / "acte.txt", "acte\n")
    bad_pass = write(canaries / "pass.txt", PASSPHRASE_CANARY + "\n")
    bad_pin = write(canaries / "pin.txt", PIN_CANARY + "\n")
    session.failing(alice, "ls", unlock=_replace(alice.unlock, "--passphrase-file", bad_pass))
    session.failing(alice, "import", doc,
                    unlock=_replace(alice.unlock, "--passphrase-file", bad_pass))
    session.failing(alice, "import", doc, unlock=_replace(alice.unlock, "--pin-file", bad_pin))
    alice.ok("ls")  # the right PIN resets the token's failure counter
    malformed = write(canaries / "recovery-bad.txt", RECOVERY_CANARY + "\n")
    foreign = format_recovery_code(new_recovery_code())
    wrong = write(canaries / "recovery-wrong.txt", foreign + "\n")
    for code_file in (malformed, wrong):
        session.failing(alice, "ls", unlock=["--factor", "recovery", "--recovery-file",
                                             str(code_file)])
    return foreign  # a well-formed code that opens nothing: a canary too


def _totp_vault_failures(session: Session, vault: TotpVault, canaries: Path) -> str:
    bad_pass = write(canaries / "totp-pass.txt", PASSPHRASE_CANARY + "\n")
    window = {vault.code(steps) for steps in range(-2, 4)}
    wrong_code = next(c for c in ("480151", "623342", "715573") if c not in window)
    session.failing(vault, "--totp", wrong_code, "ls")
    session.failing(vault, "--totp", TOTP_CANARY, "ls")
    session.failing(vault, "--totp", vault.code(), "ls",
                    unlock=["--passphrase-file", str(bad_pass)])
    return wrong_code


def _key_file_failures(session: Session, root: Path, canaries: Path, secrets: Secrets) -> None:
    weak = write(canaries / "weak.txt", WEAK_CANARY + "\n")
    bad_pass = write(canaries / "id-pass.txt", PASSPHRASE_CANARY + "\n")
    session.failing(None, "vault", "init", root / "weak-vault", "--factor", "totp",
                    "--passphrase-file", weak, "--name", "X", *FAST_KDF)
    # Identity files accept any passphrase: this one succeeds, and the file is searched too.
    run_scelle("id", "new", "--name", "X", "-o", root / "out" / "weak.id", "--passphrase-file",
               weak, env=session.env)
    identity = root / "out" / "claire.id"
    run_scelle("id", "new", "--name", "Claire", "-o", identity, "--passphrase-file",
               secrets.passphrase, env=session.env)
    session.failing(None, "id", "card", "--passphrase-file", bad_pass, identity)
    encrypted = root / "out" / "acte.age"
    run_scelle("age", "encrypt", "-p", "--passphrase-file", secrets.passphrase, "-o", encrypted,
               write(canaries / "plain.txt", "acte\n"), env=session.env)
    session.failing(None, "age", "decrypt", "--passphrase-file", bad_pass, "-o",
                    root / "out" / "acte.txt", encrypted)


def test_no_secret_in_any_output_or_file(alice: Vault, secrets: Secrets, tmp_path: Path) -> None:
    session = Session(tmp_path / "session")
    canaries = tmp_path / "canaries"  # the canaries' own files, not searched
    (session.root / "out").mkdir(mode=0o700)
    totp = init_totp(tmp_path / "totp-vault", secrets)
    totp.env = session.env
    alice.env = session.env

    foreign = _key_vault_failures(session, alice, canaries)
    wrong_code = _totp_vault_failures(session, totp, canaries)
    _key_file_failures(session, session.root, canaries, secrets)

    assert len(session.outputs) == 11
    digits_of_foreign = foreign.replace("-", "")
    found = session.leaks(
        [PASSPHRASE_CANARY, WEAK_CANARY, PIN_CANARY, TOTP_CANARY, RECOVERY_CANARY, foreign,
         digits_of_foreign, wrong_code],
        [session.root, alice.dir, totp.dir])
    assert found == []
