"""Duty groups with the real console script, against the real relay (SQLite): the Barreau's admin
creates the roster with `org group`, the officer sends with `relay send --group`, the lawyer
receives and `relay take`s it, the officer sees who took it; refusals are one line."""

from __future__ import annotations

from pathlib import Path

from tests.relay_client.conftest import Template
from tests.relay_client.test_cli import Vault, _join, _orgs, server  # noqa: F401 (fixture)
from tests.relay_client.test_org_cli import _one_line_error
from tests.support.relay_server import RunningRelay

GROUP = "Permanence pénale"


def test_groups_from_the_command_line(server: RunningRelay,  # noqa: F811
                                      templates: dict[str, Template], tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    lawyer_fp = _join(lawyer, server, "Barreau")
    officer = Vault(templates["officer"], tmp_path / "officer")
    officer_fp = _join(officer, server, "Police")
    barreau = next(o for o in _orgs(server) if o.name == "Barreau")
    assert lawyer.run("org", "key", "import", barreau.key_path,
                      "--organisation", "Barreau").returncode == 0

    _one_line_error(lawyer.run("org", "group", "create", GROUP, "--member", officer_fp),
                    "not a certified member")
    [created] = lawyer.json("org", "group", "create", GROUP, "--member", lawyer_fp)
    group_id = created["group_id"]
    assert created["members"] == [{"fingerprint": lawyer_fp, "name": "Me Louise Avocat",
                                   "windows": []}]
    past = lawyer.run("org", "group", "window", group_id, lawyer_fp,
                      "--from", "2020-01-01T00:00:00Z", "--until", "2020-01-02T00:00:00Z")
    assert past.returncode == 0, past.err
    listed = lawyer.json("org", "group", "list")
    assert listed[0]["version"] == 2 and listed[0]["members"][0]["windows"] != []
    assert lawyer.run("org", "group", "window", group_id, lawyer_fp, "--always").returncode == 0
    bad_window = lawyer.run("org", "group", "window", group_id, lawyer_fp, "--from", "x")
    assert bad_window.returncode == 2 and "Traceback" not in bad_window.err
    _one_line_error(lawyer.run("org", "group", "window", group_id, lawyer_fp, "--from",
                               "tomorrow", "--until", "2030-01-01T00:00:00Z"), "UTC, like")

    [seen] = officer.json("relay", "groups")["groups"]
    assert (seen["group_id"], seen["name"], seen["on_duty"]) == (group_id, GROUP, [lawyer_fp])
    doc = tmp_path / "pv.txt"
    doc.write_text("procès-verbal")
    imported = officer.run("import", doc)
    assert imported.returncode == 0, imported.err
    doc_id = officer.json("ls")[0]["id"]
    both = officer.run("relay", "send", str(doc_id), "--to", "1", "--group", GROUP)
    assert both.returncode == 2 and "not both" in both.err
    _one_line_error(officer.run("relay", "send", str(doc_id), "--group", "astreinte"),
                    "No group of your relay directory has this name")
    sent = officer.run("relay", "send", str(doc_id), "--group", "permanence", "--subject", "GAV")
    assert sent.returncode == 0, sent.err
    assert f"to the group {GROUP}: Me Louise Avocat" in sent.out
    envelope_id = sent.out.split("deposited as envelope ")[1].split()[0]

    assert lawyer.json("relay", "sync")["received"] == [envelope_id]
    [row] = lawyer.json("relay", "inbox")
    assert row["group"]["name"] == GROUP and row["taken_by"] is None
    taken = lawyer.run("relay", "take", envelope_id)
    assert taken.returncode == 0, taken.err
    assert "(taken by you)" in lawyer.run("relay", "inbox").out
    assert lawyer.run("relay", "take", envelope_id).returncode == 0  # ours: said again
    _one_line_error(officer.run("relay", "take", envelope_id), "no such envelope")
    officer.run("relay", "sync")
    proofs = officer.json("relay", "proofs", envelope_id)
    events = [p.get("event") for p in proofs]
    assert "taken" in events, proofs
