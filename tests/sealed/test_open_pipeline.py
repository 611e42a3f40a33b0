"""Opening a large sealed file to a folder on the pipeline's output stage (app/sealing/opener.py):
the writes and the fsyncs run on the output thread. Whatever stops it half-way leaves the
destination as it was, and no staged plaintext behind."""

from __future__ import annotations

import os
import resource
import signal
from pathlib import Path

import pytest

from app.sealing import FileReplayGuard, StorageError, open_to_directory, seal_paths
from crypto.identity import PrivateIdentity
from crypto.sealed.pipeline import BLOCK_SIZE

BIG = 2 * BLOCK_SIZE + 4321


def _sealed(tmp_path: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> dict[str, bytes]:
    contents = {"a.bin": os.urandom(BIG), "b.bin": os.urandom(BLOCK_SIZE - 3), "c.txt": b""}
    (tmp_path / "src").mkdir()
    paths = []
    for name, data in contents.items():
        (tmp_path / "src" / name).write_bytes(data)
        paths.append(tmp_path / "src" / name)
    seal_paths(alice, [bob.card], paths, tmp_path / "pli.scelle")
    return contents


def _open(tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
          **kw: object):  # type: ignore[no-untyped-def]
    guard = FileReplayGuard.for_identity(bob, tmp_path / "seen")
    return open_to_directory(tmp_path / "pli.scelle", out_dir, bob,
                             expected_sender_card=alice.card, replay_guard=guard, **kw)


def _untouched(tmp_path: Path, out_dir: Path) -> None:
    assert os.listdir(out_dir) == []
    assert not (tmp_path / "seen").exists()  # the message can still be opened
    # O_TMPFILE staging: nothing named was ever made beside the destination either.
    assert sorted(os.listdir(tmp_path)) == sorted(["src", "pli.scelle", out_dir.name])


def test_large_files_are_written_whole(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                       bob: PrivateIdentity) -> None:
    contents = _sealed(tmp_path, alice, bob)
    _open(tmp_path, out_dir, alice, bob)
    for name, data in contents.items():
        assert (out_dir / name).read_bytes() == data


def test_a_stop_half_way_leaves_the_destination_as_it_was(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    _sealed(tmp_path, alice, bob)

    def progress(done: int, _total: int) -> None:
        if done > BLOCK_SIZE + 100_000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _open(tmp_path, out_dir, alice, bob, progress=progress)
    _untouched(tmp_path, out_dir)


def test_a_failed_write_on_the_output_thread_leaves_nothing(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    _sealed(tmp_path, alice, bob)
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (BLOCK_SIZE + BLOCK_SIZE // 2, hard))
    try:
        with pytest.raises(StorageError, match=r"^Opening the sealed file failed \(File too "):
            _open(tmp_path, out_dir, alice, bob)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    _untouched(tmp_path, out_dir)
