"""crypto/durable.py: the one durable-write recipe (temporary file, fsync, move, folder fsync)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from crypto.durable import move_no_replace, new_file, sync_folder, write_file


class _Syscalls:
    """Records the order of fsyncs and moves, forwarding to the real calls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[str] = []
        real_fsync, real_link, real_replace = os.fsync, os.link, os.replace

        def fsync(fd: int) -> None:
            kind = "folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
            self.events.append(f"fsync {kind}")
            real_fsync(fd)

        def link(src: object, dst: object, **options: object) -> None:
            self.events.append("link")
            real_link(src, dst, **options)  # type: ignore[arg-type]

        def replace(src: object, dst: object) -> None:
            self.events.append("replace")
            real_replace(src, dst)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "link", link)
        monkeypatch.setattr(os, "replace", replace)


def test_content_is_synced_before_the_move_and_the_folder_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _Syscalls(monkeypatch)
    target = tmp_path / "out.bin"
    write_file(target, b"sealed bytes")
    assert target.read_bytes() == b"sealed bytes"
    assert calls.events == ["fsync file", "link", "fsync folder"]
    assert os.listdir(tmp_path) == ["out.bin"]


def test_new_file_is_private(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_file(tmp_path / "secret", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600


def test_a_public_file_gets_the_mode_asked(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_file(tmp_path / "card", b"x", mode=0o644)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "card").stat().st_mode) == 0o644


def test_an_existing_target_is_refused_and_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"someone else's")
    with pytest.raises(FileExistsError):
        write_file(target, b"ours")
    assert target.read_bytes() == b"someone else's"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_a_target_appearing_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(FileExistsError):
        with new_file(target) as out:
            out.write(b"ours")
            target.write_bytes(b"someone else's")
    assert target.read_bytes() == b"someone else's"
    assert os.listdir(tmp_path) == ["out.bin"]


def test_a_dangling_link_counts_as_taken(tmp_path: Path) -> None:
    target = tmp_path / "link"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(FileExistsError):
        write_file(target, b"ours")
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.parametrize("failure", [ValueError("bad"), KeyboardInterrupt()])
def test_a_failing_block_leaves_nothing(tmp_path: Path, failure: BaseException) -> None:
    target = tmp_path / "out.bin"
    with pytest.raises(type(failure)):
        with new_file(target) as out:
            out.write(b"half of it")
            raise failure
    assert os.listdir(tmp_path) == []


def test_a_failing_move_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(src: object, dst: object, **_options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "link", no_space)
    with pytest.raises(OSError, match="No space"):
        write_file(tmp_path / "out.bin", b"data")
    assert os.listdir(tmp_path) == []


def test_a_failing_fsync_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="Input/output"):
        write_file(tmp_path / "out.bin", b"data")
    assert os.listdir(tmp_path) == []


def test_replace_variant_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old header")
    calls = _Syscalls(monkeypatch)
    write_file(target, b"new header", replace=True)
    assert target.read_bytes() == b"new header"
    assert calls.events == ["fsync file", "replace", "fsync folder"]
    assert os.listdir(tmp_path) == ["vault.json"]


def test_a_failing_replace_keeps_the_old_content(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old header")

    def boom(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_file(target, b"new header", replace=True)
    assert target.read_bytes() == b"old header"
    assert os.listdir(tmp_path) == ["vault.json"]


def test_without_durability_nothing_is_synced(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _Syscalls(monkeypatch)
    with new_file(tmp_path / "out.bin", durable=False) as out:
        out.write(b"data")
    assert (tmp_path / "out.bin").read_bytes() == b"data"
    assert calls.events == ["link"]


def test_buffered_writes_all_reach_the_file(tmp_path: Path) -> None:
    with new_file(tmp_path / "out.txt", buffering=-1) as out:
        for _ in range(1000):
            out.write(b"line\n")
    assert (tmp_path / "out.txt").read_bytes() == b"line\n" * 1000


def test_file_systems_without_hard_links(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(src: object, dst: object, **_options: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    write_file(tmp_path / "a", b"first")
    assert (tmp_path / "a").read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        move_no_replace(tmp_path / "a", tmp_path / "a")
    (tmp_path / "b").write_bytes(b"other")
    with pytest.raises(FileExistsError):
        move_no_replace(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_bytes() == b"other"


def test_a_link_error_that_is_not_about_links_is_raised(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(src: object, dst: object, **_options: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "link", read_only)
    (tmp_path / "src").write_bytes(b"x")
    with pytest.raises(OSError, match="Read-only"):
        move_no_replace(tmp_path / "src", tmp_path / "dst")
    assert not (tmp_path / "dst").exists()


def test_folder_sync_tolerates_file_systems_that_cannot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(fd: int) -> None:
        raise OSError(errno.EINVAL, "Invalid argument")

    monkeypatch.setattr(os, "fsync", refuse)
    sync_folder(tmp_path)  # nothing more can be done there: no error


def test_folder_sync_reports_io_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(OSError, match="Input/output"):
        sync_folder(tmp_path)


def test_temporary_names_reveal_nothing(tmp_path: Path) -> None:
    seen: list[str] = []
    with new_file(tmp_path / "Dupont divorce.pdf") as out:
        out.write(b"x")
        seen = os.listdir(tmp_path)
    assert len(seen) == 1 and "Dupont" not in seen[0] and seen[0].startswith(".scelle-")
