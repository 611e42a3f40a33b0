"""The `scelle` command: the desktop application without arguments, the CLI with them.

It lives in `ui/` because only `ui/` may import both faces (ui → app); Qt is imported only when
the desktop application is actually started, so the command line never pays for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    # Nothing we create may be readable by other users, whichever face runs.
    os.umask(0o077)
    args = list(sys.argv[1:] if argv is None else argv)
    if args:
        from app.cli.main import main as cli_main

        return cli_main(args)
    from ui.main import run

    return int(run())


if __name__ == "__main__":
    sys.exit(main())
