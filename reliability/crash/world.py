"""The crash harness's private world: folders, secrets, the SoftHSM2 token and the CLI runner.

Every child process gets its own HOME, XDG folders and TMPDIR under the run's folder, so that
the plaintext search after a kill covers every place a `scelle` process may write to: the vault,
the output folder, the temporary folder and the configuration, state, cache and data folders.
Vaults are opened like the command-line tests open them (tests/cli_vault/conftest.py): a
passphrase file and a SoftHSM2 key (RSA decryption), with the cheapest legal Argon2id settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.softhsm import SOFTHSM_LIB, SoftHsm, get_softhsm

REPO = Path(__file__).resolve().parents[2]
SCELLE = str(Path(sys.executable).with_name("scelle"))
SCELLE_RELAY = str(Path(sys.executable).with_name("scelle-relay"))
PASSPHRASE = "une phrase de passe assez longue pour le coffre, é"
NEW_PASSPHRASE = "une autre phrase de passe, plus longue encore, pour le coffre"
FAST_KDF = ("--kdf-memory", "64", "--kdf-passes", "1")
HANG_GUARD = 180  # seconds: against a hung child, never a timing assertion

# Canaries: placed in contents, file names and case names; searched for after every kill.
CONTENT_CANARY = "CANARY-contenu-Dubreuil-7f3a9c"
NAME_CANARY = "canary-nom-Clementine-5b1e"
CASE_CANARY = "CANARY-affaire-Perrin-9d2c"
CANARIES = (CONTENT_CANARY, NAME_CANARY, CASE_CANARY)


@dataclass(frozen=True)
class Run:
    """A finished child process."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class World:
    """Folders and credentials shared by every operation of one harness run."""

    root: Path
    hsm: SoftHsm = field(init=False)
    env: dict[str, str] = field(init=False)
    closers: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("inputs", "templates", "work", "home", "tmp", "secrets", "hsm"):
            (self.root / name).mkdir(parents=True, exist_ok=True)
        self.hsm = get_softhsm(self.root / "hsm")
        home = self.root / "home"
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local/state"), "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_DATA_HOME": str(home / ".local/share"), "TMPDIR": str(self.root / "tmp"),
            "SOFTHSM2_CONF": str(self.hsm.conf_path), "PYTHONDONTWRITEBYTECODE": "1",
        }
        for key in ("DBUS_SESSION_BUS_ADDRESS",):  # the keyring, if the caller runs one
            if key in os.environ:
                self.env[key] = os.environ[key]

    # --- secrets -------------------------------------------------------------------------

    def secret(self, name: str, text: str) -> Path:
        path = self.root / "secrets" / name
        if not path.exists():
            path.write_text(text + "\n")
        return path

    @property
    def passphrase(self) -> Path:
        return self.secret("passphrase.txt", PASSPHRASE)

    @property
    def new_passphrase(self) -> Path:
        return self.secret("new-passphrase.txt", NEW_PASSPHRASE)

    @property
    def pin(self) -> Path:
        return self.secret("pin.txt", self.hsm.user_pin)

    def unlock(self, passphrase: Path | None = None) -> list[str]:
        return ["--passphrase-file", str(passphrase or self.passphrase), "--pin-file",
                str(self.pin), "--pkcs11-module", SOFTHSM_LIB]

    # --- processes -----------------------------------------------------------------------

    def start(self, argv: list[str], *, stdin: bytes = b"") -> subprocess.Popen[bytes]:
        """A child in its own session (a kill reaches it alone; its group is cleaned up after)."""
        proc = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env,
                                cwd=self.root / "work", start_new_session=True)
        if stdin and proc.stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        return proc

    def run(self, *args: str | os.PathLike[str], stdin: bytes = b"") -> Run:
        proc = subprocess.run([SCELLE, *map(str, args)], input=stdin, capture_output=True,
                              env=self.env, cwd=self.root / "work", timeout=HANG_GUARD,
                              start_new_session=True)
        return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                   proc.stderr.decode("utf-8", "replace"))

    def vault(self, folder: Path, *args: str | os.PathLike[str], stdin: bytes = b"",
              passphrase: Path | None = None) -> Run:
        return self.run("--vault", folder, *self.unlock(passphrase), *args, stdin=stdin)

    def must(self, result: Run, what: str) -> Run:
        if result.returncode != 0:
            raise RuntimeError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def init_vault(self, folder: Path, name: str, key: str = "rsa") -> dict[str, object]:
        """`scelle vault init` on the token's RSA (or EC) key; the --json answer."""
        import json

        key_id = (self.hsm.rsa_decrypt if key == "rsa" else self.hsm.ec_derive).key_id
        result = self.must(self.run(
            "vault", "init", folder, "--factor", "pkcs11", "--pkcs11-module", SOFTHSM_LIB,
            "--token-serial", self.hsm.token_serial, "--key-id", key_id.hex(), "--pin-file",
            self.pin, "--passphrase-file", self.passphrase, "--name", name, "--role", "Avocat",
            "--org", "Barreau", *FAST_KDF, "--json"), f"vault init {folder.name}")
        value = json.loads(result.stdout)
        assert isinstance(value, dict)
        return value

    def close(self) -> None:
        """Stop what the operations started (relay servers)."""
        for close in reversed(self.closers):
            close()
        self.closers.clear()

    def clear_scratch(self) -> None:
        """Empty the children's TMPDIR and HOME: every kill is judged on its own leftovers."""
        for name in ("tmp", "home"):
            shutil.rmtree(self.root / name, ignore_errors=True)
            (self.root / name).mkdir()
