"""The `scelle` command run in-process, for tests that must set what a subprocess cannot see.

The workstation policy's path is fixed by design (app/policy.py), so tests of the policy and of
pinned update keys point it at their own file and run the command line in this process.

Use it from a test area by importing the fixture into that area's conftest.py:

    from tests.support.inprocess_cli import Outcome, scelle  # noqa: F401 (fixture)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scelle.__main__ import main as scelle_main


@dataclass
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture
def scelle(capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Callable[..., Outcome]:
    """`scelle("--vault", dir, "export", …)`: the command line in-process, its exit status and
    what it printed."""
    # Hardening is tested in its own processes (tests/app/test_process_guard.py); applied here it
    # would harden the pytest worker itself, and every later child would inherit a core limit of 0.
    monkeypatch.setattr("scelle.__main__.harden_process", lambda: None)

    def run(*args: str | Path) -> Outcome:
        capsys.readouterr()
        code = scelle_main([str(a) for a in args])
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return run
