"""Creating, describing, opening and locking a vault through app.vault."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.unlock import (
    HeaderFormatError,
    TotpRejected,
    UnlockState,
    WrongRecoveryCodeError,
)
from app.vault import (
    HeaderRollbackError,
    HeaderTamperedError,
    KdfPolicyError,
    NoMatchingSlot,
    RecoveryCode,
    SessionLockedError,
    TotpCode,
    TotpSetup,
    VaultExistsError,
    VaultNotFoundError,
    VaultUnlocker,
    WrongPassphraseError,
    create_vault,
    describe_vault,
    open_vault,
)
from crypto.identity import CardError
from crypto.kdf import Argon2Params
from storage.keyring_store import KeyringStore
from storage.staging import VaultBusyError
from tests.store.helpers import files_containing
from tests.vault.conftest import (
    FAST_KDF,
    PASSPHRASE,
    Template,
    add_document,
    open_copy,
    vault_files,
)
from tests.vault_keys.conftest import FakeClock, FakeFactor, code_at, T0


def _copy(template: Template, tmp_path: Path) -> Path:
    dest = tmp_path / "v"
    shutil.copytree(template.folder, dest)
    return dest


def test_create_makes_keys_store_and_identity(tmp_path: Path) -> None:
    folder = tmp_path / "coffre"
    new = create_vault(folder, PASSPHRASE, FakeFactor(serial="S1"), name="Claire Dubois",
                       role="Notaire", organisation="Étude Dubois", kdf=FAST_KDF)
    with new.session as session:
        assert new.recovery_code.count("-") == 7 and new.otpauth_uri is None
        assert new.totp_qr_text() is None and new.totp_qr_png() is None
        card = session.identity.card
        assert (card.name, card.role, card.organisation) == ("Claire Dubois", "Notaire",
                                                               "Étude Dubois")
        assert session.store.get_generation() == session.header.generation == 1
        assert [e.action for e in session.audit.entries()] == ["vault.create", "identity.create"]
        assert session.integrity.check().ok
    assert sorted(p.name for p in folder.iterdir()) == ["blobs", "staging", "vault.db",
                                                        "vault.json"]
    # The identity (name included) exists only inside the encrypted database.
    assert files_containing(folder, b"Claire Dubois") == []
    assert files_containing(folder, b"AGE-SECRET-KEY") == []


def test_bad_name_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(CardError):
        create_vault(tmp_path / "v", PASSPHRASE, FakeFactor(), name="", kdf=FAST_KDF)
    assert not (tmp_path / "v").exists()


def test_existing_vault_is_not_overwritten(templates: dict[str, Template], tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    before = vault_files(folder)
    with pytest.raises(VaultExistsError):
        create_vault(folder, PASSPHRASE, FakeFactor(), name="Autre", kdf=FAST_KDF)
    assert vault_files(folder) == before


def test_describe_without_unlocking(templates: dict[str, Template], tmp_path: Path) -> None:
    missing = describe_vault(tmp_path / "nothing")
    assert not missing.exists and not missing.usable and missing.factor_kinds == ()
    folder = _copy(templates["alice"], tmp_path)
    before = vault_files(folder)
    info = describe_vault(folder)
    assert info.exists and info.has_database and info.usable and info.problem is None
    assert info.factor_kinds == ("pkcs11", "recovery")
    assert info.kdf is not None and info.kdf.cost() == FAST_KDF.cost()
    assert len(info.vault_id or "") == 32 and info.generation == 1
    assert vault_files(folder) == before  # nothing written
    (folder / "vault.json").write_text("{ not json")
    damaged = describe_vault(folder)
    assert damaged.exists and not damaged.usable and "vault.json" in (damaged.problem or "")


def test_open_with_passphrase_and_factor(templates: dict[str, Template], tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")) as session:
        doc = add_document(session, "a.txt", b"contenu")
        name = session.identity.card.name
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")) as session:
        assert session.identity.card.name == name == "Alice Martin"
        assert session.documents.read_range(doc, 0, 7) == b"contenu"


def test_wrong_passphrase_or_factor_opens_nothing(templates: dict[str, Template],
                                                  tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    before = vault_files(folder)
    with pytest.raises(WrongPassphraseError):
        open_vault(folder, "pas la bonne phrase", FakeFactor(serial="ALICE"))
    with pytest.raises(WrongPassphraseError):  # enrolled serial, other device key
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE", device_key=b"x" * 32))
    with pytest.raises(NoMatchingSlot):
        open_vault(folder, PASSPHRASE, FakeFactor("fido2", serial="ALICE"))
    with pytest.raises(WrongRecoveryCodeError):
        open_vault(folder, None, RecoveryCode(templates["bob"].recovery_code))
    with pytest.raises(VaultNotFoundError):
        open_vault(tmp_path / "none", PASSPHRASE, FakeFactor(serial="ALICE"))
    assert vault_files(folder) == before
    # The vault is not left locked by a failed attempt.
    open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")).lock()


def test_recovery_code_opens_alone(templates: dict[str, Template], tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    with open_vault(folder, None, RecoveryCode(templates["alice"].recovery_code)) as session:
        assert session.identity.card.name == "Alice Martin"


def test_tampered_header_is_refused(templates: dict[str, Template], tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    header = json.loads((folder / "vault.json").read_text())
    header["generation"] = 7  # e.g. to pass a rollback check: not covered by the old MAC
    (folder / "vault.json").write_text(json.dumps(header))
    before = vault_files(folder)
    with pytest.raises(HeaderTamperedError):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"))
    assert vault_files(folder) == before
    header["slots"] = [s for s in header["slots"] if s["kind"] != "recovery"]
    header["generation"] = 1  # a slot removed by hand: the MAC no longer matches
    (folder / "vault.json").write_text(json.dumps(header))
    with pytest.raises(HeaderTamperedError):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"))
    (folder / "vault.json").write_text(json.dumps(header | {"extra": 1}))
    with pytest.raises(HeaderFormatError):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"))


def test_rolled_back_header_is_refused(templates: dict[str, Template], tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    old_header = (folder / "vault.json").read_bytes()
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")) as session:
        session.slots.add("autre phrase de passe pour une clé du greffe",
                          FakeFactor("fido2", serial="F1"), kdf=FAST_KDF)
        assert session.store.get_generation() == session.header.generation == 2
    (folder / "vault.json").write_bytes(old_header)  # an old, genuine header put back
    unlocker = VaultUnlocker(folder)
    with pytest.raises(HeaderRollbackError):
        open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"), unlocker=unlocker)
    assert unlocker.state is UnlockState.LOCKED
    # Nothing was opened: the vault's lock is free and the store still says generation 2.
    from tests.vault.conftest import open_with_vmk

    with pytest.raises(HeaderRollbackError):
        open_with_vmk(folder, templates["alice"].vmk)


def test_newer_header_than_database_is_recorded(templates: dict[str, Template],
                                                tmp_path: Path) -> None:
    """A crash between a slot change (header written) and its record in the database."""
    folder = _copy(templates["alice"], tmp_path)
    from app.unlock import add_slot, unlock_vault

    handle = unlock_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"))
    add_slot(handle, "autre", FakeFactor("fido2", serial="F2"), kdf=FAST_KDF)  # no DB record
    handle.wipe()
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")) as session:
        assert session.store.get_generation() == 2


def test_kdf_floor_refuses_a_weak_vault_before_any_work(templates: dict[str, Template],
                                                        tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    factor = FakeFactor(serial="ALICE")
    with pytest.raises(KdfPolicyError):
        open_vault(folder, PASSPHRASE, factor,
                   kdf_floor=Argon2Params(memory_kib=256 * 1024, iterations=3, lanes=4))
    assert factor.share_calls == 0
    open_vault(folder, PASSPHRASE, factor, kdf_floor=FAST_KDF).lock()


def test_lock_is_idempotent_and_ends_every_service(templates: dict[str, Template],
                                                   tmp_path: Path) -> None:
    session = open_copy(templates["alice"], tmp_path / "v")
    vault = session._require_vault()
    session.lock()
    session.lock()
    assert session.locked and vault.is_wiped and bytes(vault.vmk) == bytes(32)
    for name in ("documents", "cases", "importer", "search", "integrity", "contacts",
                 "identity", "slots", "messages", "store"):
        with pytest.raises(SessionLockedError):
            getattr(session, name)
    with pytest.raises(SessionLockedError):
        session.receive_sealed(tmp_path / "x.scelle")
    # The vault can be opened again (the process lock was released).
    open_copy(templates["alice"], tmp_path / "v").lock()


def test_second_open_of_an_open_vault_is_refused(templates: dict[str, Template],
                                                 tmp_path: Path) -> None:
    folder = _copy(templates["alice"], tmp_path)
    with open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE")):
        unlocker = VaultUnlocker(folder)
        with pytest.raises(VaultBusyError):
            open_vault(folder, PASSPHRASE, FakeFactor(serial="ALICE"), unlocker=unlocker)
        assert unlocker.state is UnlockState.LOCKED


def test_totp_vault_create_open_and_replay(tmp_path: Path) -> None:
    keyring, clock = KeyringStore(), FakeClock()
    folder = tmp_path / "totp"
    new = create_vault(folder, PASSPHRASE, TotpSetup(), name="Ophélie OPJ", kdf=FAST_KDF,
                       keyring=keyring)
    uri = new.otpauth_uri
    assert uri is not None and uri.startswith("otpauth://totp/")
    assert "Ophélie" not in uri and "Oph%C3%A9lie" not in uri
    assert new.totp_qr_png().startswith(b"\x89PNG") and new.totp_qr_text()
    new.session.lock()
    code = code_at(uri, T0)
    with open_vault(folder, PASSPHRASE, TotpCode(code), keyring=keyring, clock=clock) as s:
        assert s.identity.card.name == "Ophélie OPJ"
    with pytest.raises(TotpRejected):  # the same code again: refused
        open_vault(folder, PASSPHRASE, TotpCode(code), keyring=keyring, clock=clock)
    clock.advance(30)
    with pytest.raises(WrongPassphraseError):
        open_vault(folder, "autre", TotpCode(code_at(uri, clock.now)), keyring=keyring,
                   clock=clock)
    with open_vault(folder, PASSPHRASE, TotpCode(code_at(uri, clock.now)), keyring=keyring,
                    clock=clock):
        pass
    describe = describe_vault(folder)
    assert describe.factor_kinds == ("totp", "recovery")
    keyring.delete(describe.vault_id or "", describe.slots[0].slot_id)


def test_failed_store_creation_removes_the_header(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    folder.mkdir()
    (folder / "vault.db").write_bytes(b"not a vault")  # Store.create refuses this folder
    from storage.store import StoreError

    with pytest.raises(StoreError):
        create_vault(folder, PASSPHRASE, FakeFactor(), name="X", kdf=FAST_KDF)
    assert not (folder / "vault.json").exists()
