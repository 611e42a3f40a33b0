"""`scelle assureur` (the reference insurer client) and `scelle courtage statement inbox`, with
the real console script against the real relay on loopback: a machine identity's vault on a
SoftHSM2 token, unlocked unattended from files of mode 0600; exit statuses and one-line
refusals; a retried deposit sent once; the broker imports and reconciles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.brokerage import Brokerage
from tests.brokerage.relay_world import PEOPLE, exchange_templates  # noqa: F401 (fixture)
from tests.cli_vault.conftest import FAST_KDF, PASSPHRASE, Result, run_scelle
from tests.relay_client.conftest import Template, new_member
from tests.support.relay_server import RunningRelay, running_relay
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm, softhsm  # noqa: F401 (fixture)
from tests.brokerage.conftest import BROKER_IBAN, ICS, INSURER_IBAN, add_debit_contract


def _secret(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay-data") as running:
        yield running


def _insurer(folder: Path, hsm: SoftHsm, secrets: Path) -> list[str]:
    """`scelle vault init` of a machine identity; the options that unlock it unattended."""
    pw = _secret(secrets / "passphrase", PASSPHRASE)
    pin = _secret(secrets / "pin", hsm.user_pin)
    made = run_scelle("vault", "init", folder, "--factor", "pkcs11", "--pkcs11-module",
                      SOFTHSM_LIB, "--token-serial", hsm.token_serial, "--key-id",
                      hsm.rsa_decrypt.key_id.hex(), "--pin-file", pin, "--passphrase-file", pw,
                      "--name", "Dépôt des relevés", "--role", "Système — Assureur Un",
                      "--org", "Assureur Un", *FAST_KDF, "--json")
    assert made.returncode == 0, made.err
    return ["--vault", str(folder), "--passphrase-file", str(pw), "--pin-file", str(pin),
            "--pkcs11-module", SOFTHSM_LIB]


def _one_line(result: Result, status: int, text: str) -> None:
    assert result.returncode == status, (result.out, result.err)
    assert text in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_insurer_deposits_broker_imports(server: RunningRelay, softhsm: SoftHsm,  # noqa: F811
                                         exchange_templates: dict[str, Template],  # noqa: F811
                                         tmp_path: Path) -> None:
    orgs = {name: server.create_org(name) for name in ("Assureur Un", "Courtiers Associés")}
    server.link(orgs["Assureur Un"], orgs["Courtiers Associés"])
    broker = new_member(server, exchange_templates["broker"], tmp_path / "broker",
                        orgs["Courtiers Associés"], "broker")
    book = Brokerage(broker.session)
    book.portfolio.set_creditor("Cabinet Durand Courtage", BROKER_IBAN, "BNPAFRPPXXX", ICS)
    from app.brokerage.validation import InsurerInput

    book.portfolio.add_insurer(InsurerInput("AXA", PEOPLE["insurer"][2], INSURER_IBAN,
                                            "COBADEFFXXX"))
    add_debit_contract(book, 1)
    from datetime import date

    (item,) = book.schedules.make(date(2026, 1, 1), date(2026, 1, 31)).instalments
    fingerprint = broker.fingerprint
    broker.close()  # the command line opens the vault next

    unlock = _insurer(tmp_path / "insurer", softhsm, tmp_path)
    enrolled = run_scelle(*unlock, "assureur", "enrol", server.base_url,
                          server.invite(orgs["Assureur Un"]), "--relay-key",
                          server.relay.key_id, "--allow-http")
    assert enrolled.returncode == 0, enrolled.err
    insurer_fp = json.loads(run_scelle(*unlock, "relay", "status", "--json").out)["fingerprint"]

    statement = tmp_path / "bordereau.json"
    statement.write_text(json.dumps({
        "format": "scelle-courtage-statement/1", "family": "commissions", "insurer": "AXA",
        "statement": "BORD-2026-01", "issued": "2026-02-02", "currency": "EUR",
        "lines": [{"contract": "POL-1", "due_date": "2026-01-10",
                   "premium": f"{item.amount / 100:.2f}", "commission": "0.01"}]}))
    early = run_scelle(*unlock, "assureur", "deposit", statement, "--to", fingerprint)
    _one_line(early, 2, "not certified")  # recorded, not sealed: the run below finishes it
    server.certify(insurer_fp, orgs["Assureur Un"])
    first = run_scelle(*unlock, "assureur", "deposit", statement, "--to", fingerprint, "--json")
    assert first.json()["state"] == "deposited" and not first.json()["already_deposited"]
    again = run_scelle(*unlock, "assureur", "deposit", statement, "--to", fingerprint, "--json")
    assert again.json()["already_deposited"]
    assert again.json()["envelope"] == first.json()["envelope"]
    assert "BORD" not in first.err and "POL-1" not in first.out + first.err

    recovery = _secret(tmp_path / "broker-recovery", exchange_templates["broker"].recovery_code)
    as_broker = ["--vault", str(tmp_path / "broker"), "--recovery-file", str(recovery)]
    org_key = orgs["Assureur Un"].key.public_key().public_bytes_raw().hex()
    assert run_scelle(*as_broker, "courtage", "insurers", "key", "AXA", "--org-key",
                      org_key).returncode == 0
    inbox = run_scelle(*as_broker, "courtage", "statement", "inbox", "--json")
    (outcome,) = inbox.json()["outcomes"]
    assert outcome["imported"] and outcome["statement"] == "BORD-2026-01"
    assert outcome["report"]["matched"] == 1
    assert [d["what"] for d in outcome["report"]["differences"]] == ["commission"]
    status = run_scelle(*unlock, "assureur", "status", "--json").json()
    assert status[0]["statement"] == "BORD-2026-01" and "deposit" in status[0]["proofs"]


def test_unattended_refusals(softhsm: SoftHsm, tmp_path: Path) -> None:  # noqa: F811
    unlock = _insurer(tmp_path / "insurer", softhsm, tmp_path)
    statement = tmp_path / "s.json"
    statement.write_text("{}")
    (tmp_path / "passphrase").chmod(0o644)
    _one_line(run_scelle(*unlock, "assureur", "status"), 2, "mode 0644")
    (tmp_path / "passphrase").chmod(0o600)
    (tmp_path / "pin").chmod(0o640)
    _one_line(run_scelle(*unlock, "assureur", "status"), 2, "PIN file")
    (tmp_path / "pin").chmod(0o600)
    no_file = [o for o in unlock if "passphrase" not in o]
    _one_line(run_scelle(*no_file, "assureur", "status"), 2, "--passphrase-file")
    _one_line(run_scelle(*unlock, "assureur", "deposit", statement, "--to", "ab" * 32), 1,
              "statement")
