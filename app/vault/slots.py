"""Key-slot management from an open session: the app/unlock functions, plus what the session
owes them afterwards (recording the header's new generation inside the database, and an audit
entry per change).

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
    remove_slot,
    replace_recovery_slot,
)
from app.unlock.opening import Passphrase
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
        enrollment = add_slot(self._vault(), passphrase, factor, label=label, kdf=kdf,
                              keyring=self._keyring)
        self._record("slot.add")
        return enrollment

    def remove(self, slot_id: str) -> None:
        remove_slot(self._vault(), slot_id, keyring=self._keyring)
        self._record("slot.remove")

    def change_passphrase(self, slot_id: str, old_passphrase: Passphrase,
                          new_passphrase: Passphrase, factor: KeyFactor | None = None, *,
                          kdf: Argon2Params | None = None) -> None:
        change_passphrase(self._vault(), slot_id, old_passphrase, new_passphrase, factor,
                          kdf=kdf, keyring=self._keyring)
        self._record("slot.passphrase")

    def replace_recovery(self, *, kdf: Argon2Params | None = None) -> str:
        """A new recovery code (returned once, for printing); the old one stops working."""
        code = replace_recovery_slot(self._vault(), kdf=kdf)
        self._record("slot.recovery")
        return code

    def _record(self, action: str) -> None:
        store = self._store()
        with store.db.transaction():
            store.set_generation(self._vault().generation)
            self._audit().record(action)
