"""Fixtures for issue 17's tests: test PKIs made by `openssl` (tests/support/tsa.py), made once
per session since each costs a few `openssl` runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.tsa import RunningTsa, TestPki, running_tsa


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "good")


@pytest.fixture(scope="session")
def other_pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "other", name="Other TSA")


@pytest.fixture(scope="session")
def expired_pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return TestPki(tmp_path_factory.mktemp("pki") / "expired", name="Old TSA", expired=True)


@pytest.fixture
def tsa(pki: TestPki) -> Iterator[RunningTsa]:
    with running_tsa(pki) as running:
        yield running
