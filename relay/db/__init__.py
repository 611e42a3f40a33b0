"""Metadata storage: SQLite (default) or PostgreSQL behind `relay.db.base.Database`."""

from __future__ import annotations

from relay.config import RelayConfig
from relay.db.base import Database


def open_database(config: RelayConfig) -> Database:
    url = config.database_url
    if url is None:
        from relay.db.sqlite import SqliteDatabase
        return SqliteDatabase(config.sqlite_path)
    if url.startswith(("postgresql://", "postgres://")):
        from relay.db.postgres import PostgresDatabase
        return PostgresDatabase(url)
    raise ValueError("The database URL must start with postgresql:// "
                     "(or leave it out to use SQLite in the data folder).")
