"""The root of Scellé's exception tree.

Every error raised on purpose by any layer derives from `ScelleError`; its `str()` is a sentence a
user understands (it names what is wrong) and never contains secret material: no key, no
passphrase, no client name, no file content. The CLI prints it on one line and exits non-zero;
the GUI shows it in a dialog.
"""

from __future__ import annotations


class ScelleError(Exception):
    """Base class for every deliberate Scellé error."""

    #: Process exit status used by the command line for this kind of error.
    exit_code: int = 1
