"""After an unlock with the recovery code, a new recovery code is due until one is made.

Whoever opened the vault with the printed code may have had to take the sheet out of the safe,
photograph it or read it out: it must be considered used up. `open_unlocked` calls
`note_unlock` on every opening; when the recovery slot opened the vault, its slot id is kept in
the vault's own `meta` table (inside the encrypted database: nothing is visible from outside).

A new code is due while that slot is still the vault's recovery slot. Replacing the code
(`Slots.replace_recovery`) makes a slot with a new id, so the reminder ends by itself, however
the code was replaced (either face, a batch), and survives a crash at any point. Both faces ask
`new_recovery_code_due(session)`: the GUI shows a banner, the command line a one-line reminder
on each command that unlocks.
"""

from __future__ import annotations

from app.unlock import UnlockedVault
from app.vault.session import VaultSession
from crypto.keyslots import KIND_RECOVERY
from storage.header import VaultHeader
from storage.store import Store

_KEY = "recovery_code_used"  # meta key: the id of the recovery slot that opened the vault


def _recovery_slot_ids(header: VaultHeader) -> set[str]:
    return {s.slot_id for s in header.slots if s.kind == KIND_RECOVERY}


def _used_slot(store: Store) -> str | None:
    value = store.db.scalar("SELECT value FROM meta WHERE key = ?", (_KEY,))
    return None if value is None else str(value)


def note_unlock(store: Store, unlocked: UnlockedVault) -> None:
    """Remember a recovery-code unlock; forget a reminder whose code has been replaced."""
    current = _recovery_slot_ids(unlocked.header)
    if unlocked.slot_id in current:
        with store.db.transaction():
            store.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (_KEY, unlocked.slot_id))
        return
    used = _used_slot(store)
    if used is not None and used not in current:
        with store.db.transaction():
            store.db.execute("DELETE FROM meta WHERE key = ?", (_KEY,))


def recovery_code_due(store: Store, header: VaultHeader) -> bool:
    used = _used_slot(store)
    return used is not None and used in _recovery_slot_ids(header)


def new_recovery_code_due(session: VaultSession) -> bool:
    """True while the recovery code that last opened `session`'s vault is still in force."""
    return recovery_code_due(session.store, session.header)
