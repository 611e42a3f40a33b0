"""`scelle --vault DIR relay inbox|accept` with an envelope signed by other keys than a
contact's, under that contact's name: listed by the name on its signed card and flagged before
receipt, held by `relay accept`, received only with `--accept-different-key`."""

from __future__ import annotations

from pathlib import Path

from crypto.identity import PrivateIdentity
from tests.relay_client.conftest import FILE_NAME, Template
from tests.relay_client.test_cli import (  # noqa: F401 (server: fixture)
    Vault,
    _join,
    _verify_contact,
    server,
)
from tests.support.relay_server import RunningRelay


def test_held_envelope_under_a_known_name_needs_the_option(
        server: RunningRelay, templates: dict[str, Template], tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    officer = Vault(templates["officer"], tmp_path / "officer")
    _join(lawyer, server, "Barreau")
    officer_fp = _join(officer, server, "Police")
    # The officer knows another card named like the lawyer (the one they verified, say).
    namesake = tmp_path / "namesake.card.json"
    namesake.write_bytes(PrivateIdentity.generate("Me Louise Avocat", "Avocat",
                                                  "Ailleurs").card.to_bytes())
    assert officer.run("contacts", "import", namesake).returncode == 0
    contact = _verify_contact(lawyer, officer_fp)
    document = tmp_path / FILE_NAME
    document.write_bytes(b"%PDF-1.4 nouveau RIB\n" * 100)
    [doc] = lawyer.json("import", document)["imported"]
    sent = lawyer.run("relay", "send", "--to", str(contact), str(doc["id"]))
    assert sent.returncode == 0, sent.err
    envelope = sent.out.split()[-1]

    assert officer.json("relay", "sync")["held"] == [envelope]
    [row] = officer.json("relay", "inbox")
    assert (row["state"], row["sender_name"], row["sender_status"]) == (
        "held", "Me Louise Avocat", "impersonation")
    listing = officer.run("relay", "inbox")
    assert "DIFFERENT KEY UNDER A KNOWN NAME" in listing.out and "Me Louise Avocat" in listing.out

    refused = officer.run("relay", "accept", envelope)
    assert refused.returncode == 1 and "Traceback" not in refused.err
    assert "DIFFERENT KEY UNDER A KNOWN NAME" in refused.err
    assert "telephone number you" in refused.err and "still held" in refused.err
    assert officer.json("relay", "inbox")[0]["state"] == "held"

    accepted = officer.run("relay", "accept", "--accept-different-key", envelope)
    assert accepted.returncode == 0, accepted.err
    assert f"envelope {envelope}: opened" in accepted.out
    [row] = officer.json("relay", "inbox")
    assert row["state"] == "opened" and row["message"] is not None
