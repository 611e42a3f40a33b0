"""Child process for the kill test: open a vault copy, start syncing, SIGKILL itself when the
upload (or download) has moved past a given number of bytes.

    python -m tests.relay_client.kill_child VAULT_DIR VMK_HEX upload|download BYTES
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from app.relay_client import RelayService
from app.unlock import UnlockedVault
from app.vault import open_unlocked
from storage.header import read_header


def main() -> None:
    folder, vmk, what, after = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), sys.argv[3], \
        int(sys.argv[4])
    header = read_header(folder)
    session = open_unlocked(UnlockedVault(folder, header, header.slots[0].slot_id,
                                          bytearray(vmk)))

    def progress(kind: str, done: int, total: int) -> None:
        if kind == what and after <= done < total:
            os.kill(os.getpid(), signal.SIGKILL)

    RelayService(session).sync(progress=progress)
    sys.exit(3)  # not killed: the test fails on this status


if __name__ == "__main__":
    main()
