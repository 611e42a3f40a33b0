"""Files written where the user asked (outside the vault), for the faces: the one durable-write
recipe of crypto/durable.py (temporary file beside the target, fsync, no-replace move unless
replacing is asked, folder fsync, nothing left behind on failure).

`new_file(target, replace=…)` yields the writer; `write_file(target, data)` writes bytes already
in memory. Both raise `FileExistsError` when the target is taken and was not to be replaced.
"""

from __future__ import annotations

from crypto.durable import OutputFile, new_file, write_file

__all__ = ["OutputFile", "new_file", "write_file"]
