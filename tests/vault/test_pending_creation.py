"""A creation made for a person stays pending until its recovery code is confirmed; the next
start recognises it (even after a SIGKILL) and can resume it (fresh code) or discard it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.unlock import RecoveryCode, TotpCode, TotpSetup, WrongRecoveryCodeError
from app.vault import create_vault, describe_vault, open_vault
from app.vault.pending_creation import (
    MARKER_NAME,
    CreationPendingError,
    NoPendingCreation,
    PendingMarkerError,
    RecoveryGroupMismatch,
    confirm_recovery,
    discard_creation,
    pending_creation,
)
from app.vault.resume import resume_creation
from storage.keyring_store import KeyringStore
from storage.staging import VaultBusyError
from tests.vault.conftest import FAST_KDF, PASSPHRASE
from tests.vault_keys.conftest import FakeFactor

ROOT = Path(__file__).resolve().parents[2]


def _pending(folder: Path, factor: object = None):
    return create_vault(folder, PASSPHRASE, factor or FakeFactor(serial="P1"),
                        name="Claire Dubois", kdf=FAST_KDF, pending=True)


def _answers(code: str, *indexes: int) -> dict[int, str]:
    groups = code.split("-")
    return {i: groups[i] for i in indexes}


def test_marker_holds_no_secret_or_name_and_blocks_opening(tmp_path):
    folder = tmp_path / "coffre"
    new = _pending(folder)
    new.session.lock()
    marker = (folder / MARKER_NAME).read_text()
    assert "Claire" not in marker and PASSPHRASE not in marker
    assert new.recovery_code.split("-")[0] not in marker
    assert oct((folder / MARKER_NAME).stat().st_mode & 0o777) == "0o600"
    assert describe_vault(folder).pending
    found = pending_creation(folder)
    assert found is not None and found.resumable and found.made_folder
    with pytest.raises(CreationPendingError, match="was not finished"):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="P1"))
    with pytest.raises(CreationPendingError):
        open_vault(folder, None, RecoveryCode(new.recovery_code))


def test_confirmation_names_the_wrong_group_then_finishes(tmp_path):
    folder = tmp_path / "coffre"
    new = _pending(folder)
    groups = new.recovery_code.split("-")
    wrong = "000000" if groups[2] != "000000" else "111111"
    with pytest.raises(RecoveryGroupMismatch, match="Group 3 ") as caught:
        confirm_recovery(folder, new.recovery_code, {2: wrong, 5: groups[5]})
    assert caught.value.group == 3
    assert describe_vault(folder).pending  # still pending after a wrong group
    confirm_recovery(folder, new.recovery_code, _answers(new.recovery_code, 2, 5))
    new.session.lock()
    assert not describe_vault(folder).pending
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="P1")) as session:
        assert session.identity.card.name == "Claire Dubois"


def test_default_creation_is_not_pending(tmp_path):
    new = create_vault(tmp_path / "v", PASSPHRASE, FakeFactor(), name="X", kdf=FAST_KDF)
    new.session.lock()
    assert pending_creation(tmp_path / "v") is None


def test_refused_creation_leaves_no_marker_nor_folder(tmp_path):
    folder = tmp_path / "coffre"
    with pytest.raises(Exception, match="too weak"):
        create_vault(folder, "court", FakeFactor(), name="X", kdf=FAST_KDF, pending=True)
    assert not folder.exists()


_CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {root!r})
    from app.vault import create_vault
    from tests.vault.conftest import FAST_KDF, PASSPHRASE
    from tests.vault_keys.conftest import FakeFactor
    new = create_vault({folder!r}, PASSPHRASE, FakeFactor(serial="P1"), name="Claire Dubois",
                       kdf=FAST_KDF, pending=True)
    print(new.recovery_code, flush=True)
    time.sleep(600)
""")


def test_a_kill_between_creation_and_confirmation_is_resumed_with_a_fresh_code(tmp_path):
    folder = tmp_path / "coffre"
    child = subprocess.Popen([sys.executable, "-c", _CHILD.format(root=str(ROOT),
                                                                   folder=str(folder))],
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    first_code = child.stdout.readline().strip()
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert len(first_code.split("-")) == 8
    assert describe_vault(folder).pending
    resumed = resume_creation(folder, PASSPHRASE, FakeFactor(serial="P1"), kdf=FAST_KDF)
    try:
        assert resumed.recovery_code != first_code
        assert describe_vault(folder).pending  # until the new code is confirmed
        confirm_recovery(folder, resumed.recovery_code, _answers(resumed.recovery_code, 0, 7))
    finally:
        resumed.session.lock()
    assert not describe_vault(folder).pending
    with pytest.raises(WrongRecoveryCodeError):  # the never-confirmed code is gone
        open_vault(folder, None, RecoveryCode(first_code))
    with open_vault(folder, None, RecoveryCode(resumed.recovery_code)) as session:
        assert session.identity.card.name == "Claire Dubois"


def test_discard_removes_everything_the_creation_made(tmp_path):
    keyring = KeyringStore()
    folder = tmp_path / "coffre"
    new = _pending(folder, TotpSetup())
    slot = next(s for s in new.session.slots.list() if s.kind == "totp")
    vault_id = new.session.vault_id
    with pytest.raises(VaultBusyError):  # still open (the wizard, another command)
        discard_creation(folder)
    new.session.lock()
    assert keyring.exists(vault_id, slot.slot_id)
    discard_creation(folder)
    assert not folder.exists()
    assert not keyring.exists(vault_id, slot.slot_id)


def test_discard_keeps_a_folder_it_did_not_make_and_its_other_files(tmp_path):
    folder = tmp_path / "dossier"
    folder.mkdir()
    (folder / "notes.txt").write_text("à garder")
    _pending(folder).session.lock()
    discard_creation(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_discard_refuses_a_finished_vault(tmp_path):
    new = create_vault(tmp_path / "v", PASSPHRASE, FakeFactor(), name="X", kdf=FAST_KDF)
    new.session.lock()
    with pytest.raises(NoPendingCreation, match="nothing was deleted"):
        discard_creation(tmp_path / "v")
    assert (tmp_path / "v" / "vault.json").exists()
    with pytest.raises(NoPendingCreation):
        resume_creation(tmp_path / "v", PASSPHRASE, FakeFactor())


def test_a_foreign_marker_is_refused_clearly(tmp_path):
    (tmp_path / MARKER_NAME).write_text('{"format": "autre"}')
    with pytest.raises(PendingMarkerError, match="not a Scellé creation marker"):
        pending_creation(tmp_path)
    (tmp_path / MARKER_NAME).write_text('{"a": 1, "a": 2}')
    with pytest.raises(PendingMarkerError, match="not valid JSON"):
        discard_creation(tmp_path)


def test_totp_vault_resumes_with_a_code(tmp_path):
    import pyotp

    folder = tmp_path / "coffre"
    new = _pending(folder, TotpSetup())
    uri = new.otpauth_uri
    new.session.lock()
    resumed = resume_creation(folder, PASSPHRASE, TotpCode(pyotp.parse_uri(uri).now()),
                              kdf=FAST_KDF)
    confirm_recovery(folder, resumed.recovery_code, _answers(resumed.recovery_code, 1, 4))
    resumed.session.lock()
    assert not describe_vault(folder).pending
