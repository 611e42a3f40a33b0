"""`scelle --vault V delegation …`, `org delegation …` and `relay send --on-behalf` with the
real console script against the real relay (SQLite)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.relay_client.test_cli import Vault, _join, _orgs, _verify_contact, server  # noqa: F401
from tests.relay_client.test_delegation import staff_templates  # noqa: F401 (fixture)
from tests.relay_client.conftest import Template
from tests.support.relay_server import RunningRelay


def _join_as_admin(vault: Vault, server: RunningRelay) -> None:  # noqa: F811
    barreau = next(o for o in _orgs(server) if o.name == "Barreau")
    joined = vault.json("relay", "join", server.base_url, server.invite(barreau, "admin"),
                        "--relay-key-id", server.relay.key_id)
    server.certify(joined["fingerprint"], barreau)
    assert vault.json("relay", "status")["status"] == "certified"
    imported = vault.run("org", "key", "import", barreau.key_path, "--organisation", "Barreau")
    assert imported.returncode == 0, imported.err


def test_delegate_certify_send_on_behalf_revoke(server: RunningRelay,  # noqa: F811
                                                templates: dict[str, Template],
                                                staff_templates: dict[str, Template],  # noqa: F811
                                                tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    officer = Vault(templates["officer"], tmp_path / "officer")
    assistant = Vault(staff_templates["assistant"], tmp_path / "assistant")
    admin = Vault(staff_templates["admin"], tmp_path / "admin")
    lawyer_fp = _join(lawyer, server, "Barreau")
    assistant_fp = _join(assistant, server, "Barreau")
    officer_fp = _join(officer, server, "Police")
    _join_as_admin(admin, server)

    bad = lawyer.run("delegation", "create", "--to", assistant_fp, "--scope", "print",
                     "--until", "2099-01-01")
    assert bad.returncode == 2 and bad.err.count("\n") == 1 and "scope" in bad.err
    past = lawyer.run("delegation", "create", "--to", assistant_fp, "--scope", "send",
                      "--until", "2001-01-01")
    assert past.returncode == 2 and "already past" in past.err
    until = (date.today() + timedelta(days=30)).isoformat()
    created = lawyer.json("delegation", "create", "--to", assistant_fp, "--scope",
                          "send,receive", "--until", until)
    assert created["state"] == "pending" and created["scope"] == ["receive", "send"]
    assert [d["id"] for d in admin.json("org", "delegation", "list")] == [created["id"]]
    certified = admin.json("org", "delegation", "certify", created["id"])
    assert certified["state"] == "active" and certified["certified_by"] == "Barreau"
    assert assistant.json("delegation", "list")["received"][0]["state"] == "active"

    contact = _verify_contact(assistant, officer_fp)
    document = tmp_path / "conclusions.txt"
    document.write_bytes(b"conclusions")
    [doc] = assistant.json("import", document)["imported"]
    sent = assistant.run("relay", "send", "--to", str(contact), str(doc["id"]),
                         "--on-behalf", lawyer_fp)
    assert sent.returncode == 0 and "deposited as envelope" in sent.out, sent.err
    synced = officer.json("relay", "sync", "--accept-unverified")
    assert len(synced["received"]) == 1, synced

    # The officer writes to the lawyer: the assistant receives too, the lawyer sees it opened.
    lawyer_contact = _verify_contact(officer, lawyer_fp)
    answer = tmp_path / "reponse.txt"
    answer.write_bytes(b"reponse")
    [reply] = officer.json("import", answer)["imported"]
    sent = officer.run("relay", "send", "--to", str(lawyer_contact), str(reply["id"]))
    assert sent.returncode == 0, sent.err
    envelope = sent.out.split()[-1]
    assert assistant.json("relay", "sync", "--accept-unverified")["received"] == [envelope]
    lawyer.json("relay", "sync", "--accept-unverified")
    opened = lawyer.json("delegation", "opened", envelope)
    assert [(o["recipient"], o["event"]) for o in opened] == [(assistant_fp, "opened")]

    revoked = lawyer.json("delegation", "revoke", created["id"])
    assert revoked["state"] == "revoked"
    again = assistant.run("relay", "send", "--to", str(contact), str(doc["id"]),
                          "--on-behalf", lawyer_fp)
    assert again.returncode == 1 and "scelle: You hold no certified" in again.err
    assert "Traceback" not in again.err
    unknown = lawyer.run("delegation", "revoke", "0" * 32)
    assert unknown.returncode == 1 and "No such delegation" in unknown.err
