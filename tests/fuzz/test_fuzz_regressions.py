"""Inputs that once crashed a parser (tests/fuzz/regressions/<target>/) run through that
target's check in-process: each must now be accepted or refused with a documented error."""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGRESSIONS = Path(__file__).resolve().parent / "regressions"
CASES = sorted(p for p in REGRESSIONS.glob("*/*") if p.is_file())


def _target(name: str) -> ModuleType:
    for folder in (ROOT / "fuzz", ROOT / "fuzz" / "targets"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    module = sys.modules.get(f"fuzz_target_{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(f"fuzz_target_{name}",
                                                      ROOT / "fuzz" / "targets" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _logging_restored() -> Iterator[None]:
    """Some targets silence logging process-wide (`logging.disable`), which suits a fuzz run of
    their own; here the worker goes on to other tests that read the relay's log lines."""
    before = logging.root.manager.disable
    try:
        yield
    finally:
        logging.disable(before)


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name}" for p in CASES])
def test_former_crash_is_now_handled(case: Path) -> None:
    target = _target(case.parent.name)  # puts fuzz/ on sys.path
    import _harness

    _harness.guarded(target.check, target.ALLOWED)(case.read_bytes())
