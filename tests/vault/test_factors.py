"""The vault with real second-factor drivers: a SoftHSM2 PKCS#11 token and an emulated FIDO2
key (through the real python-fido2 client), created, opened and managed through app.vault."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.vault import WrongPassphraseError, create_vault, describe_vault, open_vault
from crypto.factors.fido2_factor import Fido2Factor, UvPolicy
from crypto.factors.pkcs11_factor import KeySelection, Pkcs11Factor
from tests.support.ctap2_emulator import Ctap2Emulator
from tests.support.softhsm import SoftHsm
from tests.vault.conftest import FAST_KDF, PASSPHRASE, add_document

FIDO_PIN = "4711-cabinet"


FIDO_PASSPHRASE = "phrase de la clé du greffe pour le second jeton"


def test_pkcs11_token_vault_and_a_fido2_slot(softhsm: SoftHsm, tmp_path: Path) -> None:
    folder = tmp_path / "coffre"
    selection = KeySelection(softhsm.selector(), softhsm.rsa_decrypt.key_id)
    token = Pkcs11Factor(softhsm.module(), softhsm.pin_provider(), selection)
    new = create_vault(folder, PASSPHRASE, token, name="Greffe du tribunal", kdf=FAST_KDF)
    key = Ctap2Emulator(pin=FIDO_PIN)
    fido = Fido2Factor(pin=lambda: FIDO_PIN, devices=lambda: [key], uv=UvPolicy.DISCOURAGED)
    with new.session as session:
        doc = add_document(session, "pv.txt", b"proces-verbal")
        session.slots.add(FIDO_PASSPHRASE, fido, label="Clé FIDO2", kdf=FAST_KDF)
    assert describe_vault(folder).factor_kinds == ("pkcs11", "recovery", "fido2")
    # A fresh driver object, as after a restart: the slot says which token and key to use.
    again = Pkcs11Factor(softhsm.module(), softhsm.pin_provider())
    with pytest.raises(WrongPassphraseError):
        open_vault(folder, "mauvaise phrase", again)
    with open_vault(folder, PASSPHRASE, again) as session:
        assert session.documents.read_range(doc, 0, 13) == b"proces-verbal"
    with open_vault(folder, FIDO_PASSPHRASE, fido) as session:
        assert session.identity.card.name == "Greffe du tribunal"
        assert session.store.get_generation() == session.header.generation == 2
