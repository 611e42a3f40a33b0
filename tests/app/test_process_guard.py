"""Process hardening (crypto/process.py), observed from the outside of real processes.

Each check runs in a fresh interpreter: the hardening cannot be undone (the core limit's hard
value is lowered), and the test process itself must stay as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

_HANG_GUARD_SECONDS = 120  # against a hung child, not a performance assertion
# What a process can say about itself once the entry point has run.
_REPORT = """
import ctypes
dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
core = next(l for l in open("/proc/self/limits") if l.startswith("Max core file size"))
umask = next(l for l in open("/proc/self/status") if l.startswith("Umask:"))
print(dumpable, core.split()[4], core.split()[5], umask.split()[1])
"""
_ENTRY_POINTS = {
    "scelle": "from scelle.__main__ import main",
    "scelle-relay": "from relay.cli import main",
}


def _python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, timeout=_HANG_GUARD_SECONDS)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc (Linux)")
@pytest.mark.parametrize("entry", sorted(_ENTRY_POINTS))
def test_entry_points_leave_the_process_undumpable(entry: str) -> None:
    before = _python("import os; os.umask(0o022)\n" + _REPORT)
    assert before.stdout.split()[0] == "1"  # an ordinary process is dumpable
    # `--help` exits right after the parser: the hardening must already have happened.
    code = ("import os; os.umask(0o022)\n" + _ENTRY_POINTS[entry] + "\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n" + _REPORT)
    after = _python(code)
    assert after.returncode == 0, after.stderr
    dumpable, soft, hard, umask = after.stdout.split()[-4:]
    assert (dumpable, soft, hard, umask) == ("0", "0", "0", "0077")


def _aborts(cwd: Path, setup: str) -> bool:
    """Whether a child that runs `setup`, then aborts in `cwd`, leaves a core file there."""
    code = ("import os, resource\n"
            "resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)\n"
            + setup + "\nos.abort()\n")
    crashed = _python(code, cwd=cwd)
    assert crashed.returncode != 0
    return any(p.name.startswith("core") for p in cwd.iterdir())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux core files")
def test_a_crash_leaves_no_core_file(tmp_path: Path) -> None:
    control, guarded, flag_only = (tmp_path / n for n in ("control", "guarded", "flag"))
    for folder in (control, guarded, flag_only):
        folder.mkdir()
    import resource

    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
    if hard != resource.RLIM_INFINITY:  # inherited by every child: no control is possible
        pytest.skip(f"this system does not allow core files at all (hard limit {hard})")
    raised = _python("import resource; resource.setrlimit(resource.RLIMIT_CORE, "
                     "(resource.RLIM_INFINITY,) * 2)")
    # Any other failure of the control is a failure, not a reason to skip.
    assert raised.returncode == 0, raised.stderr
    if not _aborts(control, ""):
        pytest.skip("this system writes no core file in the crashing process's folder "
                    "(core_pattern is a pipe or an absolute path)")
    # The whole hardening; then raising the limit back is refused (the hard limit is 0).
    harden = ("from crypto.process import harden_process\nharden_process()\n"
              "try:\n    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)\n"
              "except (ValueError, OSError):\n    pass\n")
    assert not _aborts(guarded, harden)
    # The "not dumpable" flag alone stops the core even with an unlimited core size (and a
    # core_pattern pipe, which ignores the size limit, is stopped by it too).
    assert not _aborts(flag_only, "from crypto.process import _not_dumpable\n"
                                  "assert _not_dumpable()")
