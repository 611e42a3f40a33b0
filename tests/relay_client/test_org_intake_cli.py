"""`scelle --vault DIR org intake …` with the real console script, against the real relay
(SQLite): the Barreau's admin opens an intake point for a duty group, shows the key fingerprint
and the page's address, the page serves it; adding a member to the group and revoking one
republish it on their own; withdraw; refusals are one line."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.relay_client.conftest import Template
from tests.relay_client.test_cli import Vault, _join, _orgs, server  # noqa: F401 (fixture)
from tests.relay_client.test_org_cli import _one_line_error
from tests.support.relay_server import RunningRelay

GROUP = "Accueil de l’Ordre"
NAME = "ordre-ecrire"


def test_intake_point_from_the_command_line(server: RunningRelay,  # noqa: F811
                                            templates: dict[str, Template],
                                            tmp_path: Path) -> None:
    lawyer = Vault(templates["lawyer"], tmp_path / "lawyer")
    lawyer_fp = _join(lawyer, server, "Barreau")
    other = Vault(templates["notary"], tmp_path / "notary")
    other_fp = _join(other, server, "Barreau")
    barreau = next(o for o in _orgs(server) if o.name == "Barreau")
    assert lawyer.run("org", "key", "import", barreau.key_path,
                      "--organisation", "Barreau").returncode == 0
    [created] = lawyer.json("org", "group", "create", GROUP, "--member", lawyer_fp)

    _one_line_error(lawyer.run("org", "intake", "publish", NAME, "--title", "Écrire"),
                    "--group")
    _one_line_error(lawyer.run("org", "intake", "publish", "Ordre", "--group", "Accueil",
                               "--title", "Écrire"), "3 to 64 characters")
    _one_line_error(lawyer.run("org", "intake", "publish", NAME, "--group", "Accueil",
                               "--title", "Écrire", "--max-mb", "101"), "100 MB")
    _one_line_error(lawyer.run("org", "intake", "show", NAME), "no intake point")
    published = lawyer.run("org", "intake", "publish", NAME, "--group", "Accueil", "--title",
                           "Écrire à l’Ordre", "--max-mb", "5", "--max-files", "2")
    assert published.returncode == 0, published.err
    key = barreau.key.public_key().public_bytes_raw().hex()
    grouped = " ".join(key[i:i + 4] for i in range(0, 64, 4))
    assert grouped in published.out and "version 1, open" in published.out
    assert f"{server.base_url}/depot/{NAME}#cle={key}" in published.out
    assert "Limits: 5 MB, 2 files" in published.out
    page = httpx.get(f"{server.base_url}/v1/intake/{NAME}")
    assert page.status_code == 200 and page.json()["limits"]["max_files"] == 2

    # A member added to the group is listed at once; a revoked one is taken off at once.
    added = lawyer.run("org", "group", "add", created["group_id"], other_fp)
    assert added.returncode == 0, added.err
    assert f"The intake point {NAME} was published again (version 2, 2 readers)" in added.err
    shown = lawyer.json("org", "intake", "show", NAME)
    assert shown["version"] == 2 and shown["current"] and shown["key_fingerprint"] == grouped
    assert [r["fingerprint"] for r in shown["intake"]["intake"]["recipients"]] == \
        sorted([lawyer_fp, other_fp])
    revoked = lawyer.run("org", "revoke", other_fp, "--reason", "departure")
    assert revoked.returncode == 0, revoked.err
    assert "(version 3, 1 readers)" in revoked.err and "Left out: Nadia Notaire" in revoked.err
    assert httpx.get(f"{server.base_url}/v1/intake/{NAME}").status_code == 200

    [listed] = lawyer.json("org", "intake", "list")
    assert (listed["name"], listed["version"]) == (NAME, 3)
    withdrawn = lawyer.run("org", "intake", "withdraw", NAME)
    assert withdrawn.returncode == 0 and "was withdrawn" in withdrawn.err
    assert "withdrawn" in lawyer.run("org", "intake", "list").out
    assert httpx.get(f"{server.base_url}/v1/intake/{NAME}").status_code == 404
