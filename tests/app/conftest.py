"""Fixtures for the core's rules (tests/app): a workstation policy of the test's choosing and
the shared SoftHSM2 token.

The policy's path is fixed by design (app/policy.py): tests point `system_policy_path` at a
temporary file and clear the per-process cache, which is what the core reads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import app.policy
from tests.support.softhsm import softhsm  # noqa: F401  (re-exported fixture)


@pytest.fixture
def policy_file(monkeypatch: pytest.MonkeyPatch,
                tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """`policy_file(min_passphrase_bits=100, …)`: this computer's policy from now on."""
    path = tmp_path / "etc-scelle" / "policy.json"
    monkeypatch.setattr(app.policy, "system_policy_path", lambda: path)

    def write(**keys: Any) -> Path:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(keys), encoding="utf-8")
        app.policy.workstation_policy.cache_clear()
        return path

    app.policy.workstation_policy.cache_clear()
    yield write
    app.policy.workstation_policy.cache_clear()
