"""The passphrase's Argon2id started before the factor is ready (app/vault/stretching.py,
crypto/keyslots/stretching.py; issue 16): the same derivation, once, beside the token's work,
and never a different outcome. Real SoftHSM2 token, real Argon2id; no timing is asserted."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import crypto.keyslots.stretching as stretching_module
import crypto.keyslots.wrap as wrap_module
from app.vault import WrongPassphraseError, create_vault, open_vault
from app.vault.stretching import start_stretching
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from crypto.kdf import Argon2Params, derive
from crypto.keyslots.stretching import Stretching
from tests.support.softhsm import SoftHsm
from tests.vault.conftest import FAST_KDF, PASSPHRASE

OTHER = Argon2Params(memory_kib=FAST_KDF.memory_kib, iterations=FAST_KDF.iterations,
                     lanes=FAST_KDF.lanes)  # same cost, another salt


def test_stretching_hands_over_the_same_key_once_and_only_for_its_secret() -> None:
    secret = bytearray(b"une phrase de passe")
    with Stretching(secret, FAST_KDF) as stretching:
        assert stretching.take_for(b"une autre phrase", FAST_KDF) is None
        assert stretching.take_for(secret, OTHER) is None
        key = stretching.take_for(secret, FAST_KDF)
        assert key == derive(bytes(secret), FAST_KDF)
        assert stretching.take_for(secret, FAST_KDF) is None  # once
    assert secret == bytearray(b"une phrase de passe")  # the caller's buffer is untouched


def test_a_result_not_taken_is_wiped_and_an_error_reaches_the_caller(
        monkeypatch: pytest.MonkeyPatch) -> None:
    stretching = Stretching(b"secret", FAST_KDF)
    stretching._thread.join()
    kept = stretching._result
    stretching.close()
    assert kept is not None and kept == bytearray(len(kept))

    def failing(secret: bytes | bytearray, params: Argon2Params) -> bytearray:
        raise MemoryError("no memory for Argon2id")

    monkeypatch.setattr(stretching_module, "derive", failing)
    with Stretching(b"secret", FAST_KDF) as broken, pytest.raises(MemoryError):
        broken.take_for(b"secret", FAST_KDF)


@pytest.fixture
def token_vault(softhsm: SoftHsm, tmp_path: Path) -> Path:
    folder = tmp_path / "coffre"
    selection = KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id)
    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider(), selection)
    create_vault(folder, PASSPHRASE, factor, name="Étude", kdf=FAST_KDF).session.lock()
    return folder


def test_a_token_unlock_derives_once_on_the_stretching_thread(
        token_vault: Path, softhsm: SoftHsm, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []

    def counted(secret: bytes | bytearray, params: Argon2Params) -> bytearray:
        threads.append(threading.current_thread().name)
        return derive(secret, params)

    monkeypatch.setattr(stretching_module, "derive", counted)
    monkeypatch.setattr(wrap_module, "derive", counted)
    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider())
    with start_stretching(token_vault, PASSPHRASE, "pkcs11") as stretching:
        assert stretching is not None
        with open_vault(token_vault, PASSPHRASE, factor, stretching=stretching) as session:
            assert session.identity.card.name == "Étude"
    assert threads == ["scelle-argon2id"]


def test_a_wrong_passphrase_or_a_stretching_of_another_one_changes_nothing(
        token_vault: Path, softhsm: SoftHsm) -> None:
    factor = Pkcs11Factor(softhsm.module(), softhsm.pin_provider())
    with start_stretching(token_vault, "mauvaise phrase", "pkcs11") as stretching, \
            pytest.raises(WrongPassphraseError):
        open_vault(token_vault, "mauvaise phrase", factor, stretching=stretching)
    # Started for another passphrase than the one given: ignored, derived again, opens.
    with start_stretching(token_vault, "mauvaise phrase", "pkcs11") as stretching, \
            open_vault(token_vault, PASSPHRASE, factor, stretching=stretching) as session:
        assert session.identity.card.name == "Étude"


def test_nothing_starts_without_a_factor_slot_or_below_the_policy_floor(
        token_vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for kind in ("totp", "recovery", "fido2"):
        with start_stretching(token_vault, PASSPHRASE, kind) as stretching:
            assert stretching is None
    with start_stretching(tmp_path / "nowhere", PASSPHRASE, "pkcs11") as stretching:
        assert stretching is None
    with start_stretching(token_vault, "", "pkcs11") as stretching:
        assert stretching is None
    import app.vault.stretching as app_stretching

    floor = Argon2Params(memory_kib=FAST_KDF.memory_kib * 4, iterations=3, lanes=1)
    monkeypatch.setattr(app_stretching, "open_floor", lambda: floor)
    with start_stretching(token_vault, PASSPHRASE, "pkcs11") as stretching:
        assert stretching is None
