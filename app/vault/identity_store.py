"""The vault holder's identity, kept inside the encrypted database (table `identity`).

The private identity (Ed25519 signing key, X25519 and hybrid age keys, and the self-signed card)
is stored as its `scelle-identity/1` JSON (crypto/identity_file.py) in one row of vault.db; it
exists nowhere else on disk. Operations:

* `create(name, role, organisation)`: generate and store (once, at vault creation);
* `load()`: the `PrivateIdentity` (checked: the secret keys match the card);
* `renew(expires=…, name=…)`: a new self-signed card with the same keys (same fingerprint, so
  contacts need not verify again); the previous card is kept in `identity_history`;
* `adopt_card(card)`: take a card certified by the organisation (same keys required);
* `export_card(path)`: write the public card file (never overwrites).

Each change is audited (`identity.create`, `identity.renew`, `identity.export`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from app.audit import AuditLog
from app.records import now_text
from app.vault.errors import IdentityMissingError, VaultSessionError
from crypto.durable import write_file
from crypto.identity import DEFAULT_VALIDITY, IdentityCard, PrivateIdentity
from crypto.identity_file import IdentityFileError, identity_from_json, identity_to_json
from crypto.sealed.codec import utc_now
from storage.store import Store


class CardExportError(VaultSessionError):
    """The identity card file cannot be written; nothing was written."""


def _wipe(buffer: bytearray) -> None:
    buffer[:] = bytes(len(buffer))


class IdentityStore:
    """The identity row of one open store."""

    def __init__(self, store: Store, audit: AuditLog,
                 on_change: Callable[[PrivateIdentity], None] | None = None) -> None:
        self._store = store
        self._db = store.db
        self._audit = audit
        self._on_change = on_change  # told of every new or changed identity, once committed

    def exists(self) -> bool:
        return self._db.scalar("SELECT 1 FROM identity WHERE slot = 1") is not None

    def load(self) -> PrivateIdentity:
        row = self._db.query_one("SELECT secret FROM identity WHERE slot = 1")
        if row is None:
            raise IdentityMissingError("This vault holds no identity yet.")
        secret = bytearray(row[0])
        try:
            return identity_from_json(secret)
        except IdentityFileError:
            raise IdentityMissingError("The identity stored in the vault is damaged.") from None
        finally:
            _wipe(secret)

    def create(self, name: str, role: str = "", organisation: str = "", *,
               validity: timedelta = DEFAULT_VALIDITY, hybrid: bool = True) -> PrivateIdentity:
        """Generate the holder's identity and store it (refused if one exists)."""
        identity = PrivateIdentity.generate(name, role, organisation, validity=validity,
                                            hybrid=hybrid)
        self.store_new(identity)
        return identity

    def store_new(self, identity: PrivateIdentity) -> None:
        """Store an identity made elsewhere (refused if the vault already holds one)."""
        identity.check_matches_card()
        with self._db.transaction():
            if self.exists():
                raise VaultSessionError("This vault already holds an identity.")
            self._write(identity, insert=True)
            self._audit.record("identity.create")
        if self._on_change is not None:
            self._on_change(identity)

    def renew(self, *, expires: datetime | None = None, validity: timedelta = DEFAULT_VALIDITY,
              name: str | None = None, role: str | None = None,
              organisation: str | None = None) -> PrivateIdentity:
        """A new card for the same keys (fingerprint unchanged); certifications are dropped."""
        current = self.load()
        now = utc_now()
        renewed = current.renewed(expires=expires or now + validity, name=name, role=role,
                                  organisation=organisation, now=now)
        self._replace(current, renewed)
        return renewed

    def adopt_card(self, card: IdentityCard) -> PrivateIdentity:
        """Use `card` (e.g. returned certified by the organisation) for the same keys."""
        current = self.load()
        updated = current.with_card(card)  # CardError if the keys differ
        self._replace(current, updated)
        return updated

    def export_card(self, path: str | os.PathLike[str]) -> Path:
        """Write the public card to a new file at `path` (never replaced); return the path."""
        card = self.load().card
        dest = Path(path)
        _write_new(dest, card.to_bytes())
        with self._db.transaction():
            self._audit.record("identity.export")
        return dest

    def _replace(self, old: PrivateIdentity, new: PrivateIdentity) -> None:
        old_secret = identity_to_json(old)
        try:
            with self._db.transaction():
                self._db.execute(
                    "INSERT INTO identity_history (secret, fingerprint, retired_at)"
                    " VALUES (?, ?, ?)", (bytes(old_secret), old.fingerprint, now_text()))
                self._write(new, insert=False)
                self._audit.record("identity.renew")
        finally:
            _wipe(old_secret)
        if self._on_change is not None:
            self._on_change(new)

    def _write(self, identity: PrivateIdentity, *, insert: bool) -> None:
        secret = identity_to_json(identity)
        try:
            now = now_text()
            if insert:
                self._db.execute(
                    "INSERT INTO identity (slot, secret, fingerprint, created_at, updated_at)"
                    " VALUES (1, ?, ?, ?, ?)", (bytes(secret), identity.fingerprint, now, now))
            else:
                self._db.execute(
                    "UPDATE identity SET secret = ?, fingerprint = ?, updated_at = ?"
                    " WHERE slot = 1", (bytes(secret), identity.fingerprint, now))
        finally:
            _wipe(secret)


def _write_new(dest: Path, data: bytes) -> None:
    """Create `dest` with `data`, never replacing a file (crypto/durable.py)."""
    try:
        # A card is public and meant to be handed out: readable by others, unlike our secrets.
        write_file(dest, data, mode=0o644)
    except FileExistsError:
        raise CardExportError("A file already exists where the card was to be written; "
                              "it was not replaced.") from None
    except OSError as exc:
        raise CardExportError(f"The identity card cannot be written ({exc.strerror}).") from None
