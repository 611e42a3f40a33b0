"""Unlocking a vault with a TOTP code or a PKCS#11 token does not import the `fido2` package
(app/key_factors.py imports it only to build a FIDO2 factor), nor the other command groups,
nor what only other commands need (issue 16: each costs every vault process start-up time):
sealing, receiving and the correspondence log (app/vault/session.py), QR codes, the release format (app/policy.py,
app/updates/installed.py), pyotp without TOTP, X.509 without a token. A real unlock and
import, in a fresh interpreter, with the real keyring and SoftHSM2 token."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.cli_vault.conftest import Secrets, Vault, init_totp, write

WATCHED = ("fido2", "crypto.factors.fido2_factor", "cli.seal_cmd", "cli.relay_cmd",
           "cli.age_cmd", "cli.id_cmd", "cli.vault_cmd", "app.vault.exchange",
           "app.vault.sending", "app.sealing", "crypto.sealed.reader", "qrcode",
           "crypto.release_manifest", "app.updates.verify", "pyotp", "cryptography.x509",
           "app.vault.messages")


def _import_and_list_modules(vault: Vault, argv_unlock: list[str], doc: Path) -> list[str]:
    argv = ["--vault", str(vault.dir), *argv_unlock, "import", str(doc)]
    code = ("import sys\nfrom scelle.__main__ import main\n"
            f"status = main({argv!r})\n"
            f"print('LOADED=' + ','.join(m for m in {WATCHED!r} if m in sys.modules))\n"
            "sys.exit(status)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
                          start_new_session=True)
    assert proc.returncode == 0, proc.stderr
    return [m for m in proc.stdout.rsplit("LOADED=", 1)[-1].strip().split(",") if m]


def test_totp_unlock_and_import_skip_fido2(secrets: Secrets, tmp_path: Path) -> None:
    vault = init_totp(tmp_path / "v", secrets)
    doc = write(tmp_path / "a.txt", "alpha")
    loaded = _import_and_list_modules(vault, [*vault.unlock, "--totp", vault.code()], doc)
    assert loaded == ["cli.vault_cmd", "pyotp"]
    assert '"name": "a.txt"' in vault.ok("--totp", vault.code(steps_ahead=1), "ls", "--json").out


def test_pkcs11_unlock_and_import_skip_fido2(alice: Vault, tmp_path: Path) -> None:
    doc = write(tmp_path / "b.txt", "bravo")
    loaded = _import_and_list_modules(alice, alice.unlock, doc)
    # The token's certificate is read to check that its key is still the slot's.
    assert loaded == ["cli.vault_cmd", "cryptography.x509"]
    assert '"name": "b.txt"' in alice.ok("ls", "--json").out
