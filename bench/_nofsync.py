"""The `scelle` command line with durability switched off: a what-if, never what ships.

bench/seal.py runs it to show what making outputs durable costs. `os.fsync` does nothing and no
early write-back is asked (`crypto.durable.OutputFile` looks for `os.posix_fadvise`), which is how
`age` writes its output: left in the page cache for the kernel to write later.

    python bench/_nofsync.py seal …      (same arguments as `scelle`)
"""

from __future__ import annotations

import os
import sys


def _no_fsync(_fd: int) -> None:
    return None


if __name__ == "__main__":
    os.fsync = _no_fsync
    if hasattr(os, "posix_fadvise"):
        del os.posix_fadvise
    from cli.main import main

    sys.exit(main())
