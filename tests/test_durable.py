"""crypto/durable.py: the one durable-write recipe (new file, fsync, naming, folder fsync).

Every test runs twice: with unnamed files (O_TMPFILE, what Linux file systems give) and with
named staging files (what FAT, network file systems, macOS and Windows get).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

import crypto.durable as durable
from crypto.durable import move_no_replace, new_file, sync_folder, write_file


@pytest.fixture(autouse=True, params=["unnamed", "named"])
def staging(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
            tmp_path_factory: pytest.TempPathFactory) -> str:
    runtime = tmp_path_factory.mktemp("runtime")
    runtime.chmod(0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    if request.param == "named":
        monkeypatch.setattr(durable, "_UNNAMED", 0)
    return str(request.param)


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


def test_replace_variant_replaces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  staging: str) -> None:
    target = tmp_path / "vault.json"
    target.write_bytes(b"old header")
    calls = _Syscalls(monkeypatch)
    write_file(target, b"new header", replace=True)
    assert target.read_bytes() == b"new header"
    # An unnamed file tries its final name, taken, so it is linked to a staging name first:
    # rename() is what replaces atomically.
    named = ["fsync file", "replace", "fsync folder"]
    assert calls.events == (named if staging == "named"
                            else ["fsync file", "link", "link", *named[1:]])
    assert os.listdir(tmp_path) == ["vault.json"]


def test_replacing_a_missing_target_needs_no_staging_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staging: str) -> None:
    calls = _Syscalls(monkeypatch)
    write_file(tmp_path / "vault.json", b"first header", replace=True)
    assert (tmp_path / "vault.json").read_bytes() == b"first header"
    expected = ["fsync file", "link", "fsync folder"]
    assert calls.events == (expected if staging == "unnamed"
                            else ["fsync file", "replace", "fsync folder"])
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


def test_temporary_names_reveal_nothing(tmp_path: Path, staging: str) -> None:
    seen: list[str] = []
    with new_file(tmp_path / "Dupont divorce.pdf") as out:
        out.write(b"x")
        seen = os.listdir(tmp_path)
    if staging == "unnamed":
        assert seen == []  # no name at all until it is complete
    else:
        assert len(seen) == 1 and "Dupont" not in seen[0]
        assert seen[0].startswith(f".scelle-staging-{os.getpid()}-")


def test_an_output_that_cannot_be_linked_is_copied(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # /proc missing or a file system refusing links: the content reaches its name all the same,
    # with the mode asked, and nothing else is left.
    def no_link(src: object, dst: object, **_options: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    data = os.urandom(3 * 1024 * 1024 + 17)
    old = os.umask(0o022)
    try:
        write_file(tmp_path / "card", data, mode=0o644)
    finally:
        os.umask(old)
    assert (tmp_path / "card").read_bytes() == data
    assert stat.S_IMODE((tmp_path / "card").stat().st_mode) == 0o644
    assert os.listdir(tmp_path) == ["card"]


def test_a_named_staging_file_is_recorded_only_while_it_exists(tmp_path: Path,
                                                               staging: str) -> None:
    runtime = Path(os.environ["XDG_RUNTIME_DIR"]) / "scelle-outputs"
    with new_file(tmp_path / "out.bin") as out:
        out.write(b"x")
        names = os.listdir(tmp_path)
        records = [r.read_bytes() for r in runtime.glob("*.rec")]
    if staging == "unnamed":
        assert names == [] and records == []  # nothing has a name: nothing to record
    else:
        assert records == [str(tmp_path / names[0]).encode() + b"\0"]
    assert os.listdir(tmp_path) == ["out.bin"]
    assert list(runtime.glob("*.rec")) == []


def test_a_killed_writer_leaves_no_name_or_a_swept_one(tmp_path: Path, staging: str) -> None:
    """A real process killed by SIGKILL in the middle of an output."""
    import signal
    import subprocess
    import sys

    from crypto.leftovers import sweep

    code = ("import os, sys, crypto.durable as d\n"
            f"d._UNNAMED = {'0' if staging == 'named' else 'd._UNNAMED'}\n"
            "with d.new_file(d.Path(sys.argv[1])) as out:\n"
            "    out.write(b'CANARY-plaintext' * 4096)\n"
            "    print('writing', flush=True)\n"
            "    sys.stdin.read()\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(tmp_path / "secret.pdf")],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"writing\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    left = os.listdir(tmp_path)
    if staging == "unnamed":
        assert left == []  # the kernel freed the unnamed file with the process
    else:
        assert len(left) == 1 and left[0].startswith(f".scelle-staging-{child.pid}-")
        assert sweep() == 1  # the next run of any command
    assert os.listdir(tmp_path) == []


def test_create_private_never_opens_an_existing_name(tmp_path: Path) -> None:
    existing = tmp_path / "someone's"
    existing.write_bytes(b"theirs")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "elsewhere")
    for path in (existing, link):
        with pytest.raises(FileExistsError):
            durable.create_private(path)
    assert existing.read_bytes() == b"theirs" and not (tmp_path / "elsewhere").exists()


def test_a_stop_just_after_the_staging_file_is_created_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C or SIGTERM raised once the exclusive create has returned, before the caller holds
    # the descriptor (seen in CI: a plaintext .part left beside the target after SIGTERM).
    from crypto import leftovers
    real = durable.create_private

    def created_then_stopped(path: Path, mode: int = durable.PRIVATE_MODE) -> int:
        os.close(real(path, mode))
        raise KeyboardInterrupt

    monkeypatch.setattr(durable, "_UNNAMED", 0)  # only named staging files have this window
    monkeypatch.setattr(durable, "create_private", created_then_stopped)
    with pytest.raises(KeyboardInterrupt):
        durable.PendingFile.create(tmp_path)
    assert list(tmp_path.iterdir()) == []
    assert leftovers.discard_own() == 0
    record = leftovers.record_folder(create=False)
    assert record is None or list(record.iterdir()) == []
