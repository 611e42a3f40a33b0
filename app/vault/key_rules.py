"""The rules a vault key obeys, whoever asks: the command line, the wizard or the settings.

`create_vault`, `open_vault` and `Slots` call these functions themselves, so no face can skip
them; a face may call `require_new_key_allowed` earlier to refuse before asking a passphrase,
with the very message the service would give (docs/security.md, "Workstation policy").

* a new key (a vault's first slot, an added slot): a second factor the workstation policy
  allows (`required_factor_kinds`), an Argon2id cost at least the policy floor, a passphrase
  strong enough (app/passphrase_rules.py);
* a changed passphrase: strong enough, and the slot's cost brought up to the floor;
* a removed slot: the remaining ones still include a passphrase slot the policy allows;
* opening: refused before any work when every slot of the factor's kind is below the floor.

A cost asked for explicitly below the floor is refused (`PolicyRefusal`); a default (None) is
raised to it, as is a slot's old cost when its passphrase changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from app.passphrase_rules import require_strong_passphrase
from app.policy import PolicyRefusal, workstation_policy
from app.unlock import FactorInput, RecoveryCode, SlotFactor, TotpCode, TotpSetup
from app.unlock.opening import Passphrase
from app.vault.errors import KdfPolicyError
from crypto.kdf import Argon2Params
from crypto.keyslots import KIND_RECOVERY, KIND_TOTP, PASSPHRASE_KINDS, KeySlot
from storage.header import read_header


def factor_kind(factor: SlotFactor | FactorInput) -> str:
    """The slot kind a factor makes or opens: pkcs11, fido2, totp or recovery."""
    if isinstance(factor, (TotpSetup, TotpCode)):
        return KIND_TOTP
    if isinstance(factor, RecoveryCode):
        return KIND_RECOVERY
    return str(factor.kind)


def require_new_key_allowed(kind: str, kdf: Argon2Params | None = None) -> None:
    """What the policy says about a new key of `kind` at cost `kdf` (None: the default)."""
    policy = workstation_policy()
    policy.require_factor_kind(kind)
    if kdf is not None:
        policy.require_kdf_floor(kdf)


def check_new_key(passphrase: Passphrase, factor: SlotFactor, kdf: Argon2Params | None,
                  default_kdf: Callable[[], Argon2Params]) -> Argon2Params | None:
    """Refuse a new key the rules forbid; returns the cost to use (None: the caller's default).

    `default_kdf` gives the cost the caller would use for None; it is called only when the
    policy sets a floor, to raise that cost to it.
    """
    require_new_key_allowed(factor_kind(factor), kdf)
    require_strong_passphrase(passphrase)
    return kdf if kdf is not None else _raised_default(default_kdf)


def check_new_passphrase(new_passphrase: Passphrase, kdf: Argon2Params | None,
                         current: Argon2Params) -> Argon2Params | None:
    """Refuse a passphrase change the rules forbid; returns the cost to rewrap with.

    A slot made before the policy set its floor is brought up to it when its passphrase
    changes: that is how a weak slot is upgraded (docs/security.md).
    """
    policy = workstation_policy()
    if kdf is not None:
        policy.require_kdf_floor(kdf)
    require_strong_passphrase(new_passphrase)
    return kdf if kdf is not None else _raised_default(lambda: current)


def check_recovery_kdf(kdf: Argon2Params | None,
                       default_kdf: Callable[[], Argon2Params]) -> Argon2Params | None:
    """The cost of a new recovery slot: at least the floor (the code is random: no strength
    rule)."""
    if kdf is not None:
        workstation_policy().require_kdf_floor(kdf)
        return kdf
    return _raised_default(default_kdf)


def check_removal(slots: Iterable[KeySlot], slot_id: str) -> None:
    """Refuse to remove the last passphrase slot whose factor the policy allows.

    The keys layer already keeps one passphrase slot; this keeps one the administrator
    accepts, so that the vault does not end up openable only by an excluded factor.
    """
    policy = workstation_policy()
    if not policy.required_factor_kinds:
        return
    remaining = [s for s in slots if s.slot_id != slot_id and s.kind in PASSPHRASE_KINDS]
    if remaining and not any(policy.factor_allowed(s.kind) for s in remaining):
        raise PolicyRefusal(
            "This is the vault's last key with a second factor this computer allows; add one "
            f"({', '.join(policy.required_factor_kinds)}) before removing it.", policy)


def open_floor(extra_floor: Argon2Params | None = None) -> Argon2Params | None:
    """The Argon2id floor for opening: the workstation policy's, raised by `extra_floor`."""
    floors = [f for f in (workstation_policy().kdf_floor(), extra_floor) if f is not None]
    if not floors:
        return None
    return Argon2Params(memory_kib=max(f.memory_kib for f in floors),
                        iterations=max(f.iterations for f in floors), lanes=1)


def meets(kdf: Argon2Params, floor: Argon2Params | None) -> bool:
    return floor is None or (kdf.memory_kib >= floor.memory_kib
                             and kdf.iterations >= floor.iterations)


def check_open(vault_dir: Path, factor: FactorInput, extra_floor: Argon2Params | None) -> None:
    """Refuse, before any work, a vault whose slots for `factor` are all below the floor.

    `extra_floor` may only add to the workstation policy's floor (a stricter caller), never
    replace it.
    """
    policy = workstation_policy()
    floor = open_floor(extra_floor)
    if floor is None:
        return
    slots = read_header(vault_dir).slots_of_kind(factor_kind(factor))
    if slots and not any(meets(s.kdf, floor) for s in slots):
        raise KdfPolicyError(
            "This vault's key derivation is weaker than this computer requires (at least "
            f"{floor.memory_kib // 1024} MiB and {floor.iterations} passes: "
            "min_kdf_memory_mib, min_kdf_iterations); it was not opened.", policy)


def _raised_default(default_kdf: Callable[[], Argon2Params]) -> Argon2Params | None:
    policy = workstation_policy()
    if policy.kdf_floor() is None:
        return None
    return policy.kdf_for_new_slots(default_kdf())
