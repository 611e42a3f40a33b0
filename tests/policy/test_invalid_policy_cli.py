"""An invalid workstation policy stops every command of the command line, as it stops the
desktop application (ui/main.py): a policy file that cannot be read is never ignored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.policy.conftest import Outcome, PolicySetter


def test_an_invalid_policy_stops_a_command_that_needs_no_vault(
        set_policy: PolicySetter, scelle: Callable[..., Outcome], tmp_path: Path) -> None:
    path = set_policy(export_alowed=False)  # misspelt: would silently impose nothing
    key = tmp_path / "key.txt"
    outcome = scelle("age", "keygen", "-o", key)
    assert outcome.code != 0
    assert "export_alowed" in outcome.err and str(path) in outcome.err
    assert "Traceback" not in outcome.err
    assert not key.exists()


def test_a_valid_policy_lets_the_same_command_run(
        set_policy: PolicySetter, scelle: Callable[..., Outcome], tmp_path: Path) -> None:
    set_policy(export_allowed=False)
    key = tmp_path / "key.txt"
    outcome = scelle("age", "keygen", "-o", key)
    assert outcome.code == 0, outcome.err
    assert key.read_text().startswith("# created:")
