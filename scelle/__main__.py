"""`scelle` without arguments starts the desktop application; with arguments, the command line.

Qt is imported only when the desktop application is actually started, so the command line never
pays for it (nor needs a display).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from cli.process_guard import harden_process
from cli.release_guard import installation_refusal


def main(argv: Sequence[str] | None = None) -> int:
    # Nothing we create may be readable by other users, whichever face runs.
    os.umask(0o077)
    harden_process()  # no core dumps, no debugger of the same user (crypto/process.py)
    args = list(sys.argv[1:] if argv is None else argv)
    # A frozen application not signed by a publisher the policy pins does not start, whichever
    # face was asked for (app/updates/installed.py; nothing to check from source).
    refusal = installation_refusal()
    if refusal is not None:
        print(f"scelle: {refusal}", file=sys.stderr)
        return refusal.exit_code
    if args:
        from cli.main import main as cli_main

        return cli_main(args)
    from ui.main import run

    return int(run())


if __name__ == "__main__":
    sys.exit(main())
