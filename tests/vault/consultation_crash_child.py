"""Run by test_consultation_crash.py as a subprocess: enforce a consultation end, SIGKILLed at
a chosen point of the shredding.

    python consultation_crash_child.py VAULT VMK_HEX POINT

Points wrap real functions (no hooks in production code); at the point the process kills
itself with SIGKILL, so no handler, `finally` or atexit runs.
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def reached(*_args: object, **_kwargs: object) -> None:
    Path(os.environ["CRASH_REACHED"]).write_text("reached")
    os.kill(os.getpid(), signal.SIGKILL)


def _after(owner: object, name: str) -> None:
    original = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)
        reached()
        return result

    setattr(owner, name, wrapper)


def install(point: str) -> None:
    from app.audit import AuditLog
    from storage.blobs.store import BlobStore
    from storage.store import Store

    if point == "audit":  # inside the transaction: the first audit entry written
        _after(AuditLog, "record")
    elif point == "forgotten":  # inside the transaction: blobs entered in the journal
        _after(Store, "forget_blobs")
    elif point == "committed":  # after the commit, before the WAL checkpoint and unlinks
        Store.purge_blobs = reached  # type: ignore[method-assign]
    elif point == "unlinked":  # one blob file gone, the journal not yet cleared
        _after(BlobStore, "remove")


def main() -> None:
    vault, vmk_hex, point = sys.argv[1:4]
    install(point)
    from tests.vault.conftest import open_with_vmk

    session = open_with_vmk(Path(vault), bytes.fromhex(vmk_hex))
    session.consultations.enforce(now=datetime(2100, 1, 1, tzinfo=UTC))
    os.kill(os.getpid(), signal.SIGKILL)  # "end": as killed right after


if __name__ == "__main__":
    main()
