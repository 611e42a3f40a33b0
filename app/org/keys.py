"""The organisation keys an admin holds, rows of `org_keys` (vault schema 6).

A key is either in the vault (`vault`: its 32-byte Ed25519 seed, inside the encrypted database
like the identity, nowhere else on disk) or on a PKCS#11 token (`token`: the library, the
token's label and serial, the key's CKA_ID; the private key never leaves the token). The public
key is kept in both cases. Each organisation has at most one key here, named by the
organisation it certifies for.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.audit import AuditLog
from app.org.errors import OrgError, OrgKeyMissingError
from app.records import clean_text, now_text
from crypto.factors.pkcs11_token import TokenSelector
from crypto.org_token import TokenOrgKey
from storage.db import Row
from storage.store import Store

VAULT, TOKEN = "vault", "token"
_COLUMNS = ("id, organisation, public_key, kind, module_path, token_label, token_serial, key_id,"
            " added_at")


@dataclass(frozen=True)
class OrgKeyRecord:
    """One organisation key held by this vault (never its secret)."""

    id: int
    organisation: str
    public_key: bytes
    kind: str  # VAULT | TOKEN
    module_path: str | None
    token_label: str | None
    token_serial: str | None
    key_id: bytes | None
    added_at: str

    @property
    def public_key_hex(self) -> str:
        return self.public_key.hex()

    def token_key(self) -> TokenOrgKey:
        """Where the key lives on its token (TOKEN keys only)."""
        if self.kind != TOKEN or self.key_id is None:
            raise OrgError("This organisation key is not on a security token.")
        selector = TokenSelector(label=self.token_label or None, serial=self.token_serial or None)
        return TokenOrgKey(self.module_path or "", selector, self.key_id, self.public_key)


def _record(row: Row) -> OrgKeyRecord:
    return OrgKeyRecord(row[0], row[1], bytes(row[2]), row[3], row[4], row[5], row[6],
                        bytes(row[7]) if row[7] is not None else None, row[8])


def organisation_label(text: str) -> str:
    """The name an admin gives an organisation key (the relay's organisation name)."""
    return clean_text(text, "organisation name", max_len=200)


class OrgKeys:
    """The `org_keys` rows of one open vault."""

    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._db = store.db
        self._audit = audit

    def list(self) -> list[OrgKeyRecord]:
        rows = self._db.query(f"SELECT {_COLUMNS} FROM org_keys ORDER BY organisation")
        return [_record(r) for r in rows]

    def get(self, organisation: str | None = None) -> OrgKeyRecord:
        """The key for `organisation`; without a name, the only key this vault holds."""
        keys = self.list()
        if organisation is not None:
            wanted = organisation_label(organisation)
            keys = [k for k in keys if k.organisation == wanted]
            if not keys:
                raise OrgKeyMissingError(f"This vault holds no key of the organisation "
                                         f"{wanted!r}.")
        if not keys:
            raise OrgKeyMissingError("This vault holds no organisation key: import it "
                                     "(org key import) or make one (org key create).")
        if len(keys) > 1:
            raise OrgError("This vault holds the keys of several organisations: name one.")
        return keys[0]

    def secret(self, record: OrgKeyRecord) -> Ed25519PrivateKey:
        """The private key of a VAULT key (loaded for one signer, never written out)."""
        seed = self._db.scalar("SELECT secret FROM org_keys WHERE id = ? AND kind = ?",
                               (record.id, VAULT))
        if seed is None:
            raise OrgKeyMissingError("This organisation key is not held in the vault.")
        buffer = bytearray(seed)
        try:
            return Ed25519PrivateKey.from_private_bytes(bytes(buffer))
        finally:
            buffer[:] = bytes(len(buffer))

    def add_vault_key(self, organisation: str, key: Ed25519PrivateKey) -> OrgKeyRecord:
        seed = bytearray(key.private_bytes_raw())
        try:
            return self._insert(organisation, key.public_key().public_bytes_raw(), VAULT,
                                secret=bytes(seed))
        finally:
            seed[:] = bytes(len(seed))

    def add_token_key(self, organisation: str, key: TokenOrgKey) -> OrgKeyRecord:
        return self._insert(organisation, key.public_key, TOKEN, module_path=key.module_path,
                            token_label=key.selector.label, token_serial=key.selector.serial,
                            key_id=key.key_id)

    def remove(self, organisation: str) -> None:
        record = self.get(organisation)
        with self._db.transaction():
            self._db.execute("DELETE FROM org_keys WHERE id = ?", (record.id,))
            self._audit.record("org.key_remove")

    def _insert(self, organisation: str, public_key: bytes, kind: str, **fields: object
                ) -> OrgKeyRecord:
        name = organisation_label(organisation)
        with self._db.transaction():
            clash = self._db.scalar("SELECT organisation FROM org_keys WHERE organisation = ? "
                                    "OR public_key = ?", (name, public_key))
            if clash is not None:
                raise OrgError(f"This vault already holds a key for {clash!r}; remove it "
                               "first (org key remove).")
            self._db.execute(
                "INSERT INTO org_keys (organisation, public_key, kind, secret, module_path,"
                " token_label, token_serial, key_id, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (name, public_key, kind, fields.get("secret"), fields.get("module_path"),
                 fields.get("token_label"), fields.get("token_serial"), fields.get("key_id"),
                 now_text()))
            self._audit.record("org.key_add")
        return self.get(name)
