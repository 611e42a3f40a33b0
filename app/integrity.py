"""The vault integrity check: `check(store, audit) -> IntegrityReport`.

It verifies, in order:

1. the database: `PRAGMA cipher_integrity_check` (the HMAC of every page), `PRAGMA
   integrity_check` (b-trees, indexes, and the full-text index's own check),
   `PRAGMA foreign_key_check`, and that no blob-journal entry is left pending;
2. every document version's blob: present (else *missing*), its key record unwraps, and every
   chunk authenticates and the plaintext matches the recorded size and SHA-256 (else *corrupt*);
3. every file under `blobs/` belongs to a version (else *orphan*: left by hand, by a restored
   backup, or by a bug; `remove_orphans()` deletes them);
4. the audit chain (`AuditLog.verify`).

Nothing is modified except one `integrity.check` audit entry. The report names documents by id
only. Reading every blob takes time: `progress(bytes done, bytes total)` and `cancel()` apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.audit import AuditLog, AuditVerification
from app.records import documents as records
from storage.blobs import BlobError, Cancel, CancelledError, Progress
from storage.db import SQLError
from storage.store import Store


@dataclass(frozen=True)
class BlobIssue:
    document_id: int
    version: int
    blob_id: str
    reason: str


@dataclass(frozen=True)
class IntegrityReport:
    database_errors: tuple[str, ...]
    missing_blobs: tuple[BlobIssue, ...]
    corrupt_blobs: tuple[BlobIssue, ...]
    orphan_blobs: tuple[Path, ...]  # relative to the vault folder
    audit: AuditVerification
    versions_checked: int

    @property
    def ok(self) -> bool:
        return not (self.database_errors or self.missing_blobs or self.corrupt_blobs
                    or self.orphan_blobs) and self.audit.ok

    def summary(self) -> list[str]:
        """One line per problem (ids only), or a single line saying all is well."""
        lines = [f"database: {e}" for e in self.database_errors]
        lines += [f"document {i.document_id} version {i.version}: content missing"
                  for i in self.missing_blobs]
        lines += [f"document {i.document_id} version {i.version}: {i.reason}"
                  for i in self.corrupt_blobs]
        lines += [f"orphan file: {p.as_posix()}" for p in self.orphan_blobs]
        lines += [f"audit log: {p.detail}" for p in self.audit.problems]
        return lines or [f"vault intact ({self.versions_checked} document versions checked)"]


def check(store: Store, audit: AuditLog, *, verify_blobs: bool = True,
          progress: Progress | None = None, cancel: Cancel | None = None) -> IntegrityReport:
    """Run the whole check (see module doc); `verify_blobs=False` only checks blob presence."""
    db_errors = _database_errors(store)
    rows = records.all_versions(store.db)
    total = sum(r.blob.size for r in rows)
    missing: list[BlobIssue] = []
    corrupt: list[BlobIssue] = []
    done = 0
    for row in rows:
        if cancel is not None and cancel():
            raise CancelledError()
        doc_id, number, blob = row.document_id, row.number, row.blob
        issue = lambda reason: BlobIssue(doc_id, number, blob.blob_id, reason)  # noqa: E731
        if not store.blobs.exists(blob.blob_id):
            missing.append(issue("missing"))
        elif verify_blobs:
            try:
                with store.open_blob(blob.blob_id, blob.wrapped_key, blob.size, doc_id) as stream:
                    base = done
                    stream.reader.verify(
                        row.sha256,
                        progress=(lambda d, _t: progress(base + d, total)) if progress else None,
                        cancel=cancel)
            except BlobError as exc:
                corrupt.append(issue(getattr(exc, "reason", str(exc))))
        done += blob.size
    known = {r.blob.blob_id for r in rows}
    orphans = tuple(path.relative_to(store.vault_dir) for blob_id, path in store.blobs.iter_files()
                    if blob_id is None or blob_id not in known)
    verification = audit.verify()
    try:
        with store.db.transaction():
            audit.record("integrity.check")
    except SQLError:
        pass  # a database too damaged to write to is already in the report; do not mask it
    return IntegrityReport(tuple(db_errors), tuple(missing), tuple(corrupt), orphans,
                           verification, len(rows))


def _database_errors(store: Store) -> list[str]:
    db = store.db
    errors: list[str] = []
    try:
        db.checkpoint()  # the page check reads the main file: fold the WAL in first
        errors += [f"page check: {r[0]}" for r in db.query("PRAGMA cipher_integrity_check")]
        errors += [f"structure: {r[0]}" for r in db.query("PRAGMA integrity_check")
                   if r[0] != "ok"]
        errors += [f"broken reference in {r[0]}" for r in db.query("PRAGMA foreign_key_check")]
    except SQLError as exc:
        errors.append(f"the database could not be checked ({exc})")
    pending = len(store.journal.pending())
    if pending:
        errors.append(f"{pending} interrupted blob operation(s) pending")
    return errors


def remove_orphans(store: Store, report: IntegrityReport) -> int:
    """Delete the orphan files found by `check` (re-checked: only files still unreferenced)."""
    known = records.all_blob_ids(store.db)
    removed = 0
    for rel in report.orphan_blobs:
        path = store.vault_dir / rel
        root = store.blobs.root
        if root not in (path.parent, path.parent.parent) or path.name in known:
            continue  # only files inside blobs/ (not beyond), never a referenced blob
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed += 1
    return removed
