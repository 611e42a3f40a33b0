"""`scelle --vault DIR relay …` with the real console script, against the real relay (SQLite).

Vaults are opened with their recovery code (`--recovery-file`): no keyring, no token, and no
single-use TOTP code between the many invocations of one test.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_vault.conftest import Result, run_scelle
from tests.relay_client.conftest import FILE_NAME, SUBJECT, Template
from tests.support.relay_server import RunningRelay, running_relay


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningRelay]:
    with running_relay(tmp_path / "relay-data") as running:
        yield running


class Vault:
    def __init__(self, template: Template, folder: Path) -> None:
        shutil.copytree(template.folder, folder)
        self.folder = folder
        self.recovery = folder.parent / f"{folder.name}-recovery.txt"
        self.recovery.write_text(template.recovery_code + "\n")

    def run(self, *args: str | Path) -> Result:
        return run_scelle("--vault", self.folder, "--recovery-file", self.recovery, *args)

    def json(self, *args: str | Path) -> object:
        return self.run(*args, "--json").json()


def _join(vault: Vault, server: RunningRelay, org_name: str) -> str:
    org = next(o for o in _orgs(server) if o.name == org_name)
    joined = vault.json("relay", "join", server.base_url, server.invite(org),
                        "--relay-key-id", server.relay.key_id)
    assert joined["status"] == "pending" and not joined["card_certified"]
    server.certify(joined["fingerprint"], org)
    status = vault.json("relay", "status")
    assert status["status"] == "certified" and status["card_certified"], status
    return str(joined["fingerprint"])


# Keyed by the relay's data folder (a fresh tmp_path per test), not by id(server): a new
# server object can reuse the id of a collected one and would inherit its organisations.
_ORGS: dict[Path, list] = {}


def _orgs(server: RunningRelay) -> list:
    key = server.relay.config.data_dir
    if key not in _ORGS:
        barreau, police = server.create_org("Barreau"), server.create_org("Police")
        server.link(barreau, police)
        _ORGS[key] = [barreau, police]
    return _ORGS[key]


def _verify_contact(vault: Vault, fingerprint: str) -> int:
    added = vault.run("relay", "add", fingerprint)
    assert added.returncode == 0, added.err
    contact_id = int(added.out.split()[1].rstrip(":"))
    contacts = vault.json("contacts")
    number = next(c["safety_number"] for c in contacts if c["id"] == contact_id)
    verified = vault.run("contacts", "verify", str(contact_id), "--safety-number", number)
    assert verified.returncode == 0, verified.err
    return contact_id


def test_join_send_sync_receipts_and_offline_proof(server: RunningRelay,
                                                   templates: dict[str, Template],
                                                   tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    officer = Vault(templates["officer"], tmp_path / "officer")
    _join(lawyer, server, "Barreau")
    officer_fp = _join(officer, server, "Police")
    found = lawyer.json("relay", "directory", "officier")
    assert [e["fingerprint"] for e in found] == [officer_fp]
    contact = _verify_contact(lawyer, officer_fp)
    document = tmp_path / FILE_NAME
    document.write_bytes(b"%PDF-1.4 audition\n" * 5000)
    [doc] = lawyer.json("import", document)["imported"]
    sent = lawyer.run("relay", "send", "--to", str(contact), str(doc["id"]), "--subject",
                      SUBJECT, "--days", "2")
    assert sent.returncode == 0 and "deposited as envelope" in sent.out, sent.err
    envelope = sent.out.split()[-1]

    synced = officer.json("relay", "sync")
    assert synced["received"] == [envelope] and not synced["errors"], synced
    [row] = officer.json("relay", "inbox")
    assert row["state"] == "opened" and row["subject"] == SUBJECT

    assert lawyer.json("relay", "sync")["proofs_collected"] == 2
    [receipt] = lawyer.json("relay", "receipts")
    assert receipt["state"] == "opened" and receipt["recipients"][0]["state"] == "opened"
    bundle = tmp_path / "proofs.json"
    exported = lawyer.run("relay", "proofs", envelope, "-o", bundle)
    assert exported.returncode == 0, exported.err

    # Offline, no vault: only the keys inside the file.
    checked = run_scelle("relay", "proof", "verify", bundle, "--relay-key-id",
                         server.relay.key_id, "--json")
    kinds = sorted(v["kind"] for v in checked.json())
    assert kinds == ["delivery", "deposit", "receipt"]
    other = run_scelle("relay", "proof", "verify", bundle, "--relay-key-id", "0" * 64)
    assert other.returncode == 1 and "another relay key" in other.err
    value = json.loads(bundle.read_text())
    value["proofs"][0]["statement"]["size"] += 1
    bundle.write_text(json.dumps(value))
    tampered = run_scelle("relay", "proof", "verify", bundle)
    assert tampered.returncode == 1 and "does not verify" in tampered.err


def test_sync_without_relay_exits_3_and_keeps_the_outbox(server: RunningRelay,
                                                          templates: dict[str, Template],
                                                          tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    _join(lawyer, server, "Barreau")
    officer = Vault(templates["officer"], tmp_path / "officer")
    contact = _verify_contact(lawyer, _join(officer, server, "Police"))
    document = tmp_path / FILE_NAME
    document.write_bytes(b"confidential" * 1000)
    [doc] = lawyer.json("import", document)["imported"]
    proxy = {"HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}  # nothing listens there
    sent = run_scelle("--vault", lawyer.folder, "--recovery-file", lawyer.recovery, "relay",
                      "send", "--to", str(contact), str(doc["id"]), env=proxy)
    assert sent.returncode == 0 and "waiting in the outbox" in sent.out, sent.err
    offline = run_scelle("--vault", lawyer.folder, "--recovery-file", lawyer.recovery, "relay",
                         "sync", env=proxy)
    # The proxy from the environment was used (directly, the relay would have answered).
    assert offline.returncode == 3 and "cannot be reached" in offline.err
    [row] = lawyer.json("relay", "sent")
    assert row["state"] == "uploading" and row["envelope_id"] is None
    assert lawyer.json("relay", "sync")["uploaded"] != []
    [row] = lawyer.json("relay", "sent")
    assert row["state"] == "deposited"


def test_usage_errors(tmp_path: Path) -> None:
    missing = run_scelle("relay", "inbox")
    assert missing.returncode == 2 and "--vault" in missing.err
    bad = run_scelle("relay", "proof", "verify", tmp_path / "nothing.json")
    assert bad.returncode == 1 and "not found" in bad.err
