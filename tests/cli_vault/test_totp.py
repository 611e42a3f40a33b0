"""TOTP vaults on the command line: enrolment output, one code for a whole batch, and refused
codes (wrong, replayed, malformed). Codes come from the otpauth URI that `vault init` printed;
no test waits for the clock: a second unlock uses the next step's code, which the gate accepts."""

from __future__ import annotations

from pathlib import Path

import pyotp

from tests.cli_vault.conftest import FAST_KDF, Secrets, TotpVault, init_totp, run_scelle, write


def test_init_prints_recovery_code_uri_and_qr(secrets: Secrets, tmp_path: Path) -> None:
    result = run_scelle("vault", "init", tmp_path / "v", "--factor", "totp",
                        "--passphrase-file", secrets.passphrase, "--name", "Me Claire Dubois",
                        *FAST_KDF)
    assert result.returncode == 0, result.err
    out = result.out
    assert "RECOVERY CODE" in out and "authenticator app" in out
    uri = next(line for line in out.splitlines() if line.startswith("otpauth://totp/"))
    assert isinstance(pyotp.parse_uri(uri), pyotp.TOTP)
    assert "Dubois" not in uri  # the account name is derived from the vault id only
    assert "█" in out or "▀" in out  # the QR code, drawn with block characters
    assert (tmp_path / "v" / "vault.json").is_file()


def test_one_code_for_a_batch_then_replay_refused(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    doc = write(tmp_path / "a.txt", "alpha")
    code = vault.code()
    script = write(tmp_path / "cmds.txt", f"import {doc}\nls --json\ncheck\n")
    result = vault.run("--totp", code, "batch", script)
    assert result.returncode == 0, result.err
    assert '"name": "a.txt"' in result.out and "vault intact" in result.out

    before = vault.files()
    replay = vault.run("--totp", code, "ls")
    assert replay.returncode == 1
    assert replay.err == "scelle: This TOTP code was already used: wait for the next code.\n"
    assert vault.files() == before
    # The next step's code is new: accepted without waiting.
    assert vault.run("--totp", vault.code(steps_ahead=1), "ls").returncode == 0


def test_wrong_and_malformed_codes(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    right = vault.code()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    before = vault.files()
    result = vault.run("--totp", wrong, "ls")
    assert result.returncode == 1 and result.err == "scelle: Wrong TOTP code.\n"
    result = vault.run("--totp", "12ab56", "ls")
    assert result.returncode == 1 and result.err == "scelle: A TOTP code is 6 digits.\n"
    wrong_pw = secrets.file("wrong-passphrase.txt", "not the passphrase")
    result = vault.run("--totp", right, "ls", unlock=["--passphrase-file", str(wrong_pw)])
    assert result.returncode == 1 and "passphrase" in result.err.lower()
    assert vault.files() == before
    assert vault.run("--totp", right, "ls").returncode == 0  # the code was not burnt by those


def test_no_code_and_no_terminal(secrets: Secrets, tmp_path: Path) -> None:
    vault: TotpVault = init_totp(tmp_path / "v", secrets)
    result = vault.run("ls")
    assert result.returncode == 2
    assert result.err == "scelle: no terminal to ask for it; use --totp CODE\n"
