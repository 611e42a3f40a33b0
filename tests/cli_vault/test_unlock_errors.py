"""Bad input when opening a vault: each gets its own one-line error, a non-zero exit status, and
leaves every file of the vault exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.unlock import RecoveryCode
from app.vault import open_vault
from tests.cli.conftest import run_on_tty
from tests.cli_vault.conftest import SCELLE, Secrets, Vault, run_scelle
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm


def _refused(vault: Vault, *args: str, unlock: list[str] | None = None) -> str:
    """Run `ls` (or `args`) expecting a refusal that changes nothing; returns the error line."""
    before = vault.files()
    result = vault.run(*(args or ("ls",)), unlock=unlock)
    assert result.returncode != 0, result.out
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scelle: "), result.err
    assert vault.files() == before
    return lines[0]


def _options(vault: Vault, **replace: str) -> list[str]:
    """The vault's unlock options with some values replaced (e.g. pin_file=...)."""
    options = list(vault.unlock)
    for name, value in replace.items():
        flag = "--" + name.replace("_", "-")
        if flag in options:
            options[options.index(flag) + 1] = value
        else:
            options += [flag, value]
    return options


def test_wrong_passphrase(alice: Vault, secrets: Secrets) -> None:
    wrong = secrets.file("wrong-passphrase.txt", "not the passphrase")
    line = _refused(alice, unlock=_options(alice, passphrase_file=str(wrong)))
    assert "passphrase" in line.lower() and "wrong" in line.lower()


def test_wrong_pin_says_tries_are_left(alice: Vault, secrets: Secrets) -> None:
    wrong = secrets.file("wrong-pin.txt", "000000")
    line = _refused(alice, unlock=_options(alice, pin_file=str(wrong)))
    assert "Wrong PIN for security token 'scelle-test'" in line
    assert "few tries are left" in line  # SoftHSM sets CKF_USER_PIN_COUNT_LOW
    alice.ok("ls")  # the right PIN still works (and clears the warning)


def test_absent_token(alice: Vault, tmp_path: Path) -> None:
    empty = tmp_path / "no-token"
    (empty / "tokens").mkdir(parents=True)
    (empty / "softhsm2.conf").write_text(f"directories.tokendir = {empty / 'tokens'}\n"
                                         "objectstore.backend = file\nlog.level = ERROR\n")
    alice.env = {"SOFTHSM2_CONF": str(empty / "softhsm2.conf")}
    line = _refused(alice)
    assert line.startswith("scelle: No security token with")
    assert "is plugged in" in line


def test_missing_pkcs11_library(alice: Vault) -> None:
    line = _refused(alice, unlock=_options(alice, pkcs11_module="/nonexistent/p11.so"))
    assert line == "scelle: PKCS#11 library '/nonexistent/p11.so' not found"


def test_tampered_header_is_refused(alice: Vault) -> None:
    header = json.loads((alice.dir / "vault.json").read_text())
    header["slots"] = header["slots"][:1]  # the recovery slot dropped by someone
    (alice.dir / "vault.json").write_text(json.dumps(header))
    line = _refused(alice)
    assert "vault.json" in line and "modified by someone without the vault key" in line


@pytest.mark.parametrize(("damage", "expected"), [
    (b"{not json", "vault.json is not valid JSON"),
    (b"", "vault.json is not valid JSON"),
    (b'{"format": "scelle-vault", "version": 1}', "vault.json must have exactly the fields"),
    (b'{"format": "scelle-vault", "version": 7}', "format version 7"),
])
def test_damaged_header_is_refused_before_any_secret(alice: Vault, damage: bytes,
                                                     expected: str) -> None:
    (alice.dir / "vault.json").write_bytes(damage)
    line = _refused(alice, unlock=[])  # no passphrase file, no terminal: still the header error
    assert expected in line


def test_database_from_a_newer_version(alice: Vault) -> None:
    with open_vault(alice.dir, None, RecoveryCode(alice.recovery_code)) as session:
        session.store.db.execute("PRAGMA user_version = 999")
    line = _refused(alice)
    assert "newer version of Scellé" in line and "not modified" in line
    assert alice.run("ls").returncode == 3


def test_no_vault_and_no_option(tmp_path: Path) -> None:
    result = run_scelle("--vault", tmp_path, "ls")
    assert result.returncode == 1
    assert result.err == f"scelle: no vault in '{tmp_path}' (vault.json not found)\n"
    result = run_scelle("ls")
    assert result.returncode == 2 and "--vault DIR" in result.err


def test_no_terminal_and_no_passphrase_file(alice: Vault, secrets: Secrets) -> None:
    line = _refused(alice, unlock=["--pin-file", str(secrets.pin), "--pkcs11-module",
                                   SOFTHSM_LIB])
    assert line == "scelle: no terminal to ask the passphrase on; use --passphrase-file"


def test_recovery_code_opens_alone(alice: Vault, secrets: Secrets) -> None:
    code = secrets.file(f"recovery-{id(alice)}.txt", alice.recovery_code)
    result = alice.run("ls", "--json", unlock=["--recovery-file", str(code)])
    assert result.returncode == 0, result.err
    wrong = secrets.file("wrong-recovery.txt", "AAAA-BBBB")
    line = _refused(alice, unlock=["--recovery-file", str(wrong)])
    assert "recovery code" in line.lower()


def test_conflicting_unlock_options(alice: Vault) -> None:
    line = _refused(alice, unlock=[*alice.unlock, "--factor", "pkcs11", "--totp", "123456"])
    assert line == "scelle: --factor pkcs11 contradicts --totp"
    line = _refused(alice, unlock=[*alice.unlock, "--totp", "123456"])
    assert line == "scelle: This vault has no TOTP slot."


def test_vault_in_use_by_another_process(alice: Vault, softhsm: SoftHsm) -> None:
    with open_vault(alice.dir, None, RecoveryCode(alice.recovery_code)):
        result = alice.run("ls")
    assert result.returncode == 1
    assert result.err == "scelle: The vault is already open in another Scellé window or process.\n"


def test_passphrase_asked_on_the_terminal_is_not_echoed(alice: Vault, secrets: Secrets) -> None:
    status, transcript = run_on_tty(
        [SCELLE, "--vault", str(alice.dir), "--pin-file", str(secrets.pin), "--pkcs11-module",
         SOFTHSM_LIB, "ls"], [secrets.passphrase.read_text().strip()])
    assert status == 0, transcript
    assert "Vault passphrase:" in transcript
    assert secrets.passphrase.read_text().strip() not in transcript
    status, transcript = run_on_tty(
        [SCELLE, "--vault", str(alice.dir), "--pin-file", str(secrets.pin), "--pkcs11-module",
         SOFTHSM_LIB, "ls"], ["a wrong passphrase"])
    assert status == 1 and "wrong" in transcript.lower()
