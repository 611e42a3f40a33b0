"""`scelle --vault V open|verify` of a file signed by other keys than a contact's, under that
contact's name (the wire-fraud case): refused with a warning unless --accept-different-key."""

from __future__ import annotations

import io
from pathlib import Path

from crypto.identity import PrivateIdentity, parse_card
from crypto.sealed.writer import Letter, SourceFile, seal
from tests.cli_vault.conftest import Vault, run_scelle
from tests.cli_vault.test_exchange import _befriend, _card


def _forged(alice: Vault, bob: Vault, tmp_path: Path) -> Path:
    """A file for Bob, signed by new keys on a card bearing Alice's name."""
    bob_card = parse_card(_card(bob, tmp_path, "bob-card").read_bytes())
    mallory = PrivateIdentity.generate("MAÎTRE  Alice Martin", "Avocat", "Cabinet Inconnu")
    path = tmp_path / "rib.scelle"
    with path.open("wb") as out:
        seal(out, mallory, [bob_card], [SourceFile("rib.txt", 4, lambda: io.BytesIO(b"IBAN"))],
             Letter(subject="Virement du prix — nouveau RIB"))
    return path


def test_different_key_is_refused_with_a_warning_then_received_with_the_option(
        alice: Vault, bob: Vault, tmp_path: Path) -> None:
    _, alice_at_bob = _befriend(alice, bob, tmp_path)
    path = _forged(alice, bob, tmp_path)
    for command in (("open",), ("open", "--accept-unverified"), ("verify",)):
        result = bob.run(command[0], *command[1:], path)
        assert result.returncode != 0
        assert "Traceback" not in result.err
        assert "DIFFERENT KEY UNDER A KNOWN NAME" in result.err
        assert f"your contact {alice_at_bob} 'Maître Alice Martin' (verified" in result.err
        assert "telephone number you already know" in result.err
        assert "--accept-different-key" in result.err
        assert result.err.rstrip().splitlines()[-1].startswith("scelle: This sealed file is "
                                                               "signed by keys that are not")
    assert bob.ok("ls", "--json").json() == []
    received = bob.ok("open", "--accept-different-key", "--json", path)
    summary = received.json()
    assert summary["sender"]["status"] == "impersonation"
    assert summary["sender"]["verified"] is False and summary["sender"]["contact_id"] is None
    assert len(summary["documents"]) == 1
    assert "DIFFERENT KEY UNDER A KNOWN NAME" in received.err  # still announced


def test_the_option_needs_a_vault(tmp_path: Path) -> None:
    result = run_scelle("open", "--accept-different-key", tmp_path / "x.scelle")
    assert result.returncode != 0 and "--accept-different-key needs --vault DIR" in result.err
