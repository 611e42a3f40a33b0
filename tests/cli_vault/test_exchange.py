"""Contacts, identity cards and sealed files between two vaults (`--vault` seal/open/verify),
and the boundary with the vault-less `seal`/`open`/`verify` of the same names."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_vault.conftest import Vault, write


def _card(vault: Vault, folder: Path, name: str) -> Path:
    path = folder / f"{name}.card.json"
    vault.ok("identity", "-o", path)
    return path


def _befriend(alice: Vault, bob: Vault, tmp_path: Path, *, verify: bool = True) -> tuple[int, int]:
    """Each imports the other's card (and verifies its safety number); returns both ids."""
    ids = []
    for me, other, name in ((alice, bob, "bob"), (bob, alice, "alice")):
        imported = me.ok("contacts", "import", "--json", _card(other, tmp_path, name)).json()
        assert imported["outcome"] == "added" and imported["state"] == "unverified"
        if verify:
            me.ok("contacts", "verify", str(imported["id"]),
                  "--safety-number", str(imported["safety_number"]))
        ids.append(int(imported["id"]))
    return ids[0], ids[1]


def test_contacts_verify_and_safety_numbers(alice: Vault, bob: Vault, tmp_path: Path) -> None:
    bob_at_alice, alice_at_bob = _befriend(alice, bob, tmp_path, verify=False)
    shown_a = alice.ok("contacts", "show", str(bob_at_alice), "--json").json()
    shown_b = bob.ok("contacts", "show", str(alice_at_bob), "--json").json()
    assert shown_a["safety_number"] == shown_b["safety_number"]
    assert len(shown_a["safety_number"]) == 60
    wrong = "1" * 60
    result = alice.run("contacts", "verify", str(bob_at_alice), "--safety-number", wrong)
    assert result.returncode == 1 and "nothing was marked" in result.err
    digits = str(shown_a["safety_number"])
    spaced = " ".join(digits[i:i + 5] for i in range(0, 60, 5))
    assert "verified" in alice.ok("contacts", "verify", str(bob_at_alice),
                                  "--safety-number", spaced).out
    listing = alice.ok("contacts", "--json").json()
    assert [(c["id"], c["state"], c["name"]) for c in listing] == [
        (bob_at_alice, "verified", "Lt Bob Durand")]
    assert "Lt Bob Durand" in alice.ok("contacts", "list").out
    result = alice.run("contacts", "import", _card(alice, tmp_path, "own"))
    assert result.returncode == 1 and "your own identity card" in result.err


def test_seal_from_one_vault_open_into_the_other(alice: Vault, bob: Vault,
                                                 tmp_path: Path) -> None:
    bob_at_alice, alice_at_bob = _befriend(alice, bob, tmp_path)
    source = write(tmp_path / "conclusions.txt", "Conclusions confidentielles\n")
    doc = alice.ok("import", "--json", source).json()["imported"][0]["id"]
    sealed = tmp_path / "pli.scelle"
    bob_fingerprint = alice.ok("contacts", "show", str(bob_at_alice), "--json").json()[
        "fingerprint"]
    result = alice.ok("seal", "--to", str(bob_fingerprint), "--subject", "Affaire 24/118",
                      "-o", sealed, str(doc))
    assert "Sealed 1 document(s)" in result.out and b"confidentielles" not in sealed.read_bytes()

    checked = bob.ok("verify", "--json", sealed).json()
    assert checked["subject"] == "Affaire 24/118"
    assert checked["sender"]["contact_id"] == alice_at_bob
    assert bob.ok("ls", "--json").json() == []  # verify wrote nothing

    got = bob.ok("open", "--case", "Reçus", "--json", sealed).json()
    assert got["sender"]["verified"] is True
    assert [d["name"] for d in got["documents"]] == ["conclusions.txt"]
    received = bob.ok("ls", "--case", "Reçus", "--json").json()
    assert [d["id"] for d in received] == [d["id"] for d in got["documents"]]
    out = tmp_path / "copie.txt"
    bob.ok("export", str(received[0]["id"]), "-o", out)
    assert out.read_bytes() == source.read_bytes()

    replay = bob.run("open", sealed)
    assert replay.returncode == 1 and "already received" in replay.err
    assert len(bob.ok("ls", "--json").json()) == 1


def test_refusals_leave_both_vaults_unchanged(alice: Vault, bob: Vault, tmp_path: Path) -> None:
    # Alice knows Bob (unverified); Bob does not know Alice.
    bob_at_alice = int(alice.ok("contacts", "import", "--json", _card(bob, tmp_path, "bob")
                                ).json()["id"])
    doc = alice.ok("import", "--json", write(tmp_path / "a.txt", "a")).json()[
        "imported"][0]["id"]
    sealed = tmp_path / "pli.scelle"
    before = alice.files()
    result = alice.run("seal", "--to", str(bob_at_alice), "-o", sealed, str(doc))
    assert result.returncode == 1 and "not been verified" in result.err
    assert not sealed.exists() and alice.files() == before
    result = alice.run("seal", "--to", "77", "-o", sealed, str(doc))
    assert result.returncode == 1 and "no contact with id 77" in result.err
    result = alice.run("seal", "--to", str(bob_at_alice), "-o", sealed, "conclusions.pdf")
    assert result.returncode == 2 and "seal takes document ids" in result.err
    assert not sealed.exists()

    alice.ok("seal", "--allow-unverified", "--to", str(bob_at_alice), "-o", sealed, str(doc))
    stranger = bob.files()
    unknown_sender = bob.run("open", sealed)
    assert unknown_sender.returncode == 1 and "not among your contacts" in unknown_sender.err
    assert bob.files() == stranger
    damaged = tmp_path / "damaged.scelle"
    data = bytearray(sealed.read_bytes())
    data[-100] ^= 1
    damaged.write_bytes(bytes(data))
    result = bob.run("open", "--accept-unverified", damaged)
    assert result.returncode == 1 and bob.files() == stranger
    got = bob.ok("open", "--accept-unverified", "--json", sealed).json()
    assert got["sender"]["verified"] is False and got["sender"]["contact_id"] is None


def test_vault_and_vaultless_options_do_not_mix(alice: Vault, tmp_path: Path) -> None:
    sealed = write(tmp_path / "x.scelle", b"age-encryption.org/v1\n")
    result = alice.run("open", "-o", tmp_path / "out", sealed)
    assert result.returncode == 2 and "takes no -o" in result.err
    result = alice.run("verify", "--identity", tmp_path / "id", sealed)
    assert result.returncode == 2 and "--identity does not apply with --vault" in result.err
    result = alice.run("open", "--from", tmp_path / "card", sealed)
    assert result.returncode == 2 and "--from does not apply with --vault" in result.err
    from tests.cli_vault.conftest import run_scelle

    result = run_scelle("open", "--case", "X", "--identity", tmp_path / "id", "-o",
                        tmp_path / "out", sealed)
    assert result.returncode == 2 and result.err == "scelle: --case needs --vault DIR\n"
    result = run_scelle("open", "--identity", tmp_path / "id", sealed)
    assert result.returncode == 2 and "missing -o DIR" in result.err


def test_identity_card_and_json(alice: Vault, tmp_path: Path) -> None:
    shown = alice.ok("identity", "--json").json()
    assert shown["name"] == "Maître Alice Martin" and len(shown["safety_number"]) == 30
    card = _card(alice, tmp_path, "alice")
    assert json.loads(card.read_text())["name"] == "Maître Alice Martin"
    result = alice.run("identity", "-o", card)
    assert result.returncode == 1 and "already exists" in result.err
