"""Helpers for the relay client tests: sending a case file, and everything the relay stored."""

from __future__ import annotations

import os
from pathlib import Path

from app.relay_client import Letter, OutboxItem
from relay.db.base import Database
from tests.relay_client.conftest import BODY, CLIENT_NAME, FILE_NAME, SUBJECT, Member, Net, \
    add_document


def send_case_file(net: Net, sender: Member, recipient: Member, data: bytes | None = None,
                   *, days: int = 7, upload: bool = True) -> tuple[OutboxItem, bytes]:
    """Befriend (directory + safety number), import a document, send it; (item, content)."""
    contact = sender.session.contacts.by_fingerprint(bytes.fromhex(recipient.fingerprint))
    contact_id = contact.id if contact else net.befriend(sender, recipient)[0]
    content = data if data is not None else os.urandom(200_000) + CLIENT_NAME.encode()
    doc = add_document(sender.session, FILE_NAME, content)
    item = sender.relay.send([doc], [contact_id], Letter(subject=SUBJECT, message=BODY,
                                                          reference=CLIENT_NAME),
                             availability_days=days, upload=upload)
    return item, content


def database_dump(db: Database, except_tables: tuple[str, ...] = ()) -> bytes:
    """Every row of every table of the relay's database (but `except_tables`), as text bytes."""
    with db.transaction() as tx:
        if db.dialect == "sqlite":
            tables = [r[0] for r in tx.all("SELECT name FROM sqlite_master WHERE type = 'table'")]
        else:
            tables = [r[0] for r in tx.all("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'public'")]
        parts: list[bytes] = []
        for table in (t for t in tables if t not in except_tables):
            for row in tx.all(f'SELECT * FROM "{table}"'):
                parts.extend(_raw(v) for v in row)
    return b"\x00".join(parts)


def _raw(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    return str(value).encode("utf-8")


def files_under(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}
