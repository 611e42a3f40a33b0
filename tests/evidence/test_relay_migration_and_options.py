"""Relay schema 9 copies the proofs already kept into the archive; the `serve`/`sweep` options
of issue 17 refuse what cannot work, with one line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from crypto.errors import ScelleError
from relay import evidence_options
from relay.config import RelayConfig
from relay.db import open_database
from relay.db.migrations import migrate
from tests.support.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.support.tsa import TestPki


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str | None:
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_url")


def test_migration_9_archives_the_proofs_already_kept(tmp_path: Path,
                                                      backend: str | None) -> None:
    db = open_database(RelayConfig(data_dir=tmp_path, database_url=backend))
    try:
        migrate(db, 1000)
        with db.transaction() as tx:  # back to version 8, with proofs in the envelope tables
            tx.execute("DROP TABLE proof_archive")
            tx.execute("DELETE FROM schema_migrations WHERE version = 9")
            tx.execute("INSERT INTO envelopes (id, sender, state, size, received, "
                       "availability_days, created, committed, expires, deposit_proof) VALUES "
                       "('e1', 's', 'committed', 1, 1, 1, 1, 2, 9, ?), "
                       "('e2', 's', 'uploading', 1, 0, 1, 1, NULL, 9, NULL)", (b"dep",))
            tx.execute("INSERT INTO envelope_recipients (envelope_id, recipient, "
                       "delivered_bytes, delivered, delivery_proof) VALUES "
                       "('e1', 'r1', 1, 3, ?), ('e1', 'r2', 0, NULL, NULL)", (b"del",))
            tx.execute("INSERT INTO receipts (envelope_id, recipient, event, proof, received) "
                       "VALUES ('e1', 'r1', 'opened', ?, 4)", (b"rec",))
        migrate(db, 2000)
        with db.transaction() as tx:
            rows = tx.all("SELECT envelope_id, kind, party, event, proof, token, created, "
                          "next_attempt, keep_until FROM proof_archive ORDER BY created")
        assert rows == [("e1", "deposit", "s", "", b"dep", None, 2, 2, None),
                        ("e1", "delivery", "r1", "", b"del", None, 3, 3, None),
                        ("e1", "receipt", "r1", "opened", b"rec", None, 4, 4, None)]
    finally:
        db.close()


def _args(**given: object) -> argparse.Namespace:
    values: dict[str, object] = {"tsa_url": None, "tsa_ca": None, "tsa_timeout": 2.0,
                                 "proof_retention_days": 365}
    values.update(given)
    return argparse.Namespace(**values)


def test_options_make_the_settings(pki: TestPki) -> None:
    assert evidence_options.config(argparse.Namespace()) == {}
    assert evidence_options.config(_args()) == {"proof_retention_days": 365}
    fields = evidence_options.config(_args(tsa_url="http://tsa.example/", tsa_ca=pki.root_path,
                                           proof_retention_days=3650))
    assert fields["proof_retention_days"] == 3650
    assert fields["timestamp_authority"].url == "http://tsa.example/"


@pytest.mark.parametrize(("given", "message"), [
    ({"tsa_url": "http://tsa.example/"}, "--tsa-url needs --tsa-ca"),
    ({"tsa_ca": Path("x.pem")}, "--tsa-ca needs --tsa-url"),
    ({"tsa_url": "ftp://tsa.example/", "tsa_ca": Path("x.pem")}, "must start with http"),
    ({"proof_retention_days": 0}, "between 1 and 36600"),
    ({"tsa_url": "http://t/", "tsa_ca": Path("/nonexistent.pem")}, "Cannot read"),
])
def test_bad_options_are_one_clear_line(given: dict[str, object], message: str) -> None:
    with pytest.raises(ScelleError, match=message):
        evidence_options.config(_args(**given))


def test_a_certificate_file_without_certificate_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate\n")
    with pytest.raises(ScelleError, match="holds no PEM certificate"):
        evidence_options.config(_args(tsa_url="http://t/", tsa_ca=bad))
