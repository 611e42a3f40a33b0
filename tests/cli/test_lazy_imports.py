"""A `scelle` process imports only the command group it runs (cli/main.py): `--version` loads
none, `seal` not the vault's, and `--help` or an unknown command still sees every command.
Checked in fresh interpreters, since what matters is what a start imports."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys

from cli import main as cli_main

GROUPS = tuple(cli_main._COMMAND_MODULES)


def _loaded_after(argv: list[str], watched: tuple[str, ...]) -> tuple[int, list[str], str]:
    """Runs cli.main.main(argv) in a fresh interpreter: exit status, which of `watched` it
    loaded, and its standard error."""
    code = (
        "import sys, cli.main\n"
        "try:\n"
        f"    status = cli.main.main({argv!r})\n"
        "except SystemExit as exc:\n"
        "    status = exc.code or 0\n"
        f"print('LOADED=' + ','.join(m for m in {watched!r} if m in sys.modules))\n"
        "sys.exit(status)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    loaded = proc.stdout.rsplit("LOADED=", 1)[-1].strip()
    return proc.returncode, [m for m in loaded.split(",") if m], proc.stderr


def test_version_loads_no_command_group_nor_package_metadata() -> None:
    status, loaded, err = _loaded_after(["--version"], (*GROUPS, "cli.common", "cli.vault_unlock",
                                                      "importlib.metadata", "fido2"))
    assert status == 0, err
    assert loaded == []


def test_seal_loads_its_group_only(tmp_path) -> None:
    missing = tmp_path / "missing.id"
    status, loaded, err = _loaded_after(
        ["seal", "--identity", str(missing), "--to", str(tmp_path / "c.json"),
         "-o", str(tmp_path / "out.scelle"), str(tmp_path / "doc.txt")],
        (*GROUPS, "fido2"))
    assert status != 0 and "Traceback" not in err
    assert loaded == ["cli.seal_cmd"]


def test_seal_loads_no_vault_token_qr_code_nor_release_format(tmp_path) -> None:
    # Each is imported where it is used (issue 16: start-up time of every process).
    watched = ("app.vault.session", "app.vault.create", "pkcs11", "cryptography.x509", "qrcode",
               "pyotp", "crypto.release_manifest", "app.updates.verify")
    status, loaded, err = _loaded_after(
        ["seal", "--identity", str(tmp_path / "missing.id"), "--to", str(tmp_path / "c.json"),
         "-o", str(tmp_path / "out.scelle"), str(tmp_path / "doc.txt")], watched)
    assert status != 0 and "Traceback" not in err
    assert loaded == []


def test_options_before_the_command_are_skipped_abbreviated_or_not(tmp_path) -> None:
    # `--pass seal` is --passphrase-file's value, not the command: the vault group must load,
    # else argparse would refuse `ls` as an unknown command.
    status, loaded, err = _loaded_after(
        ["--vault", str(tmp_path / "nowhere"), "--pass", "seal", "ls"], GROUPS)
    assert "invalid choice" not in err and "Traceback" not in err
    assert status != 0
    assert loaded == ["cli.vault_cmd"]


def test_help_and_unknown_commands_see_every_command() -> None:
    every = [c for commands in cli_main._COMMAND_MODULES.values() for c in commands]
    help_text = subprocess.run([sys.executable, "-m", "cli.main", "--help"], capture_output=True,
                               text=True, check=True, timeout=120).stdout
    assert all(command in help_text for command in every)
    proc = subprocess.run([sys.executable, "-m", "cli.main", "frobnicate"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2
    assert "invalid choice: 'frobnicate'" in proc.stderr
    assert all(f"'{command}'" in proc.stderr for command in every)


def test_the_table_names_what_each_group_registers() -> None:
    # A command missing from the table would still work, only slower (every group imported):
    # keep the table true.
    for name, commands in cli_main._COMMAND_MODULES.items():
        subparsers = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(name).register(subparsers)
        assert tuple(subparsers.choices) == commands, name


def test_uv_policies_spelt_out_match_the_fido2_factor() -> None:
    from app.key_factors import UV_POLICIES
    from crypto.factors.fido2_factor import UvPolicy

    assert UV_POLICIES == tuple(p.value for p in UvPolicy)
