"""The brokerage module's refusals, beside `InvalidValueError` (a typed value is wrong) and
`NotFoundError` (no such row) of app/records."""

from __future__ import annotations

from crypto.errors import ScelleError


class SepaFileError(ScelleError):
    """A SEPA file could not be made or written; says why. Nothing was written or marked."""

    exit_code = 1


class BankFileError(ScelleError):
    """A bank statement or reject file could not be read; says why. Nothing was marked."""

    exit_code = 1


class NothingToDoError(ScelleError):
    """A file was asked for but nothing is due (no empty file is written)."""

    exit_code = 1


class ExportFileError(ScelleError):
    """An exported file (a print batch) could not be written; says why. Nothing was left."""

    exit_code = 1
