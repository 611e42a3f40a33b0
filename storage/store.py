"""The encrypted store of an unlocked vault: `vault.db` + `blobs/` + `staging/`.

```python
store = Store.create(vault_dir, vmk)      # new vault (vault.db must not exist yet)
store = Store.open(vault_dir, vmk)        # existing vault
with store: ...                           # or store.close()
```

Keys. Everything derives from the 32-byte vault master key (VMK) with HKDF-SHA256 (empty salt:
the VMK is uniformly random) and one info string per use, so no derived key reveals another:

| info                                 | key                                                   |
|--------------------------------------|-------------------------------------------------------|
| `scelle/v1 vault database key`       | SQLCipher raw key of vault.db                         |
| `scelle/v1 blob key-wrapping key`    | wraps each document version's random data key         |
| `scelle/v1 audit log key`            | HMAC key of the audit chain (app/audit.py)            |

The VMK itself is not kept. Opening, in order: the database is opened with read-only settings
and its schema version read (a newer one raises `NewerVaultError` with nothing modified); the
vault lock is taken (`VaultBusyError`); WAL is enabled and migrations run; `staging/` is emptied;
the blob journal is recovered (see storage/blobs/journal.py).

The store also keeps the **generation** counter for the header engineer's rollback detection:
`get_generation()`, `set_generation(n)` (never decreasing), `bump_generation()`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from crypto.age.primitives import hkdf_sha256
from crypto.errors import ScelleError
from storage.blobs import (
    BlobBatch,
    BlobIntake,
    BlobJournal,
    BlobStore,
    BlobStream,
    unwrap_data_key,
)
from storage.db import Database, NewerVaultError
from storage.migrations import LATEST, migrate
from storage.staging import Staging

DB_NAME = "vault.db"
BLOBS_DIR = "blobs"
STAGING_DIR = "staging"
VMK_LEN = 32

_INFO_DATABASE = b"scelle/v1 vault database key"
_INFO_KEY_WRAPPING = b"scelle/v1 blob key-wrapping key"
_INFO_AUDIT = b"scelle/v1 audit log key"


class StoreError(ScelleError):
    """The vault folder cannot hold or open a store (missing folder, existing database…)."""


@dataclass(frozen=True)
class VaultKeys:
    """The keys derived from the VMK, in buffers that `wipe()` zeroes when the store closes (a
    reduction of exposure only: Python and the libraries keep copies we cannot reach)."""

    database: bytearray = field(repr=False)
    key_wrapping: bytearray = field(repr=False)
    audit: bytearray = field(repr=False)

    def wipe(self) -> None:
        for key in (self.database, self.key_wrapping, self.audit):
            key[:] = bytes(len(key))


def _hkdf(vmk: bytes, info: bytes) -> bytearray:
    return bytearray(hkdf_sha256(vmk, b"", info))


def derive_keys(vmk: bytes) -> VaultKeys:
    if not isinstance(vmk, bytes | bytearray) or len(vmk) != VMK_LEN:
        raise ValueError("the vault master key must be 32 bytes")
    vmk = bytes(vmk)
    return VaultKeys(
        database=_hkdf(vmk, _INFO_DATABASE),
        key_wrapping=_hkdf(vmk, _INFO_KEY_WRAPPING),
        audit=_hkdf(vmk, _INFO_AUDIT),
    )


class Store:
    """An open vault store. Use `Store.create` / `Store.open`; always `close()` (or `with`)."""

    def __init__(self, vault_dir: Path, db: Database, staging: Staging, keys: VaultKeys) -> None:
        self.vault_dir = vault_dir
        self.db = db
        self.staging = staging
        self.blobs = BlobStore(vault_dir / BLOBS_DIR)
        self.journal = BlobJournal(db, self.blobs)
        self._keys = keys

    # -- lifecycle ----------------------------------------------------------------------------
    @classmethod
    def create(cls, vault_dir: Path, vmk: bytes) -> Store:
        """Create `vault.db`, `blobs/` and `staging/` in `vault_dir` (made if missing)."""
        vault_dir = Path(vault_dir)
        keys = derive_keys(vmk)
        try:
            vault_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            if (vault_dir / DB_NAME).exists():
                raise StoreError("This folder already holds a vault database; it was not changed.")
            staging = Staging(vault_dir / STAGING_DIR)
            staging.lock()
            try:
                db = Database.open(vault_dir / DB_NAME, keys.database, create=True)
                return cls._finish_open(vault_dir, db, staging, keys)
            except BaseException:
                # a half-made database would block the next attempt: it is ours, remove it
                for suffix in ("", "-wal", "-shm", "-journal"):
                    (vault_dir / (DB_NAME + suffix)).unlink(missing_ok=True)
                staging.unlock()
                raise
        except BaseException:
            keys.wipe()
            raise

    @classmethod
    def open(cls, vault_dir: Path, vmk: bytes) -> Store:
        """Open an existing store. Raises `MissingDatabaseError`, `NotAVaultDatabaseError`,
        `DatabaseKeyError`, `NewerVaultError`, `VaultBusyError` (all `ScelleError`)."""
        vault_dir = Path(vault_dir)
        keys = derive_keys(vmk)
        try:
            if not vault_dir.is_dir():
                raise StoreError("The vault folder does not exist.")
            db = Database.open(vault_dir / DB_NAME, keys.database)
            try:
                found = db.schema_version()
                if found > LATEST:
                    raise NewerVaultError(found, LATEST)
                staging = Staging(vault_dir / STAGING_DIR)
                staging.lock()
            except BaseException:
                db.close(checkpoint=False)
                raise
            return cls._finish_open(vault_dir, db, staging, keys)
        except BaseException:
            keys.wipe()
            raise

    @classmethod
    def _finish_open(cls, vault_dir: Path, db: Database, staging: Staging, keys: VaultKeys) -> Store:
        try:
            db.enable_writes()
            migrate(db)
            store = cls(vault_dir, db, staging, keys)
            store.blobs.ensure()
            staging.empty()
            store.journal.recover()
        except BaseException:
            db.close(checkpoint=False)
            staging.unlock()
            raise
        return store

    def close(self) -> None:
        """Checkpoint and close the database, release the vault lock, zero the derived keys.
        Idempotent."""
        try:
            if not self.db.closed:
                self.db.close()
        finally:
            self.staging.unlock()
            self._keys.wipe()

    @property
    def closed(self) -> bool:
        return self.db.closed

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- generation (rollback detection, used by the header) ----------------------------------
    def get_generation(self) -> int:
        return int(self.db.scalar("SELECT value FROM meta WHERE key = 'generation'"))

    def set_generation(self, n: int) -> None:
        """Store `n`; refuses to go backwards (that is exactly what a rollback looks like)."""
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise ValueError("generation must be a non-negative integer")
        with self.db.transaction():
            current = self.get_generation()
            if n < current:
                raise ValueError("the generation counter never decreases")
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", (str(n),))

    def bump_generation(self) -> int:
        with self.db.transaction():
            n = self.get_generation() + 1
            self.set_generation(n)
        return n

    @property
    def schema_version(self) -> int:
        return self.db.schema_version()

    # -- keys -------------------------------------------------------------------------------
    @property
    def audit_key(self) -> bytearray:
        """HMAC key of the audit chain (app/audit.py); zeroed when the store closes."""
        return self._keys.audit

    def data_key(self, blob_id: str, wrapped_key: bytes, document_id: int | None = None) -> bytes:
        """Unwrap a version's data key (`CorruptBlobError` if the record was tampered with)."""
        return unwrap_data_key(
            bytes(self._keys.key_wrapping), wrapped_key, bytes.fromhex(blob_id), document_id
        )

    # -- blobs --------------------------------------------------------------------------------
    def new_blob(self) -> BlobIntake:
        """Start writing one blob; see storage/blobs/intake.py for the protocol."""
        return BlobIntake(
            self.db, self.staging, self.blobs, self.journal, bytes(self._keys.key_wrapping)
        )

    def new_batch(self, capacity: int) -> BlobBatch:
        """Start writing up to `capacity` blobs committed together (storage/blobs/batch.py)."""
        return BlobBatch(self.db, self.staging, self.blobs, self.journal,
                         bytes(self._keys.key_wrapping), capacity)

    def open_blob(
        self, blob_id: str, wrapped_key: bytes, size: int, document_id: int | None = None
    ) -> BlobStream:
        """A seekable plaintext stream over a stored blob (authenticated chunk by chunk)."""
        key = self.data_key(blob_id, wrapped_key, document_id)
        return self.blobs.open_reader(blob_id, key, size=size, document_id=document_id)

    def forget_blobs(self, blob_ids: Iterable[str]) -> None:
        """Inside the transaction that deletes their version rows (the crypto-shred): mark the
        blobs for removal. Call `purge_blobs` with the same ids after the commit."""
        if not self.db.in_transaction:
            raise RuntimeError("forget_blobs() must run in the deleting transaction")
        self.journal.announce(blob_ids)

    def purge_blobs(self, blob_ids: Iterable[str]) -> None:
        """After the shredding commit: fold the WAL into the database and truncate it (so the
        old key rows leave the live WAL file), unlink the files, clear the journal."""
        ids = list(blob_ids)
        self.db.checkpoint()
        for blob_id in ids:
            self.blobs.remove(blob_id)
        self.journal.settle(ids)
