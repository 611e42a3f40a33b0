"""`export_allowed: false` and the brokerage's SEPA files: `courtage sepa debit|transfer`
and `courtage notices -o` (the print batch) write client data (names, IBANs, amounts) outside the vault, so they are refused like any
export, before the vault is unlocked and before any file is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.policy.conftest import CliVault


@pytest.mark.parametrize("command", [["sepa", "debit", "--collection", "2099-01-02"],
                                     ["sepa", "transfer", "--execution", "2099-01-02"],
                                     ["notices", "--from", "2099-01-01", "--to", "2099-01-31"],
                                     ["accounting", "--from", "2099-01-01", "--to",
                                      "2099-01-31"]])
def test_sepa_files_refused(scelle, set_policy, vault: CliVault, tmp_path: Path,
                            command: list[str]) -> None:
    policy = set_policy(export_allowed=False)
    out = tmp_path / "sepa.xml"
    # No unlock option at all: a refusal that came after unlocking would fail differently.
    outcome = scelle("--vault", vault.folder, "courtage", *command, "-o", out)
    assert outcome.code == 1
    assert outcome.err.startswith("scelle: ") and outcome.err.count("\n") == 1
    assert "export_allowed is false" in outcome.err and str(policy) in outcome.err
    assert not out.exists()
