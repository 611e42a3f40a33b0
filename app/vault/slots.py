"""Key-slot management from an open session: the app/unlock functions, plus what the session
owes them afterwards (recording the header's new generation inside the database, and an audit
entry per change).

Every change obeys the vault-key rules first (app/vault/key_rules.py: the workstation policy's
factor kinds and key-derivation floor, the passphrase strength), whoever calls it.

Each change rewrites vault.json first (generation + 1), then records that generation in the
database: a crash in between leaves a header newer than the database, which the next open
accepts and records (a header *older* than the database is a rollback and is refused).
"""

from __future__ import annotations

from collections.abc import Callable

from app.audit import AuditLog
from app.unlock import (
    SlotFactor,
    SlotInfo,
    TotpEnrollment,
    UnlockedVault,
    add_slot,
    change_passphrase,
    check_removable,
    remove_slot,
    replace_recovery_slot,
)
from app.unlock.opening import Passphrase
from app.vault import key_rules
from crypto.factors.base import KeyFactor
from crypto.kdf import Argon2Params
from storage.keyring_store import KeyringStore
from storage.store import Store


class Slots:
    """The key slots of the open vault (see app/unlock/manage.py for the rules)."""

    def __init__(self, vault: Callable[[], UnlockedVault], store: Callable[[], Store],
                 audit: Callable[[], AuditLog], keyring: KeyringStore | None) -> None:
        self._vault = vault
        self._store = store
        self._audit = audit
        self._keyring = keyring

    def list(self) -> list[SlotInfo]:
        """The slots of the header verified at unlock (authenticated, unlike list_slots)."""
        return [SlotInfo(s.slot_id, s.kind, s.label, s.created, s.factor_description)
                for s in self._vault().header.slots]

    def add(self, passphrase: Passphrase, factor: SlotFactor, *, label: str = "",
            kdf: Argon2Params | None = None) -> TotpEnrollment | None:
        """Add a passphrase slot (a token, a FIDO2 key, or TotpSetup()); returns the TOTP
        enrolment (otpauth URI and QR code) for a TOTP slot."""
        vault = self._vault()
        kdf = key_rules.check_new_key(passphrase, factor, kdf, lambda: _strongest(vault))
        enrollment = add_slot(vault, passphrase, factor, label=label, kdf=kdf,
                              keyring=self._keyring)
        self._record("slot.add")
        return enrollment

    def check_remove(self, slot_id: str) -> None:
        """Raise what `remove` would refuse, changing nothing (a face asks before confirming)."""
        vault = self._vault()
        check_removable(vault, slot_id)
        key_rules.check_removal(vault.header.slots, slot_id)

    def remove(self, slot_id: str) -> None:
        self.check_remove(slot_id)
        remove_slot(self._vault(), slot_id, keyring=self._keyring)
        self._record("slot.remove")

    def change_passphrase(self, slot_id: str, old_passphrase: Passphrase,
                          new_passphrase: Passphrase, factor: KeyFactor | None = None, *,
                          kdf: Argon2Params | None = None) -> None:
        vault = self._vault()
        current = _current_kdf(vault, slot_id)
        if current is not None:  # unknown ids and the recovery slot: change_passphrase refuses
            kdf = key_rules.check_new_passphrase(new_passphrase, kdf, current)
        change_passphrase(vault, slot_id, old_passphrase, new_passphrase, factor,
                          kdf=kdf, keyring=self._keyring)
        self._record("slot.passphrase")

    def replace_recovery(self, *, kdf: Argon2Params | None = None) -> str:
        """A new recovery code (returned once, for printing); the old one stops working."""
        vault = self._vault()
        kdf = key_rules.check_recovery_kdf(kdf, lambda: _strongest(vault))
        code = replace_recovery_slot(vault, kdf=kdf)
        self._record("slot.recovery")
        return code

    def _record(self, action: str) -> None:
        store = self._store()
        with store.db.transaction():
            store.set_generation(self._vault().generation)
            self._audit().record(action)


def _strongest(vault: UnlockedVault) -> Argon2Params:
    """The cost a new slot gets by default: the strongest already in the vault."""
    return max((s.kdf for s in vault.header.slots), key=lambda p: p.cost())


def _current_kdf(vault: UnlockedVault, slot_id: str) -> Argon2Params | None:
    found = [s.kdf for s in vault.header.slots if s.slot_id == slot_id and s.kind != "recovery"]
    return found[0] if found else None
