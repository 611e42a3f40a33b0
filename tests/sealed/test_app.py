"""The sealing use cases on real files: atomic output, staging, message.json, replay guard."""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

import pytest

from app.sealing import (
    FileReplayGuard,
    InputError,
    OutputConflict,
    ReplayGuardError,
    StorageError,
    default_replay_path,
    media_type_for,
    open_to_directory,
    replay_key,
    seal_paths,
    verify_file,
)
from app.sealing.replay import MAGIC
from crypto.identity import PrivateIdentity
from crypto.sealed.errors import Cancelled, SealingRefused, SourceChanged


def make_files(folder: Path, contents: dict[str, bytes]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in contents.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_seal_then_open_to_directory(tmp_path: Path, out_dir: Path, alice: PrivateIdentity,
                                     bob: PrivateIdentity, carol: PrivateIdentity) -> None:
    contents = {"Acte de vente.pdf": os.urandom(70_000), "vide.txt": b"", "note.md": b"# ok"}
    paths = make_files(tmp_path / "src", contents)
    sealed = tmp_path / "pli.scelle"
    result = seal_paths(alice, [bob.card, carol.card], paths, sealed, subject="Vente",
                        message="Bonjour,\nci-joint.", reference="2025/17")
    assert result.path == sealed and result.size == sealed.stat().st_size and result.hybrid
    assert mode(sealed) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    guard = FileReplayGuard.for_identity(bob, tmp_path / "bob.seen")
    opened = open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                               replay_guard=guard)
    assert sorted(os.listdir(out_dir)) == sorted([*contents, "message.json"])
    for name, data in contents.items():
        assert (out_dir / name).read_bytes() == data and mode(out_dir / name) == 0o600
    assert [p.name for p in opened.files] == list(contents)
    summary = json.loads((out_dir / "message.json").read_text("utf-8"))
    assert summary == opened.summary
    assert summary["sender"] == {"name": "Alice Martin", "role": "Avocate",
                                 "organisation": "Barreau de Lyon",
                                 "fingerprint": alice.card.fingerprint_hex}
    assert (summary["subject"], summary["message"], summary["reference"]) == (
        "Vente", "Bonjour,\nci-joint.", "2025/17")
    assert summary["id"] == result.message_id and summary["files"][0] == {
        "name": "Acte de vente.pdf", "size": 70_000, "type": "application/pdf"}
    assert "signing_key" not in json.dumps(summary) and "age1" not in json.dumps(summary)
    assert guard.seen(bytes.fromhex(result.message_id))


def test_classic_option(tmp_path: Path, alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    paths = make_files(tmp_path / "src", {"a": b"x"})
    result = seal_paths(alice, [bob.card], paths, tmp_path / "a.scelle", classic=True)
    assert not result.hybrid
    assert b"-> X25519 " in (tmp_path / "a.scelle").read_bytes()[:400]


def test_seal_refuses_to_overwrite(tmp_path: Path, alice: PrivateIdentity, bob: PrivateIdentity
                                   ) -> None:
    paths = make_files(tmp_path / "src", {"a": b"x"})
    out = tmp_path / "exists.scelle"
    out.write_bytes(b"precious")
    with pytest.raises(OutputConflict):
        seal_paths(alice, [bob.card], paths, out)
    assert out.read_bytes() == b"precious"


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_failed_sealing_leaves_nothing(tmp_path: Path, alice: PrivateIdentity,
                                       bob: PrivateIdentity) -> None:
    paths = make_files(tmp_path / "src", {"big": os.urandom(300_000), "b": b"y"})
    before = listing(tmp_path)
    out = tmp_path / "x.scelle"
    with pytest.raises(Cancelled):
        seal_paths(alice, [bob.card], paths, out, cancel=lambda: True)
    with pytest.raises(InputError, match="item 3"):
        seal_paths(alice, [bob.card], [*paths, tmp_path / "missing"], out)
    with pytest.raises(InputError, match="not a regular file"):
        seal_paths(alice, [bob.card], [tmp_path / "src"], out)
    with pytest.raises(SealingRefused, match="device name"):
        seal_paths(alice, [bob.card], make_files(tmp_path / "src2", {"nul.txt": b""}), out)

    def grow(done: int, _total: int) -> None:  # the file changes while it is being read
        if done >= 65536:
            with open(paths[0], "ab") as f:
                f.write(b"more")

    with pytest.raises(SourceChanged):
        seal_paths(alice, [bob.card], paths, out, progress=grow)
    assert listing(tmp_path) == sorted([*before, "src2"])


def test_open_refuses_to_overwrite_and_writes_nothing(tmp_path: Path, out_dir: Path,
                                                      alice: PrivateIdentity,
                                                      bob: PrivateIdentity) -> None:
    paths = make_files(tmp_path / "src", {"a.txt": b"new", "b.txt": b"new"})
    sealed = tmp_path / "p.scelle"
    seal_paths(alice, [bob.card], paths, sealed)
    (out_dir / "b.txt").write_bytes(b"old")
    guard = FileReplayGuard.for_identity(bob, tmp_path / "seen")
    with pytest.raises(OutputConflict, match="already holds"):
        open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=guard)
    assert listing(out_dir) == ["b.txt"] and (out_dir / "b.txt").read_bytes() == b"old"
    assert not (tmp_path / "seen").exists()
    (out_dir / "b.txt").unlink()
    (out_dir / "message.json").write_text("{}")
    with pytest.raises(OutputConflict):
        open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=guard)
    assert listing(out_dir) == ["message.json"]


def test_a_file_named_like_the_summary_is_refused(tmp_path: Path, out_dir: Path,
                                                  alice: PrivateIdentity, bob: PrivateIdentity
                                                  ) -> None:
    paths = make_files(tmp_path / "src", {"Message.json": b"{}"})
    seal_paths(alice, [bob.card], paths, tmp_path / "p.scelle")
    with pytest.raises(OutputConflict, match="reserved"):
        open_to_directory(tmp_path / "p.scelle", out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=None)
    assert listing(out_dir) == []


def test_open_needs_an_existing_folder_and_a_readable_file(tmp_path: Path, out_dir: Path,
                                                          alice: PrivateIdentity,
                                                          bob: PrivateIdentity) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        open_to_directory(tmp_path / "none.scelle", out_dir, bob,
                          expected_sender_card=alice.card, replay_guard=None)
    assert listing(out_dir) == []
    with pytest.raises(InputError, match="destination folder"):
        open_to_directory(tmp_path / "none.scelle", tmp_path / "nope", bob,
                          expected_sender_card=alice.card, replay_guard=None)
    with pytest.raises(ValueError):
        open_to_directory(tmp_path / "none.scelle", out_dir, bob, replay_guard=None)


def test_staging_is_private_while_streaming(tmp_path: Path, out_dir: Path,
                                            alice: PrivateIdentity, bob: PrivateIdentity) -> None:
    paths = make_files(tmp_path / "src", {"a": os.urandom(200_000)})
    seal_paths(alice, [bob.card], paths, tmp_path / "p.scelle")
    seen: list[list[str]] = []
    staged: list[int] = []

    def look(_done: int, _total: int) -> None:
        # Unverified plaintext has no name in the folder (O_TMPFILE): only this process holds
        # it, through a descriptor, private to its owner.
        seen.append(listing(out_dir))
        for fd in os.listdir("/proc/self/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/self/fd/{fd}").startswith(f"{out_dir}/#"):
                    staged.append(stat.S_IMODE(os.fstat(int(fd)).st_mode))

    open_to_directory(tmp_path / "p.scelle", out_dir, bob, expected_sender_card=alice.card,
                      replay_guard=None, progress=look)
    assert seen and all(names == [] for names in seen)
    assert staged and all(m == 0o600 for m in staged)
    assert listing(out_dir) == ["a", "message.json"] and mode(out_dir / "a") == 0o600


def test_verify_file_writes_nothing_and_records_nothing(tmp_path: Path, alice: PrivateIdentity,
                                                        bob: PrivateIdentity) -> None:
    paths = make_files(tmp_path / "src", {"a": b"x"})
    sealed = tmp_path / "p.scelle"
    seal_paths(alice, [bob.card], paths, sealed, subject="S")
    before = listing(tmp_path)
    guard = FileReplayGuard.for_identity(bob, tmp_path / "seen")
    result = verify_file(sealed, bob, expected_sender_card=alice.card, replay_guard=guard)
    assert result.summary["subject"] == "S" and result.files == () and result.summary_path is None
    verify_file(sealed, bob, expected_sender_card=alice.card, replay_guard=guard)
    assert listing(tmp_path) == before


def test_replay_guard_file_holds_no_message_id(tmp_path: Path, alice: PrivateIdentity,
                                               bob: PrivateIdentity) -> None:
    path = default_replay_path(tmp_path / "bob.identity")
    assert path == tmp_path / "bob.identity.seen"
    guard = FileReplayGuard.for_identity(bob, path)
    ids = [os.urandom(16) for _ in range(3)]
    assert not guard.seen(ids[0])
    for message_id in ids:
        guard.record(message_id)
    guard.record(ids[0])  # idempotent
    data = path.read_bytes()
    assert mode(path) == 0o600 and data.startswith(MAGIC)
    assert len(data.splitlines()) == 4
    for message_id in ids:
        assert message_id.hex().encode() not in data and guard.seen(message_id)
    # Another identity's guard over the same file does not recognise the ids.
    assert not FileReplayGuard.for_identity(alice, path).seen(ids[0])
    assert replay_key(bob) != replay_key(alice) and len(replay_key(bob)) == 32


def test_replay_guard_survives_a_torn_append_and_refuses_garbage(tmp_path: Path,
                                                                 bob: PrivateIdentity) -> None:
    path = tmp_path / "seen"
    guard = FileReplayGuard.for_identity(bob, path)
    first, second = os.urandom(16), os.urandom(16)
    guard.record(first)
    with open(path, "ab") as f:
        f.write(b"0123abc")  # a crash in the middle of an append
    assert guard.seen(first) and not guard.seen(second)
    guard.record(second)
    assert guard.seen(first) and guard.seen(second)
    assert len(path.read_bytes().splitlines()) == 3
    path.write_bytes(b"scelle-se")  # the very first write was torn
    assert not guard.seen(first)
    guard.record(first)
    assert guard.seen(first)
    path.write_bytes(b"something else entirely\n")
    with pytest.raises(ReplayGuardError):
        guard.seen(first)
    with pytest.raises(ReplayGuardError):
        guard.record(first)
    assert path.read_bytes() == b"something else entirely\n"


def test_media_types() -> None:
    assert media_type_for("a.pdf") == "application/pdf"
    assert media_type_for("a.PNG") == "image/png"
    assert media_type_for("no-extension") == "application/octet-stream"


def test_storage_failures_are_clear_errors_and_leave_nothing(
        tmp_path: Path, out_dir: Path, alice: PrivateIdentity, bob: PrivateIdentity,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import app.sealing.opener as opener

    paths = make_files(tmp_path / "src", {"a": b"x", "b": b"y"})
    with pytest.raises(StorageError, match="No such file"):
        seal_paths(alice, [bob.card], paths, tmp_path / "missing-dir" / "p.scelle")
    sealed = tmp_path / "p.scelle"
    seal_paths(alice, [bob.card], paths, sealed)
    real = opener.PendingFile.create
    calls: list[Path] = []

    def disk_full_on_second_file(folder: Path) -> opener.PendingFile:
        calls.append(folder)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder))
        return real(folder)

    monkeypatch.setattr(opener.PendingFile, "create", disk_full_on_second_file)
    with pytest.raises(StorageError, match="No space left") as info:
        open_to_directory(sealed, out_dir, bob, expected_sender_card=alice.card,
                          replay_guard=None)
    assert "staging" not in str(info.value) and listing(out_dir) == []


def test_an_expiry_in_the_past_is_refused_when_sealing(tmp_path: Path, alice: PrivateIdentity,
                                                       bob: PrivateIdentity) -> None:
    from datetime import timedelta

    from crypto.sealed.codec import utc_now

    paths = make_files(tmp_path / "src", {"a": b"x"})
    with pytest.raises(SealingRefused, match="already past"):
        seal_paths(alice, [bob.card], paths, tmp_path / "p.scelle",
                   expires=utc_now() - timedelta(seconds=1))
    assert not (tmp_path / "p.scelle").exists()
