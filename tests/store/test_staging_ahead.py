"""Staging files created ahead on a helper thread (storage/staging_ahead.py)."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from storage.staging import Staging
from storage.staging_ahead import FilesAhead


def _threads() -> set[str]:
    return {t.name for t in threading.enumerate()}


def test_files_are_private_empty_distinct_and_writable(tmp_path: Path) -> None:
    with FilesAhead(tmp_path, total=5, ahead=2) as ahead:
        taken = [ahead.take() for _ in range(5)]
    paths = [p for p, _ in taken]
    assert len(set(paths)) == 5
    for path, fd in taken:
        assert path.parent == tmp_path and path.name.endswith(".part")
        info = path.stat()
        assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_size == 0
        os.write(fd, b"sealed bytes")
        os.close(fd)
        assert path.read_bytes() == b"sealed bytes"
    assert sorted(tmp_path.iterdir()) == sorted(paths)  # taken files are the caller's


def test_close_removes_what_was_not_taken_and_stops_the_thread(tmp_path: Path) -> None:
    ahead = FilesAhead(tmp_path, total=100, ahead=8)
    path, fd = ahead.take()
    ahead.close()
    os.close(fd)
    assert list(tmp_path.iterdir()) == [path]
    assert "scelle-staging-ahead" not in _threads()


def test_no_more_than_total_can_be_taken(tmp_path: Path) -> None:
    with FilesAhead(tmp_path, total=1) as ahead:
        os.close(ahead.take()[1])
        with pytest.raises(RuntimeError, match="every prepared staging file has been taken"):
            ahead.take()
    assert len(list(tmp_path.iterdir())) == 1


def test_a_creation_error_reaches_the_caller(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    with FilesAhead(gone, total=3) as ahead:
        with pytest.raises(FileNotFoundError):
            ahead.take()
        with pytest.raises(RuntimeError):
            ahead.take()  # the thread stopped at the error; nothing more will come
    assert not gone.exists()


def test_staging_new_file_uses_the_files_ahead_only_while_they_run(tmp_path: Path) -> None:
    staging = Staging(tmp_path / "staging")
    staging.ensure()
    with staging.files_ahead(3):
        with pytest.raises(RuntimeError, match="already being prepared"):
            with staging.files_ahead(3):
                pass
        path, stream = staging.new_file()
        stream.write(b"x")
        stream.close()
    assert staging.entries() == [path.name]  # the two never taken are gone
    path2, stream2 = staging.new_file()  # created on the spot again
    stream2.close()
    assert sorted(staging.entries()) == sorted([path.name, path2.name])
    assert "scelle-staging-ahead" not in _threads()
