"""`seal --view-only --consult-until` from one vault, received by the other: shown with its end,
refused by `export` and `seal` (exit 1, the reason named), and the option's own refusals (exit 2,
before any passphrase)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.cli_vault.conftest import Vault, run_scelle, write
from tests.cli_vault.test_exchange import _befriend


def _tomorrow() -> str:
    return (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_view_only_with_an_end_cannot_leave_the_vault(alice: Vault, bob: Vault,
                                                      tmp_path: Path) -> None:
    bob_at_alice, alice_at_bob = _befriend(alice, bob, tmp_path)
    source = write(tmp_path / "pv.txt", "Procès-verbal confidentiel\n")
    doc = alice.ok("import", "--json", source).json()["imported"][0]["id"]
    sealed = tmp_path / "pli.scelle"
    until = _tomorrow()
    alice.ok("seal", "--to", str(bob_at_alice), "--view-only", "--consult-until", until,
             "-o", sealed, str(doc))
    checked = bob.ok("verify", "--json", sealed).json()
    assert checked["view_only"] is True and checked["consult_until"] == until
    got = bob.ok("open", "--json", sealed).json()
    received = str(got["documents"][0]["id"])
    shown = bob.ok("show", received)
    assert "View-only:     yes, destroyed after" in shown.out
    assert bob.ok("show", "--json", received).json()["consult_until"] is not None

    out = tmp_path / "copie.txt"
    refused = bob.run("export", received, "-o", out)
    assert refused.returncode == 1 and "received view-only" in refused.err
    assert "Traceback" not in refused.err and not out.exists()
    to_stdout = bob.run("export", received, "-o", "-")
    assert to_stdout.returncode == 1 and to_stdout.stdout == b""
    again = bob.run("seal", "--to", str(alice_at_bob), "-o", tmp_path / "renvoi.scelle",
                    received)
    assert again.returncode == 1 and "received view-only" in again.err
    assert not (tmp_path / "renvoi.scelle").exists()


def test_the_option_is_checked_before_anything(alice: Vault, tmp_path: Path) -> None:
    out = tmp_path / "pli.scelle"
    for extra, reason in ((["--consult-until", _tomorrow()], "needs --view-only"),
                          (["--view-only", "--consult-until", "2001-01-01"], "already past"),
                          (["--view-only", "--consult-until", "mardi"], "is not a date")):
        # No unlock options: a refusal after asking for the passphrase would say so instead.
        result = alice.run("seal", "--to", "1", *extra, "-o", out, "1", unlock=[])
        assert result.returncode == 2, result.err
        assert "--consult-until" in result.err and reason in result.err
        assert "Traceback" not in result.err and not out.exists()
        relayed = alice.run("relay", "send", "--to", "1", *extra, "1", unlock=[])
        assert relayed.returncode == 2 and reason in relayed.err, relayed.err


def test_vaultless_seal_refuses_an_end_without_view_only(tmp_path: Path) -> None:
    source = write(tmp_path / "a.txt", "x\n")
    result = run_scelle("seal", "--identity", tmp_path / "none.json", "--to",
                        tmp_path / "card.json", "--consult-until", _tomorrow(), "-o",
                        tmp_path / "o.scelle", source)
    assert result.returncode == 2 and "needs --view-only" in result.err
    assert not (tmp_path / "o.scelle").exists()
