"""TLS to the relay: the system trust store by default, a certificate file, or a pinned
certificate; and a proxy from the environment (CONNECT)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.relay_client import ConnectionOptions, RelayConfigError, RelayService, RelayTlsError
from app.vault import VaultSession, create_vault
from tests.relay_client.conftest import FAST_KDF, PASSPHRASE
from tests.relay_client.tls_proxy import ConnectProxy, self_signed, tls_relay
from tests.support.relay_server import RunningRelay
from tests.vault_keys.conftest import FakeFactor


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def server(tmp_path: Path, certificate: tuple[Path, Path, str]) -> Iterator[RunningRelay]:
    cert, key, _ = certificate
    with tls_relay(tmp_path / "relay-data", cert, key) as running:
        yield running


@contextmanager
def _vault(folder: Path) -> Iterator[VaultSession]:
    new = create_vault(folder, PASSPHRASE, FakeFactor(serial=folder.name), name="Me Tls",
                       kdf=FAST_KDF)
    with new.session as session:
        yield session


def _join(session: VaultSession, server: RunningRelay, options: ConnectionOptions) -> str:
    org = server.create_org(f"Org {session.vault_dir.name}")
    service = RelayService(session, clock=server.clock.now)
    try:
        return service.join(server.base_url, server.invite(org),
                            relay_key_id=server.relay.key_id, options=options).status
    finally:
        service.close()


def test_system_trust_store_refuses_a_self_signed_relay(server: RunningRelay,
                                                        tmp_path: Path) -> None:
    with _vault(tmp_path / "v") as session:
        with pytest.raises(RelayTlsError, match="not trusted"):
            _join(session, server, ConnectionOptions())


def test_certificate_file_and_pin_are_accepted(server: RunningRelay, tmp_path: Path,
                                               certificate: tuple[Path, Path, str]) -> None:
    cert, _, pin = certificate
    with _vault(tmp_path / "a") as session:
        assert _join(session, server, ConnectionOptions(ca_file=str(cert))) == "pending"
    with _vault(tmp_path / "b") as session:
        assert _join(session, server, ConnectionOptions(pin_sha256=pin)) == "pending"
        service = RelayService(session, clock=server.clock.now)
        assert service.membership().status == "pending"  # the stored options are used again
        service.close()


def test_wrong_pin_is_refused_before_anything_is_sent(server: RunningRelay,
                                                      tmp_path: Path) -> None:
    wrong = hashlib.sha256(b"another certificate").hexdigest()
    with _vault(tmp_path / "v") as session:
        with pytest.raises(RelayTlsError):
            _join(session, server, ConnectionOptions(pin_sha256=wrong))
        assert not RelayService(session).joined()
    with _vault(tmp_path / "w") as session:
        with pytest.raises(RelayConfigError, match="64 digits"):
            _join(session, server, ConnectionOptions(pin_sha256="abc"))


def test_proxy_from_the_environment_is_used(server: RunningRelay, tmp_path: Path,
                                            certificate: tuple[Path, Path, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _, _, pin = certificate
    for proxy in ConnectProxy().serve():
        monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{proxy.port}")
        for name in ("NO_PROXY", "no_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        with _vault(tmp_path / "v") as session:
            assert _join(session, server, ConnectionOptions(pin_sha256=pin)) == "pending"
        port = server.base_url.rsplit(":", 1)[1]
        assert proxy.targets and set(proxy.targets) == {f"CONNECT 127.0.0.1:{port}"}
        proxy.targets.clear()
        with _vault(tmp_path / "x") as session:  # the environment may be ignored
            options = ConnectionOptions(pin_sha256=pin, use_env_proxy=False)
            assert _join(session, server, options) == "pending"
        assert proxy.targets == []
