"""Fixtures for the vault-store tests: a fresh VMK, a vault folder, an open Library."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.library import Library


@pytest.fixture
def vmk() -> bytes:
    return os.urandom(32)


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def lib(vault_dir: Path, vmk: bytes) -> Iterator[Library]:
    library = Library.create(vault_dir, vmk)
    try:
        yield library
    finally:
        library.close()
