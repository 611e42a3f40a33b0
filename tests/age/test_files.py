"""Whole-file helpers: staged output, nothing left behind on failure, progress, cancellation."""

from __future__ import annotations

import errno
import io
import os
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from crypto.age import (
    CHUNK_SIZE,
    AgeCancelled,
    ChunkAuthenticationError,
    NoIdentityMatchError,
    OutputExistsError,
    PayloadError,
    TrailingDataError,
    TruncatedPayloadError,
    X25519Identity,
    decrypt_file,
    decrypt_stream,
    encrypt_file,
    encrypt_stream,
)
from tests.age.helpers import flip_bit

PLAINTEXT = bytes(range(256)) * (3 * CHUNK_SIZE // 256) + b"last words"


@pytest.fixture(scope="module")
def identity() -> X25519Identity:
    return X25519Identity.generate()


@pytest.fixture
def sealed(tmp_path: Path, identity: X25519Identity) -> Path:
    source = tmp_path / "in" / "plain.bin"
    source.parent.mkdir()
    source.write_bytes(PLAINTEXT)
    target = tmp_path / "in" / "plain.bin.age"
    assert encrypt_file(source, target, [identity.recipient()]) == len(PLAINTEXT)
    return target


def _out_dir(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return out


def test_round_trip_and_private_mode(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    out = _out_dir(tmp_path) / "plain.bin"
    assert decrypt_file(sealed, out, [identity]) == len(PLAINTEXT)
    assert out.read_bytes() == PLAINTEXT
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    assert os.listdir(out.parent) == ["plain.bin"]


def _assert_nothing_left(folder: Path) -> None:
    assert os.listdir(folder) == []


@pytest.mark.parametrize(
    ("damage", "error"),
    [
        (lambda d: d[:-1], PayloadError),  # truncated inside the final chunk
        # the final chunk is gone
        (lambda d: d[: len(d) - len(b"last words") - 16], TruncatedPayloadError),
        (lambda d: flip_bit(d, len(d) - 5), ChunkAuthenticationError),  # last chunk altered
        (lambda d: d + b"\x00", PayloadError),  # trailing data
    ],
)
def test_damaged_file_leaves_nothing(
    tmp_path: Path, sealed: Path, identity: X25519Identity, damage, error: type[Exception]
) -> None:
    sealed.write_bytes(damage(sealed.read_bytes()))
    out_dir = _out_dir(tmp_path)
    with pytest.raises(error):
        decrypt_file(sealed, out_dir / "plain.bin", [identity])
    _assert_nothing_left(out_dir)


def test_trailing_chunk_after_full_final_chunk_leaves_nothing(
    tmp_path: Path, identity: X25519Identity
) -> None:
    source = tmp_path / "full.bin"
    source.write_bytes(bytes(2 * CHUNK_SIZE))
    target = tmp_path / "full.age"
    encrypt_file(source, target, [identity.recipient()])
    target.write_bytes(target.read_bytes() + bytes(CHUNK_SIZE + 16))
    out_dir = _out_dir(tmp_path)
    with pytest.raises(TrailingDataError):
        decrypt_file(target, out_dir / "x", [identity])
    _assert_nothing_left(out_dir)


def test_wrong_key_leaves_nothing(tmp_path: Path, sealed: Path) -> None:
    out_dir = _out_dir(tmp_path)
    with pytest.raises(NoIdentityMatchError):
        decrypt_file(sealed, out_dir / "plain.bin", [X25519Identity.generate()])
    _assert_nothing_left(out_dir)


def test_cancel_after_first_chunk_leaves_nothing(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    stop = threading.Event()
    seen: list[int] = []

    def progress(done: int) -> None:
        seen.append(done)
        stop.set()  # cancel as soon as one chunk went through

    out_dir = _out_dir(tmp_path)
    with pytest.raises(AgeCancelled):
        decrypt_file(sealed, out_dir / "plain.bin", [identity], progress=progress, cancel=stop)
    assert len(seen) == 1
    _assert_nothing_left(out_dir)


def test_cancel_callable_during_encryption_leaves_nothing(
    tmp_path: Path, identity: X25519Identity
) -> None:
    source = tmp_path / "plain.bin"
    source.write_bytes(PLAINTEXT)
    calls = iter([False, False, True])
    out_dir = _out_dir(tmp_path)
    with pytest.raises(AgeCancelled):
        encrypt_file(source, out_dir / "x.age", [identity.recipient()], cancel=lambda: next(calls))
    _assert_nothing_left(out_dir)


def test_cancel_before_start(tmp_path: Path, sealed: Path, identity: X25519Identity) -> None:
    stop = threading.Event()
    stop.set()
    out_dir = _out_dir(tmp_path)
    with pytest.raises(AgeCancelled):
        decrypt_file(sealed, out_dir / "p", [identity], cancel=stop)
    with pytest.raises(AgeCancelled):
        encrypt_file(sealed, out_dir / "p", [identity.recipient()], cancel=stop)
    _assert_nothing_left(out_dir)


def test_error_in_progress_callback_leaves_nothing(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    def progress(done: int) -> None:
        raise KeyboardInterrupt

    out_dir = _out_dir(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        decrypt_file(sealed, out_dir / "plain.bin", [identity], progress=progress)
    _assert_nothing_left(out_dir)


def test_progress_counts_input_bytes(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    source = sealed.with_suffix("")
    encrypt_seen: list[int] = []
    again = tmp_path / "again.age"
    encrypt_file(source, again, [identity.recipient()], progress=encrypt_seen.append)
    assert encrypt_seen == sorted(encrypt_seen) and encrypt_seen[-1] == len(PLAINTEXT)
    decrypt_seen: list[int] = []
    decrypt_file(sealed, _out_dir(tmp_path) / "p", [identity], progress=decrypt_seen.append)
    assert decrypt_seen == sorted(decrypt_seen) and len(decrypt_seen) == 4
    assert decrypt_seen[-1] == sealed.stat().st_size


def test_existing_output_is_kept_unless_overwrite(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    out = _out_dir(tmp_path) / "plain.bin"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputExistsError):
        decrypt_file(sealed, out, [identity])
    assert out.read_bytes() == b"keep me"
    assert os.listdir(out.parent) == ["plain.bin"]
    decrypt_file(sealed, out, [identity], overwrite=True)
    assert out.read_bytes() == PLAINTEXT


def test_failure_with_overwrite_keeps_old_file(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    sealed.write_bytes(sealed.read_bytes()[:-1])
    out = _out_dir(tmp_path) / "plain.bin"
    out.write_bytes(b"old version")
    with pytest.raises(PayloadError):
        decrypt_file(sealed, out, [identity], overwrite=True)
    assert out.read_bytes() == b"old version"
    assert os.listdir(out.parent) == ["plain.bin"]


def test_output_appearing_during_work_is_not_clobbered(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    out = _out_dir(tmp_path) / "plain.bin"

    def progress(done: int) -> None:
        if not out.exists():
            out.write_bytes(b"someone else's")

    with pytest.raises(OutputExistsError):
        decrypt_file(sealed, out, [identity], progress=progress)
    assert out.read_bytes() == b"someone else's"
    assert os.listdir(out.parent) == ["plain.bin"]


def test_file_system_without_hard_links(
    tmp_path: Path, sealed: Path, identity: X25519Identity, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_link(src: object, dst: object, **_options: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    out = _out_dir(tmp_path) / "plain.bin"
    decrypt_file(sealed, out, [identity])
    assert out.read_bytes() == PLAINTEXT
    assert os.listdir(out.parent) == ["plain.bin"]


def test_missing_input_creates_nothing(tmp_path: Path, identity: X25519Identity) -> None:
    out_dir = _out_dir(tmp_path)
    with pytest.raises(FileNotFoundError):
        encrypt_file(tmp_path / "absent", out_dir / "x.age", [identity.recipient()])
    with pytest.raises(FileNotFoundError):
        decrypt_file(tmp_path / "absent", out_dir / "x", [identity])
    _assert_nothing_left(out_dir)


def test_non_durable_mode_still_stages(
    tmp_path: Path, sealed: Path, identity: X25519Identity
) -> None:
    out = _out_dir(tmp_path) / "plain.bin"
    decrypt_file(sealed, out, [identity], durable=False)
    assert out.read_bytes() == PLAINTEXT


def test_cancelled_encrypt_stream_output_never_decrypts(identity: X25519Identity) -> None:
    out = io.BytesIO()
    calls = iter([False, True])
    with pytest.raises(AgeCancelled):
        encrypt_stream(
            io.BytesIO(PLAINTEXT), out, [identity.recipient()], cancel=lambda: next(calls)
        )
    with pytest.raises(TruncatedPayloadError):
        decrypt_stream(io.BytesIO(out.getvalue()), io.BytesIO(), [identity])


def test_stream_functions_round_trip_with_non_seekable_pipes(identity: X25519Identity) -> None:
    # A writer thread feeds the pipe, so reads come back short and unaligned.
    read_end, write_end = os.pipe()
    payload = PLAINTEXT[: CHUNK_SIZE + 3]

    def feed() -> None:
        with os.fdopen(write_end, "wb", buffering=0) as writer:
            for start in range(0, len(payload), 1000):
                writer.write(payload[start : start + 1000])

    feeder = threading.Thread(target=feed)
    feeder.start()
    sealed = io.BytesIO()
    with os.fdopen(read_end, "rb", buffering=0) as reader:
        assert encrypt_stream(reader, sealed, [identity.recipient()]) == len(payload)
    feeder.join()
    plain = io.BytesIO()
    assert decrypt_stream(io.BytesIO(sealed.getvalue()), plain, [identity]) == len(payload)
    assert plain.getvalue() == payload


class _ShortWriter(io.RawIOBase):
    """Accepts at most 1000 bytes per call, like a raw file may."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: memoryview) -> int:  # type: ignore[override]
        taken = bytes(data[:1000])
        self.data += taken
        return len(taken)


class _SilentWriter:
    """A duck-typed writer whose write() returns nothing."""

    def __init__(self) -> None:
        self.data = bytearray()

    def write(self, data: memoryview) -> None:
        self.data += data


@pytest.mark.parametrize("armor", [False, True])
def test_short_and_silent_writers_get_everything(identity: X25519Identity, armor: bool) -> None:
    for sink_type in (_ShortWriter, _SilentWriter):
        sealed: Any = sink_type()
        encrypt_stream(io.BytesIO(PLAINTEXT), sealed, [identity.recipient()], armor=armor)
        plain: Any = sink_type()
        decrypt_stream(io.BytesIO(bytes(sealed.data)), plain, [identity])
        assert plain.data == PLAINTEXT
