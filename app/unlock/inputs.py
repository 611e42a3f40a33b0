"""Value types passed to and returned by the unlock use cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from crypto.factors.base import KeyFactor
from crypto.keyslots import wipe
from storage.header import VaultHeader

from app.unlock.errors import VaultLockedError


@dataclass(frozen=True)
class TotpCode:
    """A code typed from the authenticator app."""

    code: str = field(repr=False)


@dataclass(frozen=True)
class RecoveryCode:
    """The printed recovery code as typed (separators allowed)."""

    code: str = field(repr=False)


@dataclass(frozen=True)
class TotpSetup:
    """Asks for a TOTP slot when creating a vault or adding a slot."""

    digits: int = 6
    period: int = 30


#: What goes with the passphrase to unlock: a hardware factor, a TOTP code, or (alone) a
#: recovery code.
FactorInput = Union[KeyFactor, TotpCode, RecoveryCode]

#: What a new passphrase slot is bound to.
SlotFactor = Union[KeyFactor, TotpSetup]


@dataclass(eq=False)
class UnlockedVault:
    """An unlocked vault: its verified header and the VMK.

    `vmk` is a bytearray owned by this handle; `wipe()` zeroes it (the state machine does so on
    lock). Hand it to `Store.open(vault_dir, vmk)`; do not keep other copies.
    """

    vault_dir: Path
    header: VaultHeader
    slot_id: str  # the slot that opened the vault
    vmk: bytearray = field(repr=False)
    _wiped: bool = field(default=False, init=False, repr=False)

    @property
    def vault_id(self) -> str:
        return self.header.vault_id

    @property
    def generation(self) -> int:
        return self.header.generation

    @property
    def is_wiped(self) -> bool:
        return self._wiped

    def require_key(self) -> bytearray:
        if self.is_wiped:
            raise VaultLockedError("The vault is locked; unlock it again first.")
        return self.vmk

    def wipe(self) -> None:
        wipe(self.vmk)
        self._wiped = True
