"""Schema 6: organisation certification keys held by an organisation's admin (app/org/).

An admin keeps their organisation's Ed25519 key either here, inside the encrypted database like
the identity (`kind` 'vault': the 32-byte private seed, nowhere else on disk), or on a PKCS#11
token (`kind` 'token': where to find it; the private key never leaves the token). The public key
is recorded in both cases: signatures made by a token are checked against it.
"""

from __future__ import annotations

from storage.db import Database

STATEMENTS = (
    """CREATE TABLE org_keys (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        organisation TEXT NOT NULL UNIQUE,
        public_key   BLOB NOT NULL UNIQUE CHECK (length(public_key) = 32),
        kind         TEXT NOT NULL CHECK (kind IN ('vault', 'token')),
        secret       BLOB CHECK (secret IS NULL OR length(secret) = 32),
        module_path  TEXT,
        token_label  TEXT,
        token_serial TEXT,
        key_id       BLOB,
        added_at     TEXT NOT NULL,
        CHECK ((kind = 'vault' AND secret IS NOT NULL AND key_id IS NULL)
            OR (kind = 'token' AND secret IS NULL AND key_id IS NOT NULL))
    )""",
)


def apply(db: Database) -> None:
    for statement in STATEMENTS:
        db.execute(statement)
