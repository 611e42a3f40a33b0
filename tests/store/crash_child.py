"""Run by test_crash.py as a subprocess: one vault operation, SIGKILLed at a chosen point.

    python crash_child.py VAULT VMK_HEX import|delete POINT

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
    elif point != "end":
        raise SystemExit(f"unknown point {point}")


def main() -> None:
    vault, vmk_hex, operation, point = sys.argv[1:5]
    from app.library import Library

    lib = Library.open(Path(vault), bytes.fromhex(vmk_hex))
    install(point)
    if operation == "import":
        data = payload()
        lib.importer.import_stream(DOC_NAME, len(data), "application/pdf", io.BytesIO(data),
                                   case=1, notes="note")
    elif operation == "delete":
        lib.documents.delete(1)
    die()  # point "end": the operation completed, then the process dies without closing


if __name__ == "__main__":
    main()
