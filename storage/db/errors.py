"""Errors raised while opening or using the vault database. Messages never carry key material,
SQL values or names: only what went wrong, in words a user understands."""

from __future__ import annotations

from crypto.errors import ScelleError


class DatabaseError(ScelleError):
    """The vault database could not be used (disk error, damage, …)."""


class DatabaseKeyError(DatabaseError):
    """The key does not decrypt `vault.db` (wrong key, or a damaged first page)."""

    def __init__(self) -> None:
        super().__init__(
            "The vault database could not be decrypted: the key is wrong or the file is damaged."
        )


class NotAVaultDatabaseError(DatabaseError):
    """`vault.db` is not an encrypted Scellé database at all (plain SQLite, empty, truncated)."""

    def __init__(self, why: str) -> None:
        super().__init__(f"The file vault.db is not a Scellé vault database ({why}).")


class MissingDatabaseError(DatabaseError):
    def __init__(self) -> None:
        super().__init__("This folder has no vault database (vault.db is missing).")


class NewerVaultError(DatabaseError):
    """The database was written by a newer Scellé; this version must not touch it."""

    exit_code = 3

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"This vault was written by a newer version of Scellé (schema {found}, this version "
            f"understands up to {supported}); please update Scellé. The vault was not modified."
        )
        self.found = found
        self.supported = supported
