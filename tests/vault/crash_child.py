"""Run by test_crash.py as a subprocess: receive one sealed file, SIGKILLed at a chosen point.

    python crash_child.py VAULT VMK_HEX SEALED_FILE POINT

Points are reached by wrapping real functions of the code under test (no hooks in production
code); at the point the process kills itself with SIGKILL: no exception handler, `finally` or
atexit runs, as with a power cut of the process.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def die(*_args: object, **_kwargs: object) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def reached(*_args: object, **_kwargs: object) -> None:
    """Die at the chosen point, leaving proof (outside the vault) that it was reached."""
    Path(os.environ["CRASH_REACHED"]).write_text("reached")
    die()


def _after(cls: type, name: str, count: int = 1) -> None:
    """Die right after the `count`-th call of cls.name has returned."""
    original = getattr(cls, name)
    calls = [0]

    def wrapper(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        calls[0] += 1
        if calls[0] >= count:
            reached()
        return result

    setattr(cls, name, wrapper)


def install(point: str) -> None:
    import app.vault.exchange as exchange
    from app.audit import AuditLog
    from storage.blobs.format import BlobWriter
    from storage.blobs.store import BlobStore

    if point.startswith("chunk:"):  # the N-th 64 KiB chunk sealed into staging, all files
        limit, seen = int(point.split(":")[1]), [0]
        emit = BlobWriter._emit

        def counting(self: BlobWriter, sealed: memoryview, chunks: int) -> None:
            # Chunks go out in batches: the batch holding chunk `limit + 1` is written whole
            # (the earlier ones of it reach the file), then the process dies.
            seen[0] += chunks
            if seen[0] > limit:
                emit(self, sealed, chunks)
                self._out.flush()  # what was written reaches the file
                reached()
            emit(self, sealed, chunks)

        BlobWriter._emit = counting  # type: ignore[method-assign]
    elif point == "verified":  # the reader accepted the file; every blob still in staging
        exchange._pdf_text = reached  # type: ignore[assignment]
    elif point == "announced":  # first journal entry committed, its file not yet renamed
        BlobStore.publish = reached  # type: ignore[method-assign]
    elif point.startswith("published:"):  # N blobs renamed into blobs/, no row yet
        _after(BlobStore, "publish", int(point.split(":")[1]))
    elif point == "in-transaction":  # every row inserted, the transaction not committed
        record = AuditLog.record

        def dying(self: AuditLog, action: str, **kw: object):  # type: ignore[no-untyped-def]
            if action == "message.receive":
                reached()
            return record(self, action, **kw)  # type: ignore[arg-type]

        AuditLog.record = dying  # type: ignore[method-assign]
    elif point != "end":
        raise SystemExit(f"unknown point {point}")


def main() -> None:
    vault, vmk_hex, sealed, point = sys.argv[1:5]
    from app.unlock import UnlockedVault
    from app.vault import open_unlocked
    from storage.header import read_header

    folder = Path(vault)
    header = read_header(folder)
    vmk = bytearray.fromhex(vmk_hex)
    session = open_unlocked(UnlockedVault(folder, header, header.slots[0].slot_id, vmk))
    install(point)
    session.receive_sealed(Path(sealed))
    die()  # point "end": the receive completed, then the process dies without closing


if __name__ == "__main__":
    main()
