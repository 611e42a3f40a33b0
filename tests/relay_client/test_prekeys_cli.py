"""`relay status` shows the prekey state; `relay send` says who got no forward secrecy."""

from __future__ import annotations

from pathlib import Path

from tests.relay_client.conftest import FILE_NAME, SUBJECT, Template
from tests.relay_client.test_cli import Vault, _join, _verify_contact, server  # noqa: F401
from tests.support.relay_server import RunningRelay


def test_status_and_send_tell_the_prekey_state(server: RunningRelay,  # noqa: F811
                                               templates: dict[str, Template],
                                               tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    officer = Vault(templates["officer"], tmp_path / "officer")
    _join(lawyer, server, "Barreau")
    officer_fp = _join(officer, server, "Police")
    status = officer.json("relay", "status")
    assert status["prekey"] is None and status["prekeys_held"] == 0
    contact = _verify_contact(lawyer, officer_fp)
    document = tmp_path / FILE_NAME
    document.write_bytes(b"%PDF-1.4 audition\n" * 100)
    [doc] = lawyer.json("import", document)["imported"]

    def send() -> str:
        sent = lawyer.run("relay", "send", "--to", str(contact), str(doc["id"]), "--subject",
                          SUBJECT)
        assert sent.returncode == 0 and "deposited as envelope" in sent.out, sent.err
        return sent.err

    assert "1 recipient(s) had no valid prekey" in send()  # the officer has not synced yet
    synced = officer.json("relay", "sync")
    assert len(synced["received"]) == 1 and not synced["errors"], synced
    status = officer.json("relay", "status")
    assert len(status["prekey"]) == 32 and status["prekey_published"] is True
    assert status["prekeys_held"] == 1 and status["prekeys_destroyed"] == 0
    assert status["prekey_rotates"] < status["prekey_until"]
    text = officer.run("relay", "status")
    assert f"prekey: {status['prekey']}" in text.out
    assert "no valid prekey" not in send()
    assert len(officer.json("relay", "sync")["received"]) == 1
