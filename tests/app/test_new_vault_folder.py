""""Is this folder free for a new vault": the one rule (app/vault/create.py) that the command
line, the wizard and create_vault itself apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.unlock import TotpSetup, VaultExistsError
from app.vault import FolderProblem, VaultFolderError, check_new_vault_folder, create_vault
from crypto.factors.base import FactorError
from tests.vault_keys.conftest import FAST_KDF, FakeFactor

STRONG = "une phrase de passe assez longue pour le coffre, é"


def _listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def _problem(folder: Path, **options: bool) -> FolderProblem:
    with pytest.raises(VaultFolderError) as refused:
        check_new_vault_folder(folder, **options)
    assert str(folder) in str(refused.value)
    return refused.value.problem


def test_free_folders(tmp_path: Path) -> None:
    check_new_vault_folder(tmp_path / "new")  # missing: it will be created
    (tmp_path / "empty").mkdir()
    check_new_vault_folder(tmp_path / "empty")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    check_new_vault_folder(tmp_path / "busy")  # not empty, but no vault in it
    check_new_vault_folder(tmp_path / "a" / "b" / "c", make_parents=True)
    assert _listing(tmp_path) == ["busy", "busy/notes.txt", "empty"]  # nothing written


def test_taken_or_impossible_folders(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    assert _problem(tmp_path / "file") is FolderProblem.NOT_A_FOLDER
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "vault.json").write_text("{}")
    assert _problem(tmp_path / "vault") is FolderProblem.HOLDS_VAULT
    with pytest.raises(VaultExistsError):  # the same error the keys layer raises
        check_new_vault_folder(tmp_path / "vault")
    (tmp_path / "stray").mkdir()
    (tmp_path / "stray" / "vault.db").write_bytes(b"x")
    assert _problem(tmp_path / "stray") is FolderProblem.HOLDS_DATABASE
    assert _problem(tmp_path / "no" / "vault") is FolderProblem.NO_PARENT
    assert not (tmp_path / "no").exists()


def test_create_vault_applies_it_before_writing(tmp_path: Path) -> None:
    with pytest.raises(VaultFolderError) as refused:
        create_vault(tmp_path / "no" / "vault", STRONG, FakeFactor(), name="Me Test",
                     kdf=FAST_KDF, make_parents=False)
    assert refused.value.problem is FolderProblem.NO_PARENT
    (tmp_path / "file").write_text("x")
    with pytest.raises(VaultFolderError):
        create_vault(tmp_path / "file", STRONG, TotpSetup(), name="Me Test", kdf=FAST_KDF)
    assert _listing(tmp_path) == ["file"]


def test_a_failed_creation_removes_the_folder_it_made(tmp_path: Path) -> None:
    absent = FakeFactor(present=False)  # the token is pulled out: enrolment fails
    with pytest.raises(FactorError):
        create_vault(tmp_path / "v", STRONG, absent, name="Me Test", kdf=FAST_KDF)
    assert _listing(tmp_path) == []
    (tmp_path / "kept").mkdir()
    with pytest.raises(FactorError):
        create_vault(tmp_path / "kept", STRONG, absent, name="Me Test", kdf=FAST_KDF)
    assert _listing(tmp_path) == ["kept"]  # a folder the user made stays
