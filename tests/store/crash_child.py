"""Run by test_crash.py as a subprocess: one vault operation, SIGKILLed at a chosen point.

    python crash_child.py VAULT VMK_HEX import|delete POINT
    python crash_child.py VAULT VMK_HEX folder POINT SOURCE_FOLDER      (batched folder import)

Points are reached by wrapping real functions of the code under test (no hooks in production
code); at the point, the process kills itself with SIGKILL: no exception handler, `finally` or
atexit runs, exactly like a power cut of the process.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.store.crash_payload import DOC_NAME, payload  # noqa: E402


def die(*_args: object, **_kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def reached(*_args: object, **_kwargs: object) -> None:
    """Die at the chosen point, leaving proof (outside the vault) that it was reached."""
    Path(os.environ["CRASH_REACHED"]).write_text("reached")
    die()


def install(point: str) -> None:
    import app.importer
    from app.audit import AuditLog
    from storage.blobs.format import BlobWriter
    from storage.blobs.intake import BlobIntake
    from storage.blobs.store import BlobStore
    from storage.store import Store

    if point.startswith("chunk:"):
        limit = int(point.split(":")[1])
        seal = BlobWriter._seal

        def counting(self: BlobWriter, plain: bytes, *, final: bool) -> None:
            if self.chunks_written >= limit:
                self._out.flush()  # what was written reaches the file, as with a slow disk
                reached()
            seal(self, plain, final=final)

        BlobWriter._seal = counting  # type: ignore[method-assign]
    elif point == "pdf":
        app.importer.extract_text = reached  # type: ignore[assignment]
    elif point == "staged":
        BlobIntake.publish = reached  # type: ignore[method-assign]
    elif point == "announced":
        BlobStore.publish = reached  # type: ignore[method-assign]
    elif point == "published":
        publish = BlobStore.publish

        def then_die(self: BlobStore, staged: Path, blob_id: str) -> None:
            publish(self, staged, blob_id)
            reached()

        BlobStore.publish = then_die  # type: ignore[method-assign]
    elif point == "in-transaction":
        record = AuditLog.record

        def dying_record(self: AuditLog, action: str, **kw: object):  # type: ignore[no-untyped-def]
            if action in ("document.import", "document.delete"):
                reached()
            return record(self, action, **kw)  # type: ignore[arg-type]

        AuditLog.record = dying_record  # type: ignore[method-assign]
    elif point == "shred-committed":
        Store.purge_blobs = reached  # type: ignore[method-assign]
    elif point == "unlinking":
        BlobStore.remove = reached  # type: ignore[method-assign]
    elif point.startswith("batch-"):
        install_batch(point)
    elif point != "end":
        raise SystemExit(f"unknown point {point}")


def _after(owner: type, name: str, calls: int = 1) -> None:
    """Die right after the `calls`-th call of `owner.name` returns."""
    real = getattr(owner, name)
    count = [0]

    def wrapped(*args: object, **kwargs: object) -> object:
        result = real(*args, **kwargs)
        count[0] += 1
        if count[0] >= calls:
            reached()
        return result

    setattr(owner, name, wrapped)


def install_batch(point: str) -> None:
    """Points of a batched folder import (storage/blobs/batch.py), in the order reached."""
    import storage.blobs.batch as batch_mod
    from app.audit import AuditBatch
    from storage.blobs.batch import BlobBatch
    from storage.blobs.intake import BlobIntake
    from storage.blobs.journal import BlobJournal
    from storage.blobs.store import BlobStore

    if point == "batch-audited":  # the batch's rows and audit entries written, uncommitted
        _after(AuditBatch, "write")
    elif point == "batch-announced":  # the batch's ids are committed in the journal
        _after(BlobJournal, "announce")
    elif point == "batch-staged-2":  # two files sealed into staging, not yet synced
        _after(BlobIntake, "finish", 2)
    elif point == "batch-synced":  # every staged file durable, none moved yet
        _after(batch_mod, "sync_paths")  # type: ignore[arg-type]
    elif point == "batch-moving":  # two files moved into blobs/, the others still staged
        _after(BlobStore, "move_in", 2)
    elif point == "batch-published":  # all moved and synced, documents not committed
        _after(BlobBatch, "publish")
    elif point == "batch-settled":  # journal cleared in the uncommitted transaction
        _after(BlobBatch, "settle")
    else:
        raise SystemExit(f"unknown point {point}")


def main() -> None:
    vault, vmk_hex, operation, point = sys.argv[1:5]
    from tests.support.library import Library

    lib = Library.open(Path(vault), bytes.fromhex(vmk_hex))
    install(point)
    if operation == "import":
        data = payload()
        lib.importer.import_stream(DOC_NAME, len(data), "application/pdf", io.BytesIO(data),
                                   case=1, notes="note")
    elif operation == "delete":
        lib.documents.delete(1)
    elif operation == "folder":
        lib.importer.import_folder(Path(sys.argv[5]), case=1)
    die()  # point "end": the operation completed, then the process dies without closing


if __name__ == "__main__":
    main()
