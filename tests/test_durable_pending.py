"""crypto/durable.py `PendingFile`: unnamed files, their fallbacks, and what callers rely on.

Each test runs with unnamed files and with named staging files (the fixture of test_durable).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import crypto.durable as durable
from crypto.durable import new_file, write_file
from tests.test_durable import _Syscalls, staging  # noqa: F401  (autouse fixture)


@pytest.mark.parametrize("staging", ["unnamed"], indirect=True)  # named runs never ask for it
def test_without_unnamed_files_a_staging_name_is_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staging: str) -> None:
    # FAT, network file systems, old kernels: O_TMPFILE refused with one of these errors.
    assert durable._UNNAMED, "this test is about refusing O_TMPFILE: it must be asked for"
    real_open = os.open
    refusal = [errno.EOPNOTSUPP]

    def no_tmpfile(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if durable._UNNAMED and flags & durable._UNNAMED == durable._UNNAMED:
            raise OSError(refusal[0], os.strerror(refusal[0]))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_tmpfile)
    for code in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
        refusal[0] = code
        with new_file(tmp_path / f"out{code}") as out:
            out.write(b"x")
            assert any(n.startswith(".scelle-staging-") for n in os.listdir(tmp_path))
    refusal[0] = errno.EACCES  # not "unsupported": the folder refuses, and that is said
    with pytest.raises(PermissionError):
        write_file(tmp_path / "refused", b"x")
    assert sorted(os.listdir(tmp_path)) == sorted(
        f"out{c}" for c in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL))


def test_no_descriptor_is_left_open(tmp_path: Path) -> None:
    before = set(os.listdir("/proc/self/fd"))
    write_file(tmp_path / "a", b"x")
    write_file(tmp_path / "a", b"y", replace=True)
    with pytest.raises(ValueError):
        with new_file(tmp_path / "b") as out:
            out.write(b"z")
            raise ValueError("bad")
    with pytest.raises(FileExistsError):
        write_file(tmp_path / "a", b"z")
    assert set(os.listdir("/proc/self/fd")) == before


def test_without_proc_a_staging_name_is_used(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # No /proc mounted (some containers): an unnamed file could not be named afterwards.
    monkeypatch.setattr(durable, "_PROC_FD", str(tmp_path / "no-proc"))
    with new_file(tmp_path / "out") as out:
        out.write(b"x")
        assert [n for n in os.listdir(tmp_path) if n.startswith(".scelle-staging-")]
    assert os.listdir(tmp_path) == ["out"]


def test_a_pending_file_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What the opener of sealed files relies on: an unbuffered, durable writer, and a commit
    # that never replaces a name.
    calls = _Syscalls(monkeypatch)
    pending = durable.PendingFile.create(tmp_path)
    out = pending.writer()
    out.write(b"first")
    assert os.fstat(pending.fd).st_size == 5  # written through, not held in a buffer
    out.finish()
    assert calls.events == ["fsync file"]
    (tmp_path / "taken").write_bytes(b"theirs")
    with pytest.raises(FileExistsError):
        pending.commit(tmp_path / "taken")
    assert (tmp_path / "taken").read_bytes() == b"theirs"
    pending.commit(tmp_path / "mine")
    assert (tmp_path / "mine").read_bytes() == b"first"


def test_discarding_after_commit_touches_nothing(tmp_path: Path) -> None:
    pending = durable.PendingFile.create(tmp_path)
    pending.writer().finish()
    pending.commit(tmp_path / "done")
    other = os.open(tmp_path / "other", os.O_WRONLY | os.O_CREAT, 0o600)  # may reuse the fd
    try:
        pending.discard()
        os.write(other, b"still open")
    finally:
        os.close(other)
    assert sorted(os.listdir(tmp_path)) == ["done", "other"]


def test_a_real_link_error_is_not_retried_as_a_copy(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def broken(src: object, dst: object, **_options: object) -> None:
        attempts.append(dst)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "link", broken)
    with pytest.raises(OSError, match="Input/output"):
        write_file(tmp_path / "out", b"data")
    assert len(attempts) == 1 and os.listdir(tmp_path) == []
