"""`scelle --vault DIR org …` with the real console script, against the real relay (SQLite):
the admin of Barreau imports the key file, invites, certifies after comparing, revokes with a
reason and reads the audit trail; a key made in a vault gives an organisation whose private
key never was on the relay machine; the refusals are one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from relay import admin
from tests.cli_vault.conftest import run_scelle
from tests.relay_client.conftest import Template
from tests.relay_client.test_cli import Vault, _join, _orgs, server  # noqa: F401 (fixture)
from tests.support.relay_server import RunningRelay


def _one_line_error(result, text: str) -> None:  # noqa: ANN001
    assert result.returncode != 0
    assert text in result.err, result.err
    # One line of error (after the recovery-code reminder these vaults always print).
    errors = [line for line in result.err.splitlines() if "reminder:" not in line]
    assert "Traceback" not in result.err and len(errors) == 1, result.err


def test_admin_from_the_command_line(server: RunningRelay,  # noqa: F811
                                     templates: dict[str, Template], tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    _join(lawyer, server, "Barreau")
    _one_line_error(lawyer.run("org", "members"), "no organisation key")
    barreau = next(o for o in _orgs(server) if o.name == "Barreau")
    imported = lawyer.run("org", "key", "import", barreau.key_path, "--organisation", "Barreau")
    assert imported.returncode == 0, imported.err
    assert "Shred the file" in imported.err
    assert barreau.key.public_key().public_bytes_raw().hex() in imported.out
    assert lawyer.json("org", "info")["linked"] == ["Police"]
    code = lawyer.json("org", "invite", "--valid-hours", "4")["code"]

    officer = Vault(templates["officer"], tmp_path / "officer")
    joined = officer.json("relay", "join", server.base_url, code, "--relay-key-id",
                          server.relay.key_id)
    fingerprint = joined["fingerprint"]
    members = {m["fingerprint"]: m for m in lawyer.json("org", "members")}
    assert members[fingerprint]["status"] == "pending"
    assert members[fingerprint]["name"] == "Olivier Officier"

    # No terminal to confirm on: nothing certified without --yes.
    _one_line_error(lawyer.run("org", "certify", fingerprint), "--yes")
    certified = lawyer.run("org", "certify", fingerprint, "--yes")
    assert certified.returncode == 0, certified.err
    grouped = " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4))
    assert grouped in certified.out and "Safety number:" in certified.out
    assert "Olivier Officier: certified" in certified.out
    assert officer.json("relay", "status")["card_certified"]

    _one_line_error(lawyer.run("org", "certify", "abcd", "--yes"), "64 hexadecimal")
    other = _join(Vault(templates["notary"], tmp_path / "notary"), server, "Police")
    _one_line_error(lawyer.run("org", "revoke", other, "--reason", "departure"),
                    "unknown_member")
    bad = lawyer.run("org", "revoke", fingerprint, "--reason", "dislike")
    assert bad.returncode == 2 and "Traceback" not in bad.err
    revoked = lawyer.json("org", "revoke", fingerprint, "--reason", "removed-from-roll")
    assert (revoked["status"], revoked["reason"]) == ("revoked", "removed-from-roll")
    trail = lawyer.json("org", "audit")
    assert trail[-1]["action"] == "member.revoked"
    assert "reason=removed-from-roll" in trail[-1]["detail"]
    text = lawyer.run("org", "members")
    assert "revoked (removed from the roll)" in text.out


def test_key_made_in_the_vault(server: RunningRelay,  # noqa: F811
                               templates: dict[str, Template], tmp_path: Path) -> None:
    notary = Vault(templates["notary"], tmp_path / "notary")
    _join(notary, server, "Police")
    public_file = tmp_path / "etude.pub"
    made = notary.run("org", "key", "create", "--organisation", "Étude Dubois",
                      "--public-key-file", public_file)
    assert made.returncode == 0, made.err
    assert "scelle-relay org create" in made.err
    public = bytes.fromhex(public_file.read_text().strip())
    admin.create_org(server.relay.db, server.now(), "test", "Étude Dubois", None,
                     public_key=public)
    assert notary.json("org", "info")["name"] == "Étude Dubois"
    keys = notary.json("org", "key", "list")
    assert [(k["organisation"], k["kind"]) for k in keys] == [("Étude Dubois", "vault")]
    again = notary.run("org", "key", "create", "--organisation", "Étude Dubois")
    _one_line_error(again, "already holds a key")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    _one_line_error(notary.run("org", "key", "import", garbage, "--organisation", "X"),
                    "not an organisation key")
    removed = notary.run("org", "key", "remove", "--organisation", "Étude Dubois")
    assert removed.returncode == 0, removed.err
    assert notary.json("org", "key", "list") == []
    _one_line_error(run_scelle("org", "members"), "--vault")
