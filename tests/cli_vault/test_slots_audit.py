"""`slots` (listed without unlocking; added, removed, re-passphrased, recovery replaced) and
`audit` (listed, verified, exported)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_vault.conftest import Secrets, Vault
from tests.support.softhsm import SoftHsm


def _slots(vault: Vault) -> list[dict[str, object]]:
    listed = vault.run("slots", "--json", unlock=[]).json()  # no passphrase, no PIN needed
    assert isinstance(listed, list)
    return listed


def test_slots_listed_without_unlocking(alice: Vault) -> None:
    slots = _slots(alice)
    assert [s["kind"] for s in slots] == ["pkcs11", "recovery"]
    assert slots[0]["kdf"] == {"memory_mib": 64, "passes": 1, "lanes": 4}
    text = alice.run("slots", unlock=[])
    assert text.returncode == 0 and "pkcs11" in text.out and "recovery" in text.out


def test_add_second_token_key_then_remove_the_first(alice: Vault, softhsm: SoftHsm,
                                                    secrets: Secrets) -> None:
    second = secrets.file("second-passphrase.txt", "seconde phrase de passe pour la clé du cabinet")
    result = alice.ok("slots", "add", "--factor", "pkcs11", "--token-serial",
                      softhsm.token_serial, "--key-id", softhsm.rsa_sign.key_id.hex(),
                      "--new-pin-file", secrets.pin, "--new-passphrase-file", second,
                      "--label", "carte de secours")
    first, added = _slots(alice)[0]["id"], _slots(alice)[2]
    assert f"added slot {added['id']}" in result.out and added["label"] == "carte de secours"
    with_second = ["--passphrase-file", str(second), *alice.unlock[2:]]
    assert alice.run("ls", unlock=with_second).returncode == 0

    refused = alice.run("slots", "remove", str(_slots(alice)[1]["id"]))
    assert refused.returncode == 1 and "recovery slot cannot be removed" in refused.err
    alice.ok("slots", "remove", str(first))
    assert [s["kind"] for s in _slots(alice)] == ["recovery", "pkcs11"]
    refused = alice.run("slots", "remove", str(added["id"]), unlock=with_second)
    assert refused.returncode == 1 and "last passphrase slot" in refused.err
    wrong = alice.run("ls")  # the first passphrase's slot is gone
    assert wrong.returncode == 1 and "wrong" in wrong.err.lower()


def test_change_passphrase_and_replace_recovery(alice: Vault, secrets: Secrets) -> None:
    slot = str(_slots(alice)[0]["id"])
    new = secrets.file("new-passphrase.txt", "nouvelle phrase de passe pour le coffre du cabinet")
    alice.ok("slots", "passphrase", slot, "--new-passphrase-file", new)
    assert alice.run("ls").returncode == 1  # the old passphrase no longer opens
    with_new = ["--passphrase-file", str(new), *alice.unlock[2:]]
    result = alice.run("slots", "recovery", unlock=with_new)
    assert result.returncode == 0, result.err
    code = result.out.strip().splitlines()[-1].strip()
    old_file = secrets.file("old-recovery.txt", alice.recovery_code)
    refused = alice.run("ls", unlock=["--recovery-file", str(old_file)])
    assert refused.returncode == 1
    new_file = secrets.file("new-recovery.txt", code)
    assert alice.run("ls", unlock=["--recovery-file", str(new_file)]).returncode == 0
    unknown = alice.run("slots", "passphrase", "nope", unlock=with_new)
    assert unknown.returncode == 2 and "no slot 'nope'" in unknown.err


def test_audit_list_verify_export(alice: Vault, tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("a")
    alice.ok("import", doc)
    entries = alice.ok("audit", "--json").json()
    actions = [e["action"] for e in entries]
    assert actions[:3] == ["vault.create", "identity.create", "document.import"]
    assert all(set(e) == {"seq", "at", "actor", "action", "document_id", "case_id"}
               for e in entries)
    assert "document.import" in alice.ok("audit", "--last", "1").out
    assert alice.ok("audit", "--verify").out == f"audit log intact ({len(entries)} entries)\n"
    out = tmp_path / "audit.jsonl"
    alice.ok("audit", "--export", out)
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert lines[-1]["action"] == "audit.export" and "entry_hash" in lines[0]
    refused = alice.run("audit", "--export", out)
    assert refused.returncode == 1 and "already exists" in refused.err
