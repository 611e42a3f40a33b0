"""Organisation administration tests: real vaults (the vault tests' templates), the real
SoftHSM2 token, and the real relay on loopback (SQLite and PostgreSQL) for the admin routes."""

from __future__ import annotations

from tests.support.softhsm import softhsm  # noqa: F401  (re-exported session fixture)
from tests.vault.conftest import alice, bob, templates  # noqa: F401  (fixtures)
