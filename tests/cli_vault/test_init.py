"""`scelle vault init`: options checked before anything is asked or written."""

from __future__ import annotations

from pathlib import Path

from tests.cli_vault.conftest import FAST_KDF, Secrets, Vault, run_scelle
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm


def _init(folder: Path, secrets: Secrets, *options: str | Path) -> tuple[int, str]:
    result = run_scelle("vault", "init", folder, "--name", "Me Test", "--passphrase-file",
                        secrets.passphrase, *options)
    assert result.out == "" or result.returncode == 0
    return result.returncode, result.err


def test_kdf_floor_and_option_mistakes(secrets: Secrets, tmp_path: Path) -> None:
    folder = tmp_path / "v"
    cases = [
        (("--factor", "totp", "--kdf-memory", "32", "--kdf-passes", "1"),
         "scelle: --kdf-memory must be between 64 and 4096 MiB"),
        (("--factor", "totp", "--kdf-memory", "64", "--kdf-passes", "0"),
         "scelle: --kdf-passes must be between 1 and 64"),
        (("--factor", "totp", "--key-id", "01", *FAST_KDF),
         "scelle: --key-id is for --factor pkcs11"),
        (("--factor", "pkcs11", "--uv", "required", *FAST_KDF),
         "scelle: --uv is for --factor fido2"),
        (("--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB, "--key-id", "zz", *FAST_KDF),
         "scelle: --key-id 'zz' is not a hexadecimal identifier"),
    ]
    for options, expected in cases:
        status, err = _init(folder, secrets, *options)
        assert (status, err.strip()) == (2, expected)
        assert not folder.exists()


def test_refuses_an_existing_vault(alice: Vault, secrets: Secrets) -> None:
    before = alice.files()
    status, err = _init(alice.dir, secrets, "--factor", "totp", *FAST_KDF)
    assert status == 1
    assert err == f"scelle: '{alice.dir}' already holds a vault (vault.json exists)\n"
    assert alice.files() == before


def test_several_token_keys_need_a_choice(softhsm: SoftHsm, secrets: Secrets,
                                          tmp_path: Path) -> None:
    status, err = _init(tmp_path / "v", secrets, "--factor", "pkcs11", "--pkcs11-module",
                        SOFTHSM_LIB, "--pin-file", secrets.pin, *FAST_KDF)
    assert status == 2
    lines = err.strip().splitlines()
    assert lines[-1].startswith("scelle: the token holds") and "--key-id HEX" in lines[-1]
    assert any(softhsm.rsa_decrypt.key_id.hex() in line for line in lines[:-1])
    assert not (tmp_path / "v").exists()


def test_unknown_key_and_absent_fido2_key_leave_nothing(softhsm: SoftHsm, secrets: Secrets,
                                                        tmp_path: Path) -> None:
    folder = tmp_path / "v"
    status, err = _init(folder, secrets, "--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB,
                        "--token-serial", softhsm.token_serial, "--key-id", "beef",
                        "--pin-file", secrets.pin, *FAST_KDF)
    assert status == 1 and "beef" in err and len(err.strip().splitlines()) == 1
    assert not folder.exists()
    status, err = _init(folder, secrets, "--factor", "fido2", *FAST_KDF)
    assert status == 1 and err == "scelle: No FIDO2 security key is plugged in.\n"
    assert not folder.exists()


def test_pkcs11_vault_opens_with_its_token(alice: Vault) -> None:
    assert alice.info["factor"] == "pkcs11"
    listed = alice.ok("identity", "--json").json()
    assert listed["fingerprint"] == alice.info["fingerprint"]
    assert alice.ok("ls", "--json").json() == []
