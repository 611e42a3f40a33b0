"""Files written where the user asked (outside the vault), for the faces: the one durable-write
recipe of crypto/durable.py (temporary file beside the target, fsync, no-replace move unless
replacing is asked, folder fsync, nothing left behind on failure).

`new_file(target, replace=…)` yields the writer; `write_file(target, data)` writes bytes already
in memory. Both raise `FileExistsError` when the target is taken and was not to be replaced.

`sweep_leftovers()` removes the staging files that killed processes left behind where outputs
cannot be written as unnamed files (crypto/leftovers.py); both faces call it when they start.
`discard_own_leftovers()` removes this process's own staging files when it is stopped by a
signal, once its work has unwound.
"""

from __future__ import annotations

from crypto.durable import OutputFile, new_file, write_file
from crypto.leftovers import discard_own as discard_own_leftovers
from crypto.leftovers import sweep as sweep_leftovers

__all__ = ["OutputFile", "discard_own_leftovers", "new_file", "sweep_leftovers", "write_file"]
