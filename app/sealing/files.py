"""The errors of the sealing use cases' file handling (the durable writes themselves are
crypto/durable.py)."""

from __future__ import annotations

from crypto.errors import ScelleError


class OutputConflict(ScelleError):
    """The destination already holds something we would overwrite; nothing was written."""


class InputError(ScelleError):
    """A path given to a use case cannot be used."""


class StorageError(ScelleError):
    """Reading or writing failed part-way (disk full, medium removed…); nothing was kept."""

    @classmethod
    def from_os_error(cls, exc: OSError, what: str) -> StorageError:
        # strerror only ("No space left on device"): str(exc) would show a file name.
        return cls(f"{what} failed ({exc.strerror or 'input/output error'}); nothing was kept.")
