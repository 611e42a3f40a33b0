"""Locking a session while a sealed-file operation runs: the operation is cancelled, keeps
nothing, and the session ends closed (from another thread, or from the operation's own
progress callback, as an auto-lock timer or a screen-lock signal would)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from app.vault import SessionLockedError, VaultSession
from crypto.sealed.errors import Cancelled
from tests.vault.conftest import Template, add_document, befriend, canary_data, open_copy


def _sealed_for_bob(alice: VaultSession, bob: VaultSession, path: Path) -> None:
    at_alice, _ = befriend(alice, bob)
    doc = add_document(alice, "gros.bin", canary_data(600_000))
    alice.seal_documents([doc], [at_alice], path)


def _assert_untouched(template: Template, folder: Path) -> None:
    with open_copy(template, folder) as again:
        assert again.documents.count() == 0
        assert again.store.db.scalar("SELECT count(*) FROM seen_messages") == 0
        assert again.integrity.check().ok


def test_lock_from_the_progress_callback(alice: VaultSession, bob: VaultSession,
                                         templates: dict[str, Template], tmp_path: Path) -> None:
    path = tmp_path / "m.scelle"
    _sealed_for_bob(alice, bob, path)

    def progress(done: int, total: int) -> None:
        if done > 100_000:
            bob.lock()

    with pytest.raises(Cancelled):
        bob.receive_sealed(path, progress=progress)
    assert bob.locked and bob._store is None and bob._vault is None
    with pytest.raises(SessionLockedError):
        bob.receive_sealed(path)
    _assert_untouched(templates["bob"], tmp_path / "bob")


def test_lock_from_another_thread_waits_for_the_operation(
        alice: VaultSession, bob: VaultSession, templates: dict[str, Template],
        tmp_path: Path) -> None:
    path = tmp_path / "m.scelle"
    _sealed_for_bob(alice, bob, path)
    started, proceed = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def progress(done: int, total: int) -> None:
        if not started.is_set():
            started.set()
            proceed.wait()

    def receive() -> None:
        try:
            bob.receive_sealed(path, progress=progress)
        except BaseException as exc:  # noqa: BLE001 - checked below
            errors.append(exc)

    worker = threading.Thread(target=receive)
    worker.start()
    started.wait()
    locker = threading.Thread(target=bob.lock)
    locker.start()
    while not bob.locked:  # the lock request is registered (lock() now waits for the worker)
        time.sleep(0.001)
    proceed.set()  # the receive carries on, sees the lock request at its next chunk
    locker.join()
    worker.join()
    assert len(errors) == 1 and isinstance(errors[0], Cancelled)
    assert bob._store is None and bob._vault is None
    _assert_untouched(templates["bob"], tmp_path / "bob")


def test_session_as_context_manager(templates: dict[str, Template], tmp_path: Path) -> None:
    with open_copy(templates["alice"], tmp_path / "v") as session:
        vault = session._require_vault()
        assert not session.locked
    assert session.locked and vault.is_wiped
