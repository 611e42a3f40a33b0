"""SEPA files out of the portfolio: the direct-debit file (pain.008, SEPA Core) that collects
the instalments due, and the credit-transfer file (pain.001) that pays each insurer what it is
owed net of the broker's commission.

The XML is made by `sepaxml` (a maintained library, not hand-written XML) and validated by it
against the official ISO 20022 schema of the chosen version, which it ships, before a byte is
written; the file is then written durably beside its target (app/files.py: nothing partial
left, never replacing a file unless asked). Both are plaintext exports of client data, so the
workstation policy's export rule (app/policy.py) is asked first.

The instalments are marked in the same database transaction as the file is written: if
writing fails, nothing is marked; if the vault refuses the change, the file is removed.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.brokerage.errors import SepaFileError
from app.brokerage.model import Creditor

DEBIT_VERSIONS = ("pain.008.001.02", "pain.008.001.08")
TRANSFER_VERSIONS = ("pain.001.001.03", "pain.001.001.09")
DEFAULT_DEBIT_VERSION = "pain.008.001.02"  # the version French banks accept today
DEFAULT_TRANSFER_VERSION = "pain.001.001.03"


@dataclass(frozen=True)
class Batch:
    """One payment-information block: a sequence type (debits) and a date."""

    sequence: str
    day: date
    transactions: int
    total_cents: int


@dataclass(frozen=True)
class SepaFile:
    path: Path
    version: str
    message_id: str
    transactions: int
    total_cents: int
    batches: tuple[Batch, ...]


def new_end_to_end_id(kind: str, row_id: int) -> str:
    """A fresh reference the bank echoes in statements and rejects (35 characters at most)."""
    return f"SCL{kind}{row_id}-{secrets.token_hex(6)}"


def check_version(version: str, allowed: tuple[str, ...]) -> None:
    if version not in allowed:
        raise SepaFileError(f"Unknown SEPA file version {version!r}: use one of "
                            f"{', '.join(allowed)}.")


def debit_document(creditor: Creditor, version: str,
                   payments: list[dict[str, Any]]) -> tuple[bytes, str]:
    """The pain.008 bytes, validated against the schema, and their message id."""
    from sepaxml import SepaDD

    check_version(version, DEBIT_VERSIONS)
    config = {"name": creditor.name, "IBAN": creditor.iban, "BIC": creditor.bic,
              "batch": True, "creditor_id": creditor.ics, "currency": "EUR",
              "instrument": "CORE"}
    document = SepaDD(config, schema=version, clean=True)
    for payment in payments:
        document.add_payment(dict(payment))
    return _export(document), str(document.msg_id)


def transfer_document(creditor: Creditor, version: str,
                      payments: list[dict[str, Any]]) -> tuple[bytes, str]:
    """The pain.001 bytes, validated against the schema, and their message id."""
    from sepaxml import SepaTransfer

    check_version(version, TRANSFER_VERSIONS)
    config = {"name": creditor.name, "IBAN": creditor.iban, "BIC": creditor.bic,
              "batch": True, "currency": "EUR"}
    document = SepaTransfer(config, schema=version, clean=True)
    for payment in payments:
        document.add_payment(dict(payment))
    return _export(document), str(document.msg_id)


def _export(document: Any) -> bytes:
    from sepaxml.validation import ValidationError

    try:
        return bytes(document.export(validate=True))
    except ValidationError as exc:
        # The schema's own message names the element; it never holds more than the values
        # the bank would receive anyway, but those are client data: keep only the reason.
        cause = exc.__cause__
        reason = getattr(cause, "reason", None) or "an element does not follow the schema"
        raise SepaFileError(f"The SEPA file does not validate against the ISO 20022 schema "
                            f"({reason}); nothing was written.") from None


def batches(rows: list[tuple[str, date, int]]) -> tuple[Batch, ...]:
    """Group (sequence, date, amount) as the file's payment-information blocks do."""
    groups: dict[tuple[str, date], list[int]] = {}
    for sequence, day, amount in rows:
        groups.setdefault((sequence, day), []).append(amount)
    return tuple(Batch(s, d, len(v), sum(v)) for (s, d), v in sorted(groups.items()))


def write_with(db_transaction: Callable[[], Any], target: Path, data: bytes, *,
               replace: bool, mark: Callable[[], None]) -> None:
    """Run `mark` and write `data` to `target` in one transaction: both or neither."""
    from app.files import write_file
    from crypto.durable import remove_quietly

    written = False
    try:
        with db_transaction():
            mark()
            write_file(target, data, replace=replace)
            written = True
    except FileExistsError:
        raise SepaFileError(f"{target} already exists; choose another name.") from None
    except OSError as exc:
        if written:
            remove_quietly(target)
        raise SepaFileError(f"Could not write {target}: {exc.strerror or exc}.") from None
    except BaseException:
        if written:
            remove_quietly(target)
        raise
