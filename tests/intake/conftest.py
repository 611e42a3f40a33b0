"""Fixtures of the intake tests: the store's (a VMK, a vault folder) and the relay client's
(a real relay on loopback with member vaults)."""

from __future__ import annotations

from tests.relay_client.conftest import net, templates  # noqa: F401 (fixtures)
from tests.relay.conftest import backend, limits, relay  # noqa: F401 (fixtures)
from tests.store.conftest import vault_dir, vmk  # noqa: F401 (fixtures)
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
