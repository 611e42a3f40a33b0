"""A short, deterministic run of every fuzz target (fuzz/targets/, docs/reliability.md).

Each target runs as a subprocess under atheris/libFuzzer from its seeds in git (fuzz/seeds/),
with a fixed seed and a fixed number of executions, into a scratch corpus folder (the seeds are
never written to). Any crash fails the test and shows the input that caused it. `make fuzz`
runs the same targets for minutes instead.
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUZZ = ROOT / "fuzz"
TARGETS = sorted(p.stem for p in (FUZZ / "targets").glob("*.py") if not p.stem.startswith("_"))
#: Executions per target: enough to mutate every seed several times, a few seconds each.
RUNS = {"relay_request": 600, "relay_answer": 600, "sealed_payload": 600, "sealed_file": 800}
DEFAULT_RUNS = 1500


def test_every_target_has_seeds() -> None:
    assert TARGETS, "no fuzz target found"
    for target in TARGETS:
        assert any((FUZZ / "seeds" / target).iterdir()), f"{target} has no seed in fuzz/seeds/"


@pytest.mark.parametrize("target", TARGETS)
def test_short_fuzz_run_finds_no_crash(target: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    command = [sys.executable, str(FUZZ / "targets" / f"{target}.py"), "-seed=20261205",
               f"-runs={RUNS.get(target, DEFAULT_RUNS)}", "-max_len=200000",
               "-rss_limit_mb=4096", f"-artifact_prefix={tmp_path}/", str(corpus),
               str(FUZZ / "seeds" / target)]
    # libFuzzer ends the process without Python's exit handlers: what a target makes in its
    # temporary folder (the relay target's data and keys) stays in this test's folder.
    done = subprocess.run(command, capture_output=True, text=True, errors="replace", cwd=tmp_path,
                          env={**os.environ, "TMPDIR": str(tmp_path)})
    output = done.stderr + done.stdout
    crashes = sorted(tmp_path.glob("crash-*")) + sorted(tmp_path.glob("timeout-*"))
    if done.returncode != 0 or crashes:
        inputs = [f"{c.name}: base64 {base64.b64encode(c.read_bytes()[:2000]).decode()}"
                  for c in crashes]
        exception = re.findall(r"=== Uncaught Python exception: ===\n(.*?)\n", output)
        pytest.fail(f"fuzz target {target} crashed ({exception or done.returncode}); input: "
                    f"{inputs}\n{output[-3000:]}")
    assert re.search(r"#\d+\s+DONE", output), output[-2000:]
