"""crypto/leftovers.py: staging files tied to their process, the record in RAM, the sweeps.

The owners are real processes: a child that has exited (dead), this test process (alive), and
this pid with another start time (a recycled pid).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crypto import leftovers


@pytest.fixture()
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _name(pid: int, start: int) -> str:
    return f"{leftovers.PREFIX}{pid}-{start}-{os.urandom(12).hex()}.part"


def _record(runtime: Path, pid: int, start: int, paths: list[Path]) -> Path:
    folder = runtime / "scelle-outputs"
    folder.mkdir(mode=0o700, exist_ok=True)
    record = folder / f"{pid}-{start}.rec"
    record.write_bytes(b"".join(str(p).encode() + b"\0" for p in paths))
    return record


def test_names_carry_the_process_and_nothing_of_the_target() -> None:
    pid, start = leftovers.process_tag()
    name = leftovers.staging_name()
    assert pid == os.getpid() and start > 0
    assert leftovers.owner_of(name) == (pid, start)
    assert leftovers.owner_of("acte.pdf") is None
    assert leftovers.owner_of(".scelle-staging-12-34-zz.part") is None


def test_liveness_by_pid_and_start_time() -> None:
    pid, start = leftovers.process_tag()
    assert leftovers.is_alive(pid, start)
    assert not leftovers.is_alive(pid, start + 1)  # this pid, recycled: not the owner
    assert not leftovers.is_alive(_dead_pid(), start)


def test_sweep_removes_what_a_dead_process_recorded(tmp_path: Path, runtime: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / _name(dead, 7)
    stale.write_bytes(b"CANARY plaintext")
    record = _record(runtime, dead, 7, [stale])
    assert leftovers.sweep() == 1
    assert not stale.exists() and not record.exists()


def test_sweep_keeps_a_live_process_files(tmp_path: Path, runtime: Path) -> None:
    pid, start = leftovers.process_tag()
    live = tmp_path / _name(pid, start)
    live.write_bytes(b"being written")
    record = _record(runtime, pid, start, [live])
    assert leftovers.sweep() == 0 and leftovers.sweep_folder(tmp_path) == 0
    assert live.exists() and record.exists()


def test_sweep_removes_only_staging_names_of_the_record_owner(tmp_path: Path,
                                                              runtime: Path) -> None:
    # A record is in the user's own RAM folder; still, what it lists is checked before removal.
    dead = _dead_pid()
    victim = tmp_path / "acte.pdf"
    victim.write_bytes(b"a user's file")
    other = tmp_path / _name(os.getpid(), leftovers.process_tag()[1])
    other.write_bytes(b"a live process's staging")
    _record(runtime, dead, 7, [victim, other, tmp_path / "gone" / _name(dead, 7)])
    assert leftovers.sweep() == 0
    assert victim.exists() and other.exists()


def test_folder_sweep_after_a_power_loss(tmp_path: Path, runtime: Path) -> None:
    # The record (RAM) is gone; the staging file is found where the next output is written.
    stale = tmp_path / _name(_dead_pid(), 9)
    stale.write_bytes(b"CANARY")
    keep = [tmp_path / "acte.pdf", tmp_path / ".scelle-staging-not-ours.part"]
    for path in keep:
        path.write_bytes(b"x")
    assert leftovers.sweep() == 0
    assert leftovers.sweep_folder(tmp_path) == 1
    assert sorted(tmp_path.iterdir()) == sorted([*keep, runtime])


def test_a_runtime_folder_others_may_enter_is_not_used(tmp_path: Path, runtime: Path) -> None:
    runtime.chmod(0o755)
    assert leftovers.record_folder(create=True) is None
    path = tmp_path / _name(*leftovers.process_tag())
    leftovers.remember(path)
    assert list(runtime.iterdir()) == []
    leftovers.forget(path)


def test_without_a_runtime_folder_nothing_is_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert leftovers.record_folder(create=True) is None
    assert leftovers.sweep() == 0
    monkeypatch.setenv("XDG_RUNTIME_DIR", "relative/path")
    assert leftovers.record_folder(create=True) is None


def test_the_record_goes_once_its_last_file_is_forgotten(tmp_path: Path,
                                                         runtime: Path) -> None:
    first, second = (tmp_path / leftovers.staging_name() for _ in range(2))
    leftovers.remember(first)
    leftovers.remember(second)
    (record,) = (runtime / "scelle-outputs").iterdir()
    assert record.name == "%d-%d.rec" % leftovers.process_tag()
    assert record.read_bytes() == f"{first}\0{second}\0".encode()
    assert oct(record.stat().st_mode & 0o777) == oct(0o600)
    leftovers.forget(first)
    assert record.exists()
    leftovers.forget(second)
    assert not record.exists()


def test_a_stop_just_after_the_record_is_written_leaves_no_record(
        tmp_path: Path, runtime: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Found under load by tests/cli/test_termination.py: Ctrl-C landing after `remember` wrote
    # the record but before it returned left the record behind a stop that was handled.
    from crypto import durable

    real = leftovers.remember

    def remember_then_stop(path: Path) -> None:
        real(path)
        raise KeyboardInterrupt

    monkeypatch.setattr(leftovers, "remember", remember_then_stop)
    with pytest.raises(KeyboardInterrupt):
        durable._create_named(tmp_path, 0o600)
    assert list((runtime / "scelle-outputs").iterdir()) == []
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


def test_a_stopping_process_removes_the_staging_files_it_still_has_on_record(
        tmp_path: Path, runtime: Path) -> None:
    # Found under load by tests/cli/test_termination.py (SIGQUIT, named staging): the stop
    # landed between a staging file's creation and its owner holding it, so nobody dropped it.
    created, never, kept_name = (tmp_path / leftovers.staging_name() for _ in range(3))
    leftovers.remember(created)
    created.write_bytes(b"plaintext being written")
    leftovers.remember(never)  # recorded, then the stop came before the file existed
    foreign = tmp_path / _name(os.getpid() + 1, 1)  # our pattern, another process's name
    foreign.write_bytes(b"x")
    leftovers.remember(foreign)
    kept_name.write_bytes(b"y")  # one of ours, but not on record (already handed over)
    assert leftovers.discard_own() == 1
    assert not created.exists() and foreign.exists() and kept_name.exists()
    assert list((runtime / "scelle-outputs").iterdir()) == []  # the record went with them
    assert leftovers.discard_own() == 0
