"""`scelle id`: new identities, cards, safety numbers, export to age."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

from tests.cli.conftest import PASSPHRASE, People, SCELLE, listing, run_on_tty, scelle


def test_new_identities_are_private_files_with_cards(people: People) -> None:
    for person in (people.lawyer, people.officer, people.outsider):
        assert stat.S_IMODE(person.identity.stat().st_mode) == 0o600
        card = json.loads(person.card.read_text())
        assert card["version"] == 1 and card["age_recipient"].startswith("age1")
        assert card["age_pq_recipient"].startswith("age1pq1")
        assert "signing_key" in card and "AGE-SECRET-KEY" not in person.card.read_text()
    # Protected by default: the identity file is an age file, the unprotected one is JSON.
    assert people.lawyer.identity.read_bytes().startswith(b"age-encryption.org/v1\n")
    assert people.officer.identity.read_bytes().startswith(b"{")


def test_show_card_and_identity_agree(people: People) -> None:
    by_card = scelle("id", "show", people.lawyer.card)
    by_identity = scelle("id", "show", *people.lawyer.creds()[1:])
    assert by_card.returncode == 0 and by_identity.returncode == 0, by_identity.err
    assert by_card.out == by_identity.out
    assert "Name:          Maître Claire Dupont" in by_card.out
    assert "Organisation:  Barreau de Lyon" in by_card.out
    assert re.search(r"Safety number: (\d{5} ){5}\d{5}\n", by_card.out)
    data = json.loads(scelle("id", "show", "--json", people.lawyer.card).out)
    assert len(data["safety_number"]) == 30 and data["name"] == "Maître Claire Dupont"
    assert len(data["fingerprint"]) == 64


def test_pair_safety_number_is_symmetric(people: People) -> None:
    ab = json.loads(scelle("id", "show", people.lawyer.card, "--with", people.officer.card,
                           "--json").out)
    ba = json.loads(scelle("id", "show", people.officer.card, "--with", people.lawyer.card,
                           "--json").out)
    assert len(ab["pair_safety_number"]) == 60 and ab["pair_safety_number"].isdigit()
    assert ab["pair_safety_number"] == ba["pair_safety_number"]
    assert ab["qr_payload"] == ba["qr_payload"] and ab["qr_payload"].startswith("SCELLE-SN1:")
    other = json.loads(scelle("id", "show", people.lawyer.card, "--with", people.outsider.card,
                              "--json").out)
    assert other["pair_safety_number"] != ab["pair_safety_number"]
    text = scelle("id", "show", people.lawyer.card, "--with", people.officer.card, "--qr").out
    digits = ab["pair_safety_number"]
    assert " ".join(digits[i:i + 5] for i in range(0, 20, 5)) in text
    assert "█" in text or "▀" in text  # the QR code, drawn with block characters


def test_qr_needs_a_pair_and_show_rejects_other_files(people: People, tmp_path: Path) -> None:
    proc = scelle("id", "show", "--qr", people.lawyer.card)
    assert proc.returncode == 2 and "--with" in proc.err
    junk = tmp_path / "junk.json"
    junk.write_text('{"hello": 1}')
    proc = scelle("id", "show", junk)
    assert proc.returncode == 1 and "junk.json" in proc.err
    altered = tmp_path / "altered.json"
    altered.write_text(people.officer.card.read_text().replace("Lt Marc Petit", "Lt Marc Grand"))
    proc = scelle("id", "show", altered)
    assert proc.returncode == 1
    assert "altered.json" in proc.err and "self-signature" in proc.err
    proc = scelle("id", "show", tmp_path / "missing.json")
    assert proc.returncode == 1 and "missing.json" in proc.err and "not found" in proc.err


def test_new_refuses_overwrite_and_bad_options(tmp_path: Path) -> None:
    existing = tmp_path / "me.id"
    existing.write_text("keep me")
    proc = scelle("id", "new", "--name", "X", "-o", existing, "--unprotected")
    assert proc.returncode == 1 and "already exists" in proc.err
    assert existing.read_text() == "keep me"
    proc = scelle("id", "new", "--name", "X", "-o", tmp_path / "a.id", "--days", "0",
                  "--unprotected")
    assert proc.returncode == 2 and "--days" in proc.err
    pw = tmp_path / "pw"
    pw.write_text("x")
    proc = scelle("id", "new", "--name", "X", "-o", tmp_path / "b.id", "--unprotected",
                  "--passphrase-file", pw)
    assert proc.returncode == 2
    proc = scelle("id", "new", "--name", "", "-o", tmp_path / "c.id", "--unprotected")
    assert proc.returncode == 1 and "name" in proc.err
    proc = scelle("id", "new", "-o", tmp_path / "d.id", "--unprotected")
    assert proc.returncode == 2 and "--name" in proc.err
    # Protected by default: without a terminal or a passphrase file it cannot ask.
    proc = scelle("id", "new", "--name", "X", "-o", tmp_path / "e.id")
    assert proc.returncode == 2 and "no terminal" in proc.err
    assert listing(tmp_path) == {"me.id", "pw"}


def test_new_asks_the_passphrase_twice_on_the_terminal(tmp_path: Path) -> None:
    target = tmp_path / "typed.id"
    argv = [SCELLE, "id", "new", "--name", "Greffière", "-o", str(target)]
    rc, transcript = run_on_tty(argv, [PASSPHRASE, PASSPHRASE + " typo"])
    assert rc == 1 and "differ" in transcript
    assert not target.exists()
    rc, transcript = run_on_tty(argv, [PASSPHRASE, PASSPHRASE])
    assert rc == 0, transcript
    pw = tmp_path / "pw"
    pw.write_text(PASSPHRASE)
    assert scelle("id", "card", target, "--passphrase-file", pw).returncode == 0


def test_wrong_passphrase_and_bad_identity_files(people: People, tmp_path: Path) -> None:
    bad = tmp_path / "bad-pw"
    bad.write_text("not the passphrase")
    out = tmp_path / "card.json"
    proc = scelle("id", "card", people.lawyer.identity, "--passphrase-file", bad, "-o", out)
    assert proc.returncode == 1 and "passphrase is wrong" in proc.err
    proc = scelle("id", "card", people.lawyer.identity, "-o", out)  # no terminal, no file
    assert proc.returncode == 2 and "no terminal" in proc.err
    proc = scelle("id", "card", people.officer.card, "-o", out)  # a card is not an identity
    assert proc.returncode == 1 and "identity file" in proc.err
    proc = scelle("id", "card", tmp_path / "none.id")
    assert proc.returncode == 1 and "none.id" in proc.err and "not found" in proc.err
    assert listing(tmp_path) == {"bad-pw"}


def test_card_is_not_overwritten(people: People, tmp_path: Path) -> None:
    out = tmp_path / "card.json"
    assert scelle("id", "card", people.officer.identity, "-o", out).returncode == 0
    assert out.read_bytes() == people.officer.card.read_bytes()
    proc = scelle("id", "card", people.outsider.identity, "-o", out)
    assert proc.returncode == 1 and "already exists" in proc.err
    assert out.read_bytes() == people.officer.card.read_bytes()
    stdout = scelle("id", "card", people.officer.identity)
    assert stdout.stdout == people.officer.card.read_bytes()


def test_export_age(people: People, tmp_path: Path) -> None:
    out = tmp_path / "age-keys.txt"
    proc = scelle("id", "export-age", *people.lawyer.creds()[1:], "-o", out)
    assert proc.returncode == 0, proc.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    lines = out.read_text().splitlines()
    assert sum(line.startswith("AGE-SECRET-KEY-1") for line in lines) == 1
    assert sum(line.startswith("AGE-SECRET-KEY-PQ-1") for line in lines) == 1
    card = json.loads(people.lawyer.card.read_text())
    assert f"# public key: {card['age_recipient']}" in lines
    assert f"# public key: {card['age_pq_recipient']}" in lines
    proc = scelle("id", "export-age", people.officer.identity, "-o", out)
    assert proc.returncode == 1 and "already exists" in proc.err
    classic = scelle("id", "export-age", "--classic", people.officer.identity)
    assert classic.returncode == 0
    assert "AGE-SECRET-KEY-PQ-1" not in classic.out and "AGE-SECRET-KEY-1" in classic.out
