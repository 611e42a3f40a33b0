"""The vault-key rules the services enforce themselves (app/vault/key_rules.py), whoever calls
them: factor kinds, the key-derivation floor (refused when asked for, raised when defaulted),
the floor at opening, the passphrase strength, and removal of the last allowed key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.passphrase_rules import WeakPassphraseError
from app.policy import PolicyRefusal
from app.unlock import TotpSetup
from app.vault import KdfPolicyError, create_vault, open_vault
from storage.header import read_header
from tests.vault_keys.conftest import FAST_KDF, FakeFactor

STRONG = "une phrase de passe assez longue pour le coffre, é"
OTHER = "autre phrase de passe pour une clé du greffe"


def _vault(folder: Path):  # a vault made before the policy, at the cheapest legal cost
    new = create_vault(folder, STRONG, FakeFactor(serial="A"), name="Me Test", kdf=FAST_KDF)
    return new.session


def test_an_excluded_factor_kind_is_refused_for_a_vault_and_a_slot(policy_file,
                                                                    tmp_path: Path) -> None:
    session = _vault(tmp_path / "old")
    path = policy_file(required_factor_kinds=["pkcs11"])
    with pytest.raises(PolicyRefusal) as refused:
        create_vault(tmp_path / "v", STRONG, TotpSetup(), name="Me Test", kdf=FAST_KDF)
    assert "'totp'" in str(refused.value) and str(path) in str(refused.value)
    assert not (tmp_path / "v").exists()
    before = (tmp_path / "old" / "vault.json").read_bytes()
    with session:
        with pytest.raises(PolicyRefusal) as again:
            session.slots.add(STRONG, FakeFactor("fido2", serial="F"), kdf=FAST_KDF)
        assert "'fido2'" in str(again.value)
        session.slots.add(OTHER, FakeFactor(serial="B"), kdf=FAST_KDF)  # allowed kind
    assert (tmp_path / "old" / "vault.json").read_bytes() != before


def test_a_cost_asked_below_the_floor_is_refused_a_default_is_raised(policy_file,
                                                                     tmp_path: Path) -> None:
    session = _vault(tmp_path / "old")
    policy_file(min_kdf_memory_mib=128, min_kdf_iterations=2)
    with pytest.raises(PolicyRefusal) as refused:
        create_vault(tmp_path / "v", STRONG, FakeFactor(), name="Me Test", kdf=FAST_KDF)
    assert "64 MiB, 1 passes" in str(refused.value) and "128 MiB" in str(refused.value)
    assert not (tmp_path / "v").exists()
    with session:
        header = tmp_path / "old" / "vault.json"
        before = header.read_bytes()
        with pytest.raises(PolicyRefusal):
            session.slots.add(OTHER, FakeFactor(serial="B"), kdf=FAST_KDF)
        with pytest.raises(PolicyRefusal):
            session.slots.replace_recovery(kdf=FAST_KDF)
        assert header.read_bytes() == before
        session.slots.add(OTHER, FakeFactor(serial="B"))  # default: the vault's 64 MiB, raised
        added = read_header(tmp_path / "old").slots[-1]
        assert (added.kdf.memory_kib, added.kdf.iterations) == (128 * 1024, 2)
        first = session.slots.list()[0].slot_id
        session.slots.change_passphrase(first, STRONG, OTHER, FakeFactor(serial="A"))
        upgraded = read_header(tmp_path / "old").slot(first)
        assert (upgraded.kdf.memory_kib, upgraded.kdf.iterations) == (128 * 1024, 2)


def test_opening_below_the_floor_is_refused_before_any_work(policy_file,
                                                            tmp_path: Path) -> None:
    _vault(tmp_path / "v").lock()
    path = policy_file(min_kdf_memory_mib=128)
    token = FakeFactor(serial="A")
    with pytest.raises(KdfPolicyError) as refused:
        open_vault(tmp_path / "v", STRONG, token)
    assert isinstance(refused.value, PolicyRefusal) and str(path) in str(refused.value)
    assert token.share_calls == 0  # the token was not even asked
    policy_file(min_kdf_memory_mib=64)
    open_vault(tmp_path / "v", STRONG, token).lock()


def test_a_weak_passphrase_is_refused_by_every_service(tmp_path: Path) -> None:
    with pytest.raises(WeakPassphraseError) as created:
        create_vault(tmp_path / "v", "a", FakeFactor(), name="Me Test", kdf=FAST_KDF)
    assert not (tmp_path / "v").exists()
    with _vault(tmp_path / "old") as session:
        header = tmp_path / "old" / "vault.json"
        before = header.read_bytes()
        with pytest.raises(WeakPassphraseError) as added:
            session.slots.add("a", FakeFactor(serial="B"), kdf=FAST_KDF)
        first = session.slots.list()[0].slot_id
        with pytest.raises(WeakPassphraseError) as changed:
            session.slots.change_passphrase(first, STRONG, "a", FakeFactor(serial="A"))
        assert header.read_bytes() == before
    assert str(created.value) == str(added.value) == str(changed.value)


def test_the_last_key_the_policy_allows_stays(policy_file, tmp_path: Path) -> None:
    with _vault(tmp_path / "v") as session:
        session.slots.add(OTHER, FakeFactor("fido2", serial="F"), kdf=FAST_KDF)
        policy_file(required_factor_kinds=["fido2"])
        fido2 = next(s.slot_id for s in session.slots.list() if s.kind == "fido2")
        with pytest.raises(PolicyRefusal) as refused:
            session.slots.remove(fido2)
        assert "fido2" in str(refused.value)
        pkcs11 = next(s.slot_id for s in session.slots.list() if s.kind == "pkcs11")
        session.slots.remove(pkcs11)  # not the allowed kind: it may go
        assert [s.kind for s in session.slots.list()] == ["recovery", "fido2"]
