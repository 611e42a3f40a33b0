"""A workstation policy of the test's choosing, as the core reads it.

The policy's path is fixed by design (app/policy.py): tests point `system_policy_path` at a
temporary file and clear the per-process cache that `workstation_policy()` keeps.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import app.policy

PolicySetter = Callable[..., Path]


@pytest.fixture
def set_policy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[PolicySetter]:
    """`set_policy(export_allowed=False, …)`: this computer's policy from now on (the keys as
    in the JSON file); returns the file's path, which the refusals must name. Until it is
    called, there is no file: an unmanaged computer."""
    path = tmp_path / "etc-scelle" / "policy.json"
    monkeypatch.setattr(app.policy, "system_policy_path", lambda: path)

    def set_(**keys: Any) -> Path:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(keys), encoding="utf-8")
        app.policy.workstation_policy.cache_clear()
        return path

    app.policy.workstation_policy.cache_clear()
    yield set_
    app.policy.workstation_policy.cache_clear()
