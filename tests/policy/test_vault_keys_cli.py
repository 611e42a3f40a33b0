"""The vault-key settings of the workstation policy through the command line (in-process, see
tests/policy/conftest.py): `required_factor_kinds`, `min_kdf_memory_mib` / `min_kdf_iterations`,
`pkcs11_module` and `min_passphrase_bits`, and the passphrase rule itself (`a` is refused by
`vault init`, `slots add` and `slots passphrase` with one message). Every refusal is the core's
(the same text the service raises), on one line naming the policy file, and leaves nothing on
disk: no folder, no vault.json, an unchanged header.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.passphrase_rules import WeakPassphraseError, require_strong_passphrase
from app.policy import PolicyRefusal, workstation_policy
from app.unlock import RecoveryCode, TotpSetup
from app.vault import KdfPolicyError, create_vault, open_vault
from tests.policy.conftest import listing
from tests.support.softhsm import SOFTHSM_LIB, SoftHsm, softhsm  # noqa: F401 (fixture)
from tests.vault_keys.conftest import FAST_KDF

STRONG = "une phrase de passe assez longue pour le coffre, é"  # ~102 bits
EIGHTY_EIGHT = "sept mots tirés au hasard dans le dictionnaire"  # ~88 bits
FAST = ("--kdf-memory", "64", "--kdf-passes", "1")


@pytest.fixture
def files(tmp_path: Path):
    folder = tmp_path / "secrets"
    folder.mkdir()

    def write(name: str, text: str) -> Path:
        path = folder / name
        path.write_text(text + "\n", encoding="utf-8")
        return path

    return write


@pytest.fixture
def totp_vault(tmp_path: Path, files):
    """A TOTP vault made before any policy, at the cheapest cost; opened by its recovery code."""
    folder = tmp_path / "totp-vault"
    new = create_vault(folder, STRONG, TotpSetup(), name="Me Test", kdf=FAST_KDF)
    slot = new.session.slots.list()[0].slot_id
    new.session.lock()
    return folder, files("recovery.txt", new.recovery_code), slot


def _init(scelle, folder: Path, passphrase: Path, *options: str | Path):
    return scelle("vault", "init", folder, "--name", "Me Test", "--passphrase-file", passphrase,
                  *options)


def _refused(outcome, message: str) -> None:
    """Refused with `message` (the core's), on one line, no traceback."""
    assert outcome.code != 0
    # The vault is opened by its recovery code here: the new-code reminder line is expected.
    err = "".join(line for line in outcome.err.splitlines(keepends=True)
                  if not line.startswith("scelle: reminder: "))
    assert err == f"scelle: {message}\n"


def _policy_refusal(check) -> str:
    with pytest.raises(PolicyRefusal) as refused:
        check(workstation_policy())
    return str(refused.value)


def test_required_factor_kinds(scelle, set_policy, totp_vault, files, tmp_path) -> None:
    folder, recovery, _slot = totp_vault
    path = set_policy(required_factor_kinds=["pkcs11"])
    message = _policy_refusal(lambda p: p.require_factor_kind("totp"))
    assert str(path) in message and "required_factor_kinds" in message
    new = tmp_path / "new"
    _refused(_init(scelle, new, files("pw", STRONG), "--factor", "totp", *FAST), message)
    assert not new.exists()
    before = listing(folder), (folder / "vault.json").read_bytes()
    added = scelle("--vault", folder, "--recovery-file", recovery, "slots", "add", "--factor",
                   "totp", "--new-passphrase-file", files("pw2", STRONG))
    _refused(added, message)
    assert (listing(folder), (folder / "vault.json").read_bytes()) == before
    set_policy(required_factor_kinds=["totp"])  # allowed: the same command works
    added = scelle("--vault", folder, "--recovery-file", recovery, "slots", "add", "--factor",
                   "totp", "--new-passphrase-file", files("pw2", STRONG))
    assert added.code == 0, added.err


def test_kdf_floor(scelle, set_policy, totp_vault, files, tmp_path) -> None:
    folder, recovery, _slot = totp_vault
    path = set_policy(min_kdf_memory_mib=128, min_kdf_iterations=2)
    message = _policy_refusal(lambda p: p.require_kdf_floor(FAST_KDF))
    assert "64 MiB, 1 passes" in message and "min_kdf_memory_mib" in message
    new = tmp_path / "new"
    _refused(_init(scelle, new, files("pw", STRONG), "--factor", "totp", *FAST), message)
    assert not new.exists()
    # The vault made at 64 MiB before the policy is not opened, by the core itself.
    with pytest.raises(KdfPolicyError) as core:
        open_vault(folder, None, RecoveryCode(recovery.read_text().strip()))
    assert str(path) in str(core.value)
    _refused(scelle("--vault", folder, "--recovery-file", recovery, "ls"), str(core.value))
    # At the floor: created, and its slots say so.
    made = _init(scelle, new, files("pw", STRONG), "--factor", "totp", "--kdf-memory", "128",
                 "--kdf-passes", "2", "--json")
    assert made.code == 0, made.err
    slots = scelle("--vault", new, "slots", "--json")
    assert slots.code == 0, slots.err
    assert '"memory_mib": 128' in slots.out and '"memory_mib": 64' not in slots.out


def test_pkcs11_module(scelle, set_policy, softhsm: SoftHsm, files, tmp_path) -> None:
    other = tmp_path / "other-pkcs11.so"
    other.write_bytes(b"not a library")
    set_policy(pkcs11_module=SOFTHSM_LIB)
    message = _policy_refusal(lambda p: p.pkcs11_module_path(str(other)))
    assert "pkcs11_module" in message and str(other) in message
    pin, passphrase = files("pin", softhsm.user_pin), files("pw", STRONG)
    new = tmp_path / "token-vault"
    token = ("--factor", "pkcs11", "--token-serial", softhsm.token_serial, "--key-id",
             softhsm.ec_derive.key_id.hex(), "--pin-file", pin, *FAST)
    _refused(_init(scelle, new, passphrase, *token, "--pkcs11-module", other), message)
    assert not new.exists()
    # No library named: the imposed one is used (no other middleware would find this token).
    made = _init(scelle, new, passphrase, *token)
    assert made.code == 0, made.err
    unlock = ("--vault", new, "--passphrase-file", passphrase, "--pin-file", pin)
    assert scelle(*unlock, "ls").code == 0
    _refused(scelle(*unlock, "--pkcs11-module", other, "ls"), message)


def test_weak_passphrase_is_refused_everywhere_with_one_message(scelle, set_policy, totp_vault,
                                                                files, tmp_path) -> None:
    folder, recovery, slot = totp_vault
    with pytest.raises(WeakPassphraseError) as rule:
        require_strong_passphrase("a")
    message = str(rule.value)
    weak = files("weak", "a")
    new = tmp_path / "new"
    _refused(_init(scelle, new, weak, "--factor", "totp", *FAST), message)
    assert not new.exists()
    before = listing(folder), (folder / "vault.json").read_bytes()
    opened = ("--vault", folder, "--recovery-file", recovery)
    _refused(scelle(*opened, "slots", "add", "--factor", "totp", "--new-passphrase-file", weak),
             message)
    _refused(scelle(*opened, "slots", "passphrase", slot, "--old-passphrase-file",
                    files("old", STRONG), "--new-passphrase-file", weak), message)
    assert (listing(folder), (folder / "vault.json").read_bytes()) == before


def test_min_passphrase_bits(scelle, set_policy, totp_vault, files, tmp_path) -> None:
    folder, recovery, slot = totp_vault
    path = set_policy(min_passphrase_bits=100)
    with pytest.raises(PolicyRefusal) as rule:
        require_strong_passphrase(EIGHTY_EIGHT)
    message = str(rule.value)
    assert str(path) in message and "at least 100" in message
    medium = files("medium", EIGHTY_EIGHT)
    new = tmp_path / "new"
    _refused(_init(scelle, new, medium, "--factor", "totp", *FAST), message)
    assert not new.exists()
    before = (folder / "vault.json").read_bytes()
    opened = ("--vault", folder, "--recovery-file", recovery)
    _refused(scelle(*opened, "slots", "add", "--factor", "totp", "--new-passphrase-file",
                    medium), message)
    _refused(scelle(*opened, "slots", "passphrase", slot, "--old-passphrase-file",
                    files("old", STRONG), "--new-passphrase-file", medium), message)
    assert (folder / "vault.json").read_bytes() == before
    changed = scelle(*opened, "slots", "passphrase", slot, "--old-passphrase-file",
                     files("old", STRONG), "--new-passphrase-file",
                     files("new", "phrase de passe très longue pour le coffre du cabinet, é"))
    assert changed.code == 0, changed.err
