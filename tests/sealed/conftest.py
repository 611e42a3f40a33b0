"""Fixtures for the identity and sealed-file tests: a few identities made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from crypto.identity import PrivateIdentity


@pytest.fixture(scope="session")
def alice() -> PrivateIdentity:
    return PrivateIdentity.generate("Alice Martin", "Avocate", "Barreau de Lyon")


@pytest.fixture(scope="session")
def bob() -> PrivateIdentity:
    return PrivateIdentity.generate("Bob Durand", "Notaire", "Étude Durand")


@pytest.fixture(scope="session")
def carol() -> PrivateIdentity:
    return PrivateIdentity.generate("Carol Petit", "OPJ", "Commissariat central")


@pytest.fixture(scope="session")
def mallory() -> PrivateIdentity:
    return PrivateIdentity.generate("Mallory", "", "")


@pytest.fixture(scope="session")
def classic_dave() -> PrivateIdentity:
    """A peer without a post-quantum key: sealing to them falls back to X25519."""
    return PrivateIdentity.generate("Dave Classic", hybrid=False)


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    path = tmp_path / "out"
    path.mkdir()
    return path
