"""The vault's SQLCipher database: `Database` (a keyed, configured connection) and its errors."""

from storage.db.connection import KEY_LEN, PAGE_SIZE, Database, Row, SQLError
from storage.db.errors import (
    DatabaseError,
    DatabaseKeyError,
    MissingDatabaseError,
    NewerVaultError,
    NotAVaultDatabaseError,
)

__all__ = [
    "KEY_LEN",
    "PAGE_SIZE",
    "Database",
    "DatabaseError",
    "DatabaseKeyError",
    "MissingDatabaseError",
    "NewerVaultError",
    "NotAVaultDatabaseError",
    "Row",
    "SQLError",
]
