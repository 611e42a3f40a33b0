"""`scelle vault init` interrupted before the recovery code was confirmed: every command refuses
the vault with the way out; `vault resume-init` finishes it with a new code, `vault
discard-init` deletes it. After an unlock with the recovery code, each command reminds."""

from __future__ import annotations

import random

import pytest

from app.vault.pending_creation import mark_pending, pending_creation
from cli.common import CliInputError
from cli.vault_pending import confirm_on_terminal
from tests.cli_vault.conftest import run_scelle, write


def _interrupted(vault) -> None:
    """What a kill between creation and confirmation leaves: the marker beside the vault."""
    mark_pending(vault.dir, made_folder=True)


def test_init_without_a_terminal_finishes_once_the_code_is_printed(alice):
    assert pending_creation(alice.dir) is None


def test_commands_refuse_an_unfinished_vault_with_the_way_out(alice):
    _interrupted(alice)
    result = alice.run("ls")
    assert result.returncode != 0 and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "was not finished" in result.err and "vault resume-init" in result.err
    assert "vault discard-init" in result.err


def test_resume_init_makes_a_new_code_and_finishes(alice):
    _interrupted(alice)
    result = run_scelle(*alice.unlock, "vault", "resume-init", alice.dir)
    assert result.returncode == 0, result.err
    assert "NEW RECOVERY CODE" in result.out
    new_code = [w for w in result.out.split() if w.count("-") == 7][0]
    assert new_code != alice.recovery_code
    assert pending_creation(alice.dir) is None
    alice.ok("ls")
    old = alice.run("ls", unlock=["--recovery-file", str(write(alice.dir.parent / "old.txt",
                                                                 alice.recovery_code))])
    assert old.returncode != 0  # the never-confirmed code no longer opens the vault
    again = alice.run("ls", unlock=[
        "--recovery-file", str(write(alice.dir.parent / "new.txt", new_code))])
    assert again.returncode == 0, again.err


def test_discard_init_asks_then_deletes_only_an_unfinished_vault(alice, tmp_path):
    refused = run_scelle("vault", "discard-init", alice.dir, "--yes")
    assert refused.returncode != 0 and "nothing was deleted" in refused.err
    assert (alice.dir / "vault.json").exists()
    _interrupted(alice)
    no_terminal = run_scelle("vault", "discard-init", alice.dir)
    assert no_terminal.returncode == 2 and "--yes" in no_terminal.err
    assert (alice.dir / "vault.json").exists()
    done = run_scelle("vault", "discard-init", alice.dir, "--yes")
    assert done.returncode == 0, done.err
    assert not alice.dir.exists()


def test_reminder_after_a_recovery_unlock_until_a_new_code(alice):
    recovery = ["--recovery-file", str(write(alice.dir.parent / "code.txt",
                                             alice.recovery_code))]
    assert "reminder" not in alice.ok("ls").err
    opened = alice.run("ls", unlock=recovery)
    assert opened.returncode == 0, opened.err
    assert "opened with its recovery code" in opened.err and "slots recovery" in opened.err
    assert len([l for l in opened.err.splitlines() if "reminder" in l]) == 1
    assert "reminder" in alice.ok("ls").err  # kept in the vault until a new code is made
    alice.ok("slots", "recovery")
    assert "reminder" not in alice.ok("ls").err


def test_terminal_confirmation_names_the_wrong_group(tmp_path):
    folder = tmp_path / "v"
    folder.mkdir()
    mark_pending(folder, made_folder=False)
    code = "-".join(f"{11 * k + g:06d}" for g, k in enumerate(range(100, 108)))
    groups = code.split("-")
    rng = random.Random(4)
    asked: list[str] = []

    def wrong(prompt: str) -> str:
        asked.append(prompt)
        return "999999"

    with pytest.raises(CliInputError, match="was not confirmed"):
        confirm_on_terminal(folder, code, wrong, rng)
    assert pending_creation(folder) is not None
    assert sum("Group" in p for p in asked) == 6  # three tries of two groups

    def right(prompt: str) -> str:
        if not prompt.startswith("Group "):
            return ""
        return groups[int(prompt.split()[1]) - 1]

    confirm_on_terminal(folder, code, right, rng)
    assert pending_creation(folder) is None
