"""Schema 1: cases, documents and their versions (with each version's wrapped data key), tags,
the `meta` key/value table (generation counter) and the blob journal.

Ids are `INTEGER PRIMARY KEY AUTOINCREMENT`: an id is never reused after a deletion, so an audit
entry naming document 42 can never come to mean another document.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    "INSERT INTO meta (key, value) VALUES ('generation', '0')",
    """CREATE TABLE cases (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT NOT NULL,
        reference       TEXT NOT NULL DEFAULT '',
        notes           TEXT NOT NULL DEFAULT '',
        retention_until TEXT,
        legal_hold      INTEGER NOT NULL DEFAULT 0 CHECK (legal_hold IN (0, 1)),
        created_at      TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        case_id     INTEGER REFERENCES cases(id) ON DELETE RESTRICT,
        name        TEXT NOT NULL,
        media_type  TEXT NOT NULL,
        notes       TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        imported_at TEXT NOT NULL
    )""",
    # the document lists (all, or one case's) are shown sorted by name, page by page
    "CREATE INDEX documents_by_name ON documents(name COLLATE NOCASE, id)",
    "CREATE INDEX documents_by_case ON documents(case_id, name COLLATE NOCASE, id)",
    """CREATE TABLE versions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        number      INTEGER NOT NULL CHECK (number >= 1),
        blob_id     TEXT NOT NULL UNIQUE,
        size        INTEGER NOT NULL CHECK (size >= 0),
        sha256      BLOB NOT NULL CHECK (length(sha256) = 32),
        wrapped_key BLOB NOT NULL,
        created_at  TEXT NOT NULL,
        UNIQUE (document_id, number)
    )""",
    """CREATE TABLE tags (
        id   INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        key  TEXT NOT NULL UNIQUE
    )""",
    """CREATE TABLE document_tags (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (document_id, tag_id)
    ) WITHOUT ROWID""",
    "CREATE INDEX document_tags_by_tag ON document_tags(tag_id)",
    # Blobs whose fate is undecided: announced before a blob is renamed into blobs/, or after its
    # key row was shredded and before its file is unlinked. At open, every listed blob that no
    # version references is unlinked. See storage/store.py.
    """CREATE TABLE blob_journal (
        blob_id TEXT PRIMARY KEY,
        since   TEXT NOT NULL
    ) WITHOUT ROWID""",
)


def apply(db: Database) -> None:
    for sql in STATEMENTS:
        db.execute(sql)
