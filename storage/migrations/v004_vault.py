"""Schema 4: what the vault session adds (app/vault/): the user's private identity, contacts
with their verification state and key history, the correspondence log of sealed messages sent
and received, and the replay table of message ids already received.

Every secret here (private keys, names, subjects, message bodies) lives only inside the
encrypted database. `seen_messages` keeps a received message id for good, even after the
message record and its documents are deleted: a copy presented again is still refused.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    # One row: the vault holder's identity (scelle-identity/1 JSON, secret keys included).
    """CREATE TABLE identity (
        slot        INTEGER PRIMARY KEY CHECK (slot = 1),
        secret      BLOB NOT NULL,
        fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    )""",
    # Earlier cards of the holder's identity (renewals keep the keys; replacements do not).
    """CREATE TABLE identity_history (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        secret      BLOB NOT NULL,
        fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
        retired_at  TEXT NOT NULL
    )""",
    """CREATE TABLE contacts (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        name            TEXT NOT NULL,
        name_key        TEXT NOT NULL,
        fingerprint     BLOB NOT NULL UNIQUE CHECK (length(fingerprint) = 32),
        card            BLOB NOT NULL,
        state           TEXT NOT NULL
                        CHECK (state IN ('unverified', 'verified', 'key_changed')),
        verified_at     TEXT,
        verified_method TEXT CHECK (verified_method IS NULL
                                    OR verified_method IN ('safety_number', 'qr_code')),
        notes           TEXT NOT NULL DEFAULT '',
        added_at        TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    )""",
    "CREATE INDEX contacts_by_name ON contacts(name_key)",
    # Keys a contact used before a key change (kept to explain a file signed with an old key).
    """CREATE TABLE contact_keys (
        contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        fingerprint BLOB NOT NULL CHECK (length(fingerprint) = 32),
        card        BLOB NOT NULL,
        replaced_at TEXT NOT NULL,
        PRIMARY KEY (contact_id, fingerprint)
    ) WITHOUT ROWID""",
    "CREATE INDEX contact_keys_by_fingerprint ON contact_keys(fingerprint)",
    """CREATE TABLE messages (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        direction       TEXT NOT NULL CHECK (direction IN ('received', 'sent')),
        message_id      BLOB NOT NULL CHECK (length(message_id) = 16),
        created         TEXT NOT NULL,
        recorded_at     TEXT NOT NULL,
        sender          BLOB NOT NULL CHECK (length(sender) = 32),
        sender_card     BLOB NOT NULL,
        sender_verified INTEGER NOT NULL CHECK (sender_verified IN (0, 1)),
        recipients      TEXT NOT NULL,
        subject         TEXT NOT NULL,
        body            TEXT NOT NULL,
        reference       TEXT NOT NULL,
        expires         TEXT,
        view_only       INTEGER NOT NULL CHECK (view_only IN (0, 1)),
        case_id         INTEGER REFERENCES cases(id) ON DELETE SET NULL,
        UNIQUE (direction, message_id)
    )""",
    """CREATE TABLE message_documents (
        message     INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position    INTEGER NOT NULL CHECK (position >= 0),
        document_id INTEGER REFERENCES documents(id) ON DELETE SET NULL,
        PRIMARY KEY (message, position)
    ) WITHOUT ROWID""",
    "CREATE INDEX message_documents_by_document ON message_documents(document_id)",
    """CREATE TABLE seen_messages (
        message_id BLOB PRIMARY KEY CHECK (length(message_id) = 16),
        seen_at    TEXT NOT NULL
    ) WITHOUT ROWID""",
)


def apply(db: Database) -> None:
    for sql in STATEMENTS:
        db.execute(sql)
