"""Files 0600 and folders 0700 whatever the umask.

`scelle` sets umask 077 when it starts, which would hide any file created without an explicit
mode. These runs therefore go through the real entry point with the umask forced to 000 and
`os.umask` disabled, so every file and folder Scellé makes must get its mode from the code that
makes it: a vault created, documents and a folder imported, a sealed file made from the vault,
a document exported, the sealed file opened to a folder, an age key and file, the TOTP lock.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pyotp

from tests.cli_vault.conftest import FAST_KDF, PASSPHRASE, Result, write

_HANG_GUARD_SECONDS = 300  # against a hung child, not a performance assertion
# The real entry point, with a umask that hides nothing and cannot be changed.
_NO_UMASK = ("import os, sys; os.umask(0); os.umask = lambda mask: 0; "
             "from scelle.__main__ import main; sys.exit(main(sys.argv[1:]))")
# Public by design (docs/cli.md): an identity card is written to be handed out.
PUBLIC_FILES = {"bob.card.json", "claire.card.json"}


def _scelle(env: dict[str, str], *args: str | os.PathLike[str]) -> Result:
    proc = subprocess.run([sys.executable, "-c", _NO_UMASK, *map(str, args)],
                          capture_output=True, env=env, stdin=subprocess.DEVNULL,
                          timeout=_HANG_GUARD_SECONDS, start_new_session=True)
    result = Result(proc.returncode, proc.stdout, proc.stderr)
    assert result.returncode == 0, (args, result.err)
    return result


def _made(root: Path) -> dict[str, int]:
    """Every path under `root` (itself excluded) and its permission bits."""
    return {str(p.relative_to(root)): stat.S_IMODE(p.lstat().st_mode)
            for p in sorted(root.rglob("*"))}


def _session(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Inputs made by the test itself (not checked), and an environment whose temporary and
    runtime folders are inside `made`, so that whatever Scellé puts there is checked too."""
    made = tmp_path / "made"
    for folder in ("tmp", "run", "out"):
        (made / folder).mkdir(parents=True)
        (made / folder).chmod(0o700)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(made / "tmp"),
           "XDG_RUNTIME_DIR": str(made / "run")}
    inputs = tmp_path / "inputs"
    write(inputs / "pw.txt", PASSPHRASE + "\n")
    write(inputs / "acte.txt", "acte de vente\n")
    write(inputs / "dossier" / "sous" / "piece.txt", "pièce\n")
    return made, env


def test_every_file_0600_every_folder_0700_whatever_the_umask(tmp_path: Path) -> None:
    made, env = _session(tmp_path)
    inputs, out = tmp_path / "inputs", made / "out"
    pw = ["--passphrase-file", str(inputs / "pw.txt")]
    _scelle(env, "id", "new", "--name", "Lt Bob Durand", "-o", made / "bob.id", *pw)
    _scelle(env, "id", "card", *pw, "-o", made / "bob.card.json", made / "bob.id")
    info = _scelle(env, "vault", "init", made / "vault", "--factor", "totp", *pw,
                   "--name", "Me Claire Dubois", *FAST_KDF, "--json").json()
    code = pyotp.parse_uri(str(info["otpauth_uri"])).now()
    commands = write(inputs / "cmds.txt", "\n".join([
        f"contacts import {made / 'bob.card.json'}",
        f"import {inputs / 'acte.txt'}",
        f"import --case Dossier {inputs / 'dossier'}",
        f"seal --to 1 --allow-unverified --subject Affaire -o {out / 'pli.scelle'} 1 2",
        f"export 1 -o {out / 'acte-exporte.txt'}",
        f"identity -o {made / 'claire.card.json'}",
        "check",
    ]) + "\n")
    _scelle(env, "--vault", made / "vault", *pw, "--totp", code, "batch", commands)
    _scelle(env, "open", "--identity", made / "bob.id", *pw, "--from", made / "claire.card.json",
            "-o", out / "ouvert", out / "pli.scelle")
    _scelle(env, "age", "keygen", "-o", made / "age.key")
    public = next(line.split(": ", 1)[1] for line in (made / "age.key").read_text().splitlines()
                  if line.startswith("# public key: "))
    _scelle(env, "age", "encrypt", "-r", public, "-o", out / "acte.age",
            inputs / "acte.txt")
    _scelle(env, "age", "decrypt", "-i", made / "age.key", "-o", out / "acte.dec",
            out / "acte.age")

    modes = _made(made)
    assert {"vault/vault.json", "out/pli.scelle", "out/acte-exporte.txt", "out/ouvert",
            "bob.id", "age.key", "out/acte.dec"} <= set(modes)
    assert any(name.startswith("run/scelle/") for name in modes)  # the TOTP gate's lock
    wrong = {name: oct(mode) for name, mode in modes.items()
             if Path(name).name not in PUBLIC_FILES and mode != _expected(made / name)}
    assert wrong == {}


def _expected(path: Path) -> int:
    if path.is_symlink():
        return stat.S_IMODE(path.lstat().st_mode)  # a link's own bits mean nothing
    return 0o700 if path.is_dir() else 0o600
