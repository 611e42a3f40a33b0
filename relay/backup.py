"""Backup and restore of a whole relay: database rows, envelope bytes and the relay key.

    scelle-relay --data DIR backup --to BACKUP_DIR
    scelle-relay --data NEW restore --from BACKUP_DIR [--force]

A backup is a folder (0700, files 0600: it holds the relay's private key):

    manifest.json        format, schema version, source dialect, SHA-256 and size of each part
    relay-key.pem        the relay's signing key (proofs and pinned clients depend on it)
    relay-key-history.json  its earlier public keys and rotation statements, if it was rotated
    db/<table>.jsonl     one JSON array per row; bytes as {"b64": …}
    blobs/<id>           each committed envelope, and the committed prefix of each upload

Why a logical dump through the relay's own database layer rather than SQLite's backup API or
`pg_dump`: one format for both back ends (a SQLite relay can move to PostgreSQL by restoring),
no server tools of the right major version needed, and every row goes back through the same
portable SQL the relay uses. Consistency: the rows are read in one transaction (SQLite: the
write lock; PostgreSQL: REPEATABLE READ, one snapshot), then the bytes those rows refer to are
copied. Committed envelopes never change, and the bytes of an upload before its recorded
`received` never change either, so copying after the snapshot is consistent. An envelope whose
bytes vanished meanwhile (swept when it expired) is left out together with its rows.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crypto.content_digest import ContentHasher
from crypto.durable import write_file
from crypto.proofs import LEGACY_VERSION
from relay.blobs import COPY_BLOCK, BlobStore
from relay.db.base import Database, Row, Tx
from relay.db.migrations import MIGRATIONS, migrate, schema_version
from relay.errors import RelayError

FORMAT = "scelle-relay-backup"
FORMAT_VERSION = 1
HISTORY = "relay-key-history.json"  # beside relay-key.pem (RelayConfig.key_history_path)

#: Every table that holds state, in foreign-key order, with its columns (schema version 3).
#: `rate_buckets` is left out on purpose: rate-limit state is transient.
TABLES: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "certification_key", "created"),
    "org_links": ("org_a", "org_b", "created"),
    "invitations": ("code_hash", "org_id", "role", "created", "expires", "used", "used_by"),
    "members": ("fingerprint", "org_id", "role", "status", "card", "card_expires", "created",
                "updated"),
    # Why a member was revoked (schema 5): without it the admin's list loses the reason.
    "member_revocations": ("fingerprint", "reason", "revoked"),
    "nonces": ("key_id", "nonce", "expires"),
    "envelopes": ("id", "sender", "state", "size", "received", "sha256", "availability_days",
                  "created", "committed", "expires", "deposit_proof"),
    "envelope_recipients": ("envelope_id", "recipient", "delivered_bytes", "delivered",
                            "delivery_proof"),
    "receipts": ("envelope_id", "recipient", "event", "proof", "received"),
    "audit": ("id", "time", "actor", "action", "subject", "detail"),
    # Members' published prekeys (schema 8): without them senders fall back to long-term keys
    # until each member's next rotation.
    "prekeys": ("id", "owner", "document", "valid_from", "until", "published"),
    # Delegations (schema 7): without them assistants could no longer send on behalf, and
    # readers would stop learning revocations.
    "delegations": ("id", "org_id", "principal", "delegate", "scope", "valid_from",
                    "valid_until", "document", "certified", "revoked", "revocation", "created"),
    # Duty rosters and the group each envelope went to (schema 6): without them no one could
    # address a group, and a chunked upload to a group would commit without its group.
    "duty_rosters": ("group_id", "org_id", "version", "roster", "published", "publisher"),
    "envelope_groups": ("envelope_id", "group_id"),
    # The proof archive (schema 9, relay/evidence.py): proofs and their timestamps outlive
    # their envelopes for the retention period, so none is dropped with a missing envelope.
    "proof_archive": ("envelope_id", "kind", "party", "event", "proof", "token", "created",
                      "attempts", "next_attempt", "keep_until"),
    # Intake points and what is kept about their deposits (schema 10): without them a page
    # would vanish, its name could be taken, and members could no longer reply. The replies
    # themselves (30 days at most) are not kept in a backup (docs/relay.md "Intake").
    "intake_points": ("name", "org_id", "group_id", "version", "document", "published",
                      "withdrawn"),
    "intake_deposits": ("envelope_id", "intake", "version", "receipt_code", "reply_lookup"),
}
_BY_ENVELOPE = {"envelope_recipients": 0, "receipts": 0,
                "envelope_groups": 0, "intake_deposits": 0}  # table -> envelope id column


class BackupError(RelayError):
    code = "backup"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    schema: int
    rows: dict[str, int]
    blobs: int
    blob_bytes: int


def _encode(value: Any) -> Any:
    return {"b64": base64.b64encode(value).decode("ascii")} if isinstance(value, bytes) else value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) != {"b64"} or not isinstance(value["b64"], str):
            raise BackupError("A database row in the backup holds an unknown value.")
        return base64.b64decode(value["b64"], validate=True)
    return value


def _snapshot(db: Database) -> tuple[int, dict[str, list[Row]]]:
    with db.transaction() as tx:
        if db.dialect == "postgres":
            tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        row = tx.one("SELECT MAX(version) FROM schema_migrations")
        schema = int(row[0]) if row and row[0] is not None else 0
        if schema != max(MIGRATIONS):
            raise BackupError(f"The database schema is at version {schema}, not "
                              f"{max(MIGRATIONS)}; run `scelle-relay db migrate` first.")
        rows = {table: tx.all(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1")
                for table, cols in TABLES.items()}
    return schema, rows


def _copy_prefix(source: Path, target: Path, size: int, digest: Any) -> str:
    """Copy the first `size` bytes of `source`; return their digest by `digest` (hex)."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with open(source, "rb") as src, os.fdopen(fd, "wb") as out:
        remaining = size
        while remaining:
            block = src.read(min(COPY_BLOCK, remaining))
            if not block:
                raise FileNotFoundError(source)  # shorter than the database says: gone
            digest.update(block)
            out.write(block)
            remaining -= len(block)
        out.flush()
        os.fsync(out.fileno())
    return digest.hexdigest()


def _copy_blobs(blobs: BlobStore, envelopes: list[Row], target: Path) -> tuple[set[str], int]:
    """Copy each envelope's bytes; return the ids whose bytes are gone, and the bytes copied."""
    target.mkdir(mode=0o700)
    gone: set[str] = set()
    total = 0
    for env in envelopes:
        env_id, state, size, received, sha256 = env[0], env[2], env[3], env[4], env[5]
        committed = state != "uploading"
        source = (blobs.envelope_path(env_id) if committed
                  else blobs.upload_dir(env_id) / "data")
        length = size if committed else received
        # The recorded value is the content digest, or a plain SHA-256 for an envelope
        # deposited under relay protocol 1 (its deposit proof is version 1).
        legacy = env[10] is not None and json.loads(bytes(env[10])).get("version") == LEGACY_VERSION
        try:
            digest = _copy_prefix(source, target / env_id, length,
                                  hashlib.sha256() if legacy else ContentHasher())
        except FileNotFoundError:
            gone.add(env_id)
            (target / env_id).unlink(missing_ok=True)
            continue
        if committed and sha256 and digest != sha256:
            raise BackupError(f"Envelope {env_id} on disk does not match its recorded digest: "
                              "the blob store is damaged.")
        total += length
    return gone, total


def _without(rows: dict[str, list[Row]], gone: set[str]) -> dict[str, list[Row]]:
    if not gone:
        return rows
    kept = dict(rows)
    kept["envelopes"] = [r for r in rows["envelopes"] if r[0] not in gone]
    for table, column in _BY_ENVELOPE.items():
        kept[table] = [r for r in rows[table] if r[column] not in gone]
    return kept


def _write_rows(folder: Path, rows: dict[str, list[Row]]) -> None:
    folder.mkdir(mode=0o700)
    for table, table_rows in rows.items():
        fd = os.open(folder / f"{table}.jsonl", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for row in table_rows:
                out.write(json.dumps([_encode(v) for v in row], ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        while block := src.read(COPY_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def _parts(root: Path) -> Iterable[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "manifest.json")


def _write_manifest(root: Path, schema: int, dialect: str) -> None:
    parts = {p.relative_to(root).as_posix(): {"sha256": _digest(p), "size": p.stat().st_size}
             for p in _parts(root)}
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": schema,
                "source_dialect": dialect, "created": int(time.time()), "parts": parts}
    fd = os.open(root / "manifest.json", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(manifest, out, indent=2, sort_keys=True)
        out.write("\n")
        out.flush()
        os.fsync(out.fileno())


def _fresh_target(target: Path) -> Path:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not an empty folder; "
                          "choose a new backup folder.")
    partial = target.with_name(target.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)  # left by an interrupted backup: never a finished one
    partial.mkdir(mode=0o700, parents=True)
    return partial


def create_backup(db: Database, blobs: BlobStore, key_path: Path, target: Path) -> BackupSummary:
    """Write a consistent backup to the new folder `target` (all or nothing)."""
    partial = _fresh_target(target)
    try:
        schema, rows = _snapshot(db)
        gone, blob_bytes = _copy_blobs(blobs, rows["envelopes"], partial / "blobs")
        rows = _without(rows, gone)
        _write_rows(partial / "db", rows)
        shutil.copyfile(key_path, partial / "relay-key.pem")
        os.chmod(partial / "relay-key.pem", 0o600)
        history = key_path.with_name(HISTORY)  # earlier keys and rotation statements
        if history.exists():
            shutil.copyfile(history, partial / HISTORY)
            os.chmod(partial / HISTORY, 0o600)
        _write_manifest(partial, schema, db.dialect)
        if target.exists():
            target.rmdir()
        os.replace(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return BackupSummary(target, schema, {t: len(r) for t, r in rows.items()},
                         len(rows["envelopes"]), blob_bytes)


def verify_backup(source: Path) -> dict[str, Any]:
    """Check the manifest and every part's SHA-256; return the manifest."""
    try:
        manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise BackupError(f"{source} holds no readable backup manifest.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT \
            or manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{source} is not a scelle-relay backup this relay can read.")
    parts = manifest.get("parts")
    expected = {f"db/{t}.jsonl" for t in TABLES} | {"relay-key.pem"}
    if not isinstance(parts, dict) or not expected <= set(parts):
        raise BackupError("The backup manifest does not list every part of a backup.")
    found = {p.relative_to(source).as_posix() for p in _parts(source)}
    if found != set(parts):
        extra = sorted(found ^ set(parts))[0]
        raise BackupError(f"The backup's files differ from its manifest (at {extra}).")
    for name, entry in parts.items():
        if _digest(source / name) != entry.get("sha256"):
            raise BackupError(f"The backup part {name} does not match its SHA-256 in the "
                              "manifest: the backup is damaged or was altered.")
    return manifest


def _is_empty(db: Database, blobs: BlobStore) -> bool:
    with db.transaction() as tx:
        for table in ("organisations", "members", "envelopes", "audit"):
            if tx.one(f"SELECT 1 FROM {table} LIMIT 1"):
                return False
    return not blobs.stored_ids()


def _clear(tx: Tx) -> None:
    for table in reversed(list(TABLES)):
        tx.execute(f"DELETE FROM {table}")


def _insert_rows(db: Database, source: Path, force: bool) -> dict[str, int]:
    counts: dict[str, int] = {}
    with db.transaction() as tx:
        if force:
            _clear(tx)
        for table, cols in TABLES.items():
            sql = (f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                   f"({', '.join('?' for _ in cols)})")
            counts[table] = 0
            with open(source / "db" / f"{table}.jsonl", encoding="utf-8") as lines:
                for line in lines:
                    row = json.loads(line)
                    if not isinstance(row, list) or len(row) != len(cols):
                        raise BackupError(f"A row of {table} in the backup has the wrong shape.")
                    tx.execute(sql, [_decode(v) for v in row])
                    counts[table] += 1
        if db.dialect == "postgres":  # the audit ids were given: move the sequence past them
            tx.execute("SELECT setval(pg_get_serial_sequence('audit', 'id'), "
                       "COALESCE((SELECT MAX(id) FROM audit), 0) + 1, false)")
    return counts


def _place_blobs(db: Database, blobs: BlobStore, source: Path) -> None:
    with db.transaction() as tx:
        envelopes = tx.all("SELECT id, state FROM envelopes")
    for env_id, state in envelopes:
        if state == "uploading":
            blobs.start_upload(env_id)
            target = blobs.upload_dir(env_id) / "data"
            shutil.copyfile(source / "blobs" / env_id, target)
            os.chmod(target, 0o600)
        else:
            target = blobs.envelope_path(env_id)
            target.parent.mkdir(exist_ok=True, mode=0o700)
            shutil.copyfile(source / "blobs" / env_id, target)
            os.chmod(target, 0o600)
            with open(target, "rb") as handle:
                os.fsync(handle.fileno())


def _check_key(source: Path, key_path: Path, force: bool) -> None:
    if key_path.exists() and not force \
            and key_path.read_bytes() != (source / "relay-key.pem").read_bytes():
        raise BackupError(f"{key_path} holds another relay key; restore into a new data folder "
                          "(or add --force to replace it).")


def _place_key(source: Path, key_path: Path) -> None:
    # Durably and privately, replacing what a --force restore overwrites (crypto/durable.py).
    key_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    write_file(key_path, (source / "relay-key.pem").read_bytes(), replace=True)
    if (source / HISTORY).exists():
        write_file(key_path.with_name(HISTORY), (source / HISTORY).read_bytes(), replace=True)


def restore_backup(db: Database, blobs: BlobStore, key_path: Path, source: Path, now: int,
                   force: bool = False) -> dict[str, int]:
    """Restore `source` into an empty relay (or, with `force`, over one); verify it first."""
    manifest = verify_backup(source)
    migrate(db, now)
    if manifest.get("schema") != schema_version(db):
        raise BackupError(f"The backup's schema version {manifest.get('schema')} is not this "
                          f"relay's ({schema_version(db)}); restore with the relay version that "
                          "made the backup, then upgrade.")
    if not force and not _is_empty(db, blobs):
        raise BackupError("The target relay already holds data; restore into an empty relay "
                          "(or add --force to replace everything in it).")
    _check_key(source, key_path, force)
    counts = _insert_rows(db, source, force)  # one transaction: all rows or none
    if force:
        for env_id in blobs.stored_ids():
            blobs.delete(env_id)
    _place_blobs(db, blobs, source)
    _place_key(source, key_path)  # last: a relay key with no data would refuse a retry
    return counts
