"""`VaultSession`: one unlocked vault, its store and every service over it.

Made by `open_vault` / `create_vault` (app/vault/create.py), never directly. While open it
holds the unlocked key handle (VMK) and the open store (which holds the vault's process lock).
`lock()` closes the store (checkpointing the WAL), wipes the VMK and drops the cached identity;
it is idempotent, and after it every service access raises `SessionLockedError`.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from app.audit import AuditLog
from app.cases import Cases
from app.importer import Importer
from app.search import Search
from app.unlock import UnlockedVault, VaultUnlocker
from app.vault.consultation import Consultations
from app.vault.contacts import Contacts
from app.vault.errors import SessionLockedError
from app.vault.identity_store import IdentityStore
from app.vault.services import Integrity, VaultDocuments
from app.vault.slots import Slots
from crypto.identity import IdentityCard, PrivateIdentity
from storage.header import VaultHeader
from storage.keyring_store import KeyringStore
from storage.store import Store

if TYPE_CHECKING:
    # Sealing and receiving are imported by the methods that run them: every session pays
    # for its start-up, and most (an import, a listing, a search) never seal nor receive.
    from app.vault.exchange import ReceivedMessage, VerifiedMessage
    from app.vault.messages import Messages
    from app.vault.sending import SealedMessage
    from crypto.prekeys import Prekey
    from crypto.sealed.reader import KeyRing, SinkFactory
    from crypto.sealed.writer import CancelCheck, Progress


class VaultSession:
    """An open vault. Use it as a context manager, or call `lock()` when done."""

    def __init__(self, unlocked: UnlockedVault, store: Store, *,
                 unlocker: VaultUnlocker | None = None,
                 keyring: KeyringStore | None = None) -> None:
        self._vault: UnlockedVault | None = unlocked
        self._store: Store | None = store
        self._unlocker = unlocker
        self._keyring = keyring
        self._cond = threading.Condition()
        self._running: dict[int, int] = {}  # thread id -> sealed-file operations running
        self._closing = False
        self._identity: PrivateIdentity | None = None
        self.vault_dir = Path(unlocked.vault_dir)
        self.vault_id = unlocked.vault_id
        identities = IdentityStore(store, AuditLog(store))
        if identities.exists():
            self._identity = identities.load()
        self.audit = (AuditLog(store, self._identity.fingerprint.hex()) if self._identity
                      else AuditLog(store))
        self.identities = IdentityStore(store, self.audit, on_change=self._identity_changed)
        self._documents = VaultDocuments(store, self.audit)
        self._cases = Cases(store, self.audit)
        self._importer = Importer(store, self.audit)
        self._search = Search(store)
        self._integrity = Integrity(store, self.audit)
        self._contacts = Contacts(store, self.audit, lambda: self.identity)
        self._messages: Messages | None = None  # made on first use: see `messages`
        self._consultations = Consultations(store, self.audit)
        self._slots = Slots(self._require_vault, self._require_store, lambda: self.audit,
                            keyring)

    # -- state --------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._closing

    def _require_store(self) -> Store:
        store = self._store
        if store is None or self._closing:
            raise SessionLockedError()
        return store

    def _require_vault(self) -> UnlockedVault:
        vault = self._vault
        if vault is None:
            raise SessionLockedError()
        return vault

    def lock(self) -> None:
        """Close the store, wipe the VMK, forget the identity. Idempotent, thread-safe.

        A sealed-file operation running in another thread is cancelled (it stops at its next
        chunk, keeping nothing) and waited for; one running in this thread (lock() called from
        its progress callback) is cancelled and the store closed when it has unwound.
        """
        me = threading.get_ident()
        with self._cond:
            self._closing = True
            while sum(self._running.values()) - self._running.get(me, 0):
                self._cond.wait()
            if self._running.get(me):
                return  # _operation() closes once this thread's operation has unwound
        self._close()

    def _close(self) -> None:
        with self._cond:
            store, self._store = self._store, None
            vault, self._vault = self._vault, None
            self._identity = None
        try:
            if store is not None:
                store.close()
        finally:
            if self._unlocker is not None:
                self._unlocker.lock()
            if vault is not None:
                vault.wipe()

    close = lock

    @contextlib.contextmanager
    def _operation(self, cancel: CancelCheck | None) -> Iterator[CancelCheck]:
        """Run a sealed-file operation that `lock()` cancels; yields the cancel check to use."""
        me = threading.get_ident()
        with self._cond:
            if self._closing or self._store is None:
                raise SessionLockedError()
            self._running[me] = self._running.get(me, 0) + 1

        def cancelled() -> bool:
            return self._closing or (cancel is not None and bool(cancel()))

        try:
            yield cancelled
        finally:
            with self._cond:
                self._running[me] -= 1
                if not self._running[me]:
                    del self._running[me]
                self._cond.notify_all()
                close_now = self._closing and not self._running and self._store is not None
            if close_now:
                self._close()  # lock() was called during the operation, from its own thread

    def __enter__(self) -> VaultSession:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.lock()

    # -- services -----------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self._require_store()

    @property
    def header(self) -> VaultHeader:
        """The header verified at unlock (updated by slot changes)."""
        return self._require_vault().header

    @property
    def documents(self) -> VaultDocuments:
        self._require_store()
        return self._documents

    @property
    def cases(self) -> Cases:
        self._require_store()
        return self._cases

    @property
    def importer(self) -> Importer:
        self._require_store()
        return self._importer

    @property
    def search(self) -> Search:
        self._require_store()
        return self._search

    @property
    def integrity(self) -> Integrity:
        self._require_store()
        return self._integrity

    @property
    def contacts(self) -> Contacts:
        self._require_store()
        return self._contacts

    @property
    def messages(self) -> Messages:
        # Made on first use, like sealing and receiving: the correspondence log imports the
        # sealed-file metadata and its groups, which most sessions never read.
        from app.vault.messages import Messages

        store = self._require_store()
        with self._cond:
            if self._messages is None:
                self._messages = Messages(store, self.audit)
            return self._messages

    @property
    def consultations(self) -> Consultations:
        """View-only documents' consultation ends (app/vault/consultation.py)."""
        self._require_store()
        return self._consultations

    @property
    def slots(self) -> Slots:
        self._require_vault()
        return self._slots

    @property
    def identity(self) -> PrivateIdentity:
        """The vault holder's private identity (loaded from the database once, then cached)."""
        self._require_store()
        identity = self._identity
        if identity is None:
            identity = self._identity = self.identities.load()
        return identity

    def _identity_changed(self, identity: PrivateIdentity) -> None:
        with self._cond:
            if self._store is not None:
                self._identity = identity

    def renew_identity(self, **changes: object) -> PrivateIdentity:
        """See IdentityStore.renew (expires=, validity=, name=, role=, organisation=)."""
        self._require_store()
        return self.identities.renew(**changes)  # type: ignore[arg-type]

    def export_card(self, path: str | Path) -> Path:
        self._require_store()
        return self.identities.export_card(path)

    def adopt_card(self, card: IdentityCard) -> PrivateIdentity:
        """Use `card` (same keys, e.g. certified by the organisation) from now on."""
        self._require_store()
        self._identity = self.identities.adopt_card(card)
        return self._identity

    def guard(self, cancel: CancelCheck | None = None
              ) -> contextlib.AbstractContextManager[CancelCheck]:
        """Run long work (relay transfers) the way sealed-file operations run: `lock()` makes
        the yielded check return True and waits until the block has been left."""
        return self._operation(cancel)

    # -- sealed files -------------------------------------------------------------------------
    def seal_documents(self, document_ids: Sequence[int], recipient_contact_ids: Sequence[int],
                       out_path: str | Path, *, subject: str = "", message: str = "",
                       reference: str = "", expires: datetime | None = None,
                       view_only: bool = False, classic: bool = False,
                       allow_unverified: bool = False, progress: Progress | None = None,
                       cancel: CancelCheck | None = None,
                       now: datetime | None = None,
                       consult_until: datetime | None = None,
                       prekeys: Sequence[Prekey] = ()) -> SealedMessage:
        """Seal documents of the vault for contacts into `out_path` (see sending.py);
        `consult_until`: a view-only file's consultation end (app/vault/consultation.py);
        `prekeys`: a relayed message's recipients' prekeys (app/relay_client/prekeys.py)."""
        from app.vault.sending import SealRequest, seal_documents
        from crypto.sealed.writer import Letter

        request = SealRequest(list(document_ids), list(recipient_contact_ids), Path(out_path),
                              Letter(subject, message, reference, expires, view_only,
                                     consult_until=consult_until, prekeys=tuple(prekeys)),
                              classic, allow_unverified)
        with self._operation(cancel) as stop:
            return seal_documents(self.store, self.audit, self.identity, self.contacts,
                                  request, progress=progress, cancel=stop, now=now)

    def receive_sealed(self, path: str | Path, *, case_id: int | None = None,
                       accept_unverified: bool = False, accept_key_mismatch: bool = False,
                       progress: Progress | None = None, cancel: CancelCheck | None = None,
                       now: datetime | None = None,
                       keyring: KeyRing | None = None) -> ReceivedMessage:
        """Receive a sealed file into the vault, all or nothing (see exchange.py)."""
        from app.vault.exchange import receive_sealed

        with self._operation(cancel) as stop:
            return receive_sealed(self.store, self.audit, self.identity, self.contacts, path,
                                  case_id=case_id, accept_unverified=accept_unverified,
                                  accept_key_mismatch=accept_key_mismatch, progress=progress,
                                  cancel=stop, now=now, keyring=keyring)

    def verify_sealed(self, path: str | Path, *, accept_unverified: bool = False,
                      accept_key_mismatch: bool = False,
                      progress: Progress | None = None, cancel: CancelCheck | None = None,
                      now: datetime | None = None,
                      sinks: SinkFactory | None = None) -> VerifiedMessage:
        """Run every check of `receive_sealed` without writing anything (`sinks`: see
        exchange.py)."""
        from app.vault.exchange import verify_sealed

        with self._operation(cancel) as stop:
            return verify_sealed(self.store, self.identity, self.contacts, path,
                                 accept_unverified=accept_unverified,
                                 accept_key_mismatch=accept_key_mismatch, progress=progress,
                                 cancel=stop, now=now, sinks=sinks)
