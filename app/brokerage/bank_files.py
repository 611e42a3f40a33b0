"""Reading what the bank sends back: statements (camt.053), debit/credit notifications
(camt.054) and payment status reports (pain.002), as a list of `BankEvent`s keyed by the
end-to-end reference our SEPA files gave each transaction.

These files come from outside, so they are parsed by defusedxml with every DTD, entity
declaration and external reference refused (no billion laughs, no file or network access), and
only up to `MAX_BANK_FILE` bytes. Namespaces are ignored (the element names are the same in
every version of these messages); a file that is none of the three is refused by name.

What counts:
* camt.053 / camt.054: a credit booked for a transaction is a payment (dated by its booking
  date); a transaction with return information (`RtrInf`) or a reversal (`RvslInd`) is a
  reject, with the ISO reason code; other debits are our own payments and are skipped;
* pain.002: a transaction whose status is RJCT is a reject, with its reason code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.brokerage.errors import BankFileError

MAX_BANK_FILE = 64 * 1024 * 1024
_AMOUNT = re.compile(r"[0-9]{1,18}(\.[0-9]{1,5})?")

# ISO 20022 external status reason codes seen on SEPA direct debits (EPC rulebook).
REASONS = {
    "AC01": "incorrect account number", "AC04": "account closed", "AC06": "account blocked",
    "AC13": "debtor account is a consumer account", "AG01": "transaction forbidden on this "
    "account", "AG02": "invalid operation code", "AM04": "insufficient funds",
    "AM05": "duplicate collection", "BE05": "creditor not recognised",
    "CNOR": "creditor bank not reachable", "DNOR": "debtor bank not reachable",
    "FF01": "invalid file format", "MD01": "no valid mandate", "MD02": "mandate data missing "
    "or wrong", "MD06": "refund requested by the debtor", "MD07": "debtor deceased",
    "MS02": "refused by the debtor", "MS03": "reason not given", "RC01": "wrong bank "
    "identifier (BIC)", "RR01": "regulatory reason", "RR02": "regulatory reason",
    "RR03": "regulatory reason", "RR04": "regulatory reason", "SL01": "service of the "
    "debtor's bank", "FOCR": "cancelled on request", "DUPL": "duplicate payment",
    "TECH": "technical problem",
}

_KINDS = {"BkToCstmrStmt": "camt.053", "BkToCstmrDbtCdtNtfctn": "camt.054",
          "CstmrPmtStsRpt": "pain.002"}


@dataclass(frozen=True)
class BankEvent:
    end_to_end_id: str
    paid: bool  # False: rejected or returned
    amount_cents: int | None
    day: date | None
    code: str  # the ISO reason code of a reject, "" for a payment

    @property
    def reason(self) -> str:
        if self.paid:
            return ""
        return REASONS.get(self.code, "reason code not listed") if self.code else "no reason given"


@dataclass(frozen=True)
class BankFile:
    kind: str  # camt.053, camt.054 or pain.002
    events: tuple[BankEvent, ...]


def read_bank_file(path: Path) -> BankFile:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BANK_FILE + 1)
    except OSError as exc:
        raise BankFileError(f"Could not read {path}: {exc.strerror or exc}.") from None
    return parse_bank_file(data)


def parse_bank_file(data: bytes) -> BankFile:
    if len(data) > MAX_BANK_FILE:
        raise BankFileError("The bank file is too large (64 MB at most).")
    root = _parse(data)
    message = next(iter(root), None) if _local(root.tag) == "Document" else root
    kind = _KINDS.get(_local(message.tag)) if message is not None else None
    if kind is None or message is None:
        raise BankFileError("This is not a camt.053, camt.054 or pain.002 file.")
    events = _status_events(message) if kind == "pain.002" else _statement_events(message)
    return BankFile(kind, tuple(events))


def _parse(data: bytes) -> Any:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise BankFileError("The bank file declares a DTD or entities, which a bank file "
                            "never does; it was not read.") from None
    except ParseError as exc:
        raise BankFileError(f"The bank file is not well-formed XML ({exc}).") from None
    except (ValueError, LookupError):
        # expat refuses multi-byte encodings other than UTF-8/16 ("UTF-7") and unknown ones.
        raise BankFileError("The bank file declares a character encoding that is not "
                            "supported (bank files are UTF-8).") from None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(node: Any, name: str) -> Iterator[Any]:
    return (c for c in node if _local(c.tag) == name)


def _find(node: Any, *path: str) -> Any | None:
    for name in path:
        if node is None:
            return None
        node = next(_children(node, name), None)
    return node


def _text(node: Any, *path: str) -> str:
    found = _find(node, *path)
    return (found.text or "").strip() if found is not None else ""


def _cents(node: Any, *path: str) -> int | None:
    text = _text(node, *path)
    # The ISO amount pattern (18 digits at most, 5 decimals): checked before Decimal, so an
    # exponent like 1E+999999999 never becomes a huge integer.
    if not _AMOUNT.fullmatch(text):
        return None
    value = Decimal(text) * 100
    return int(value) if value == value.to_integral_value() else None


def _day(node: Any, *path: str) -> date | None:
    text = _text(node, *path)
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _statement_events(message: Any) -> list[BankEvent]:
    events: list[BankEvent] = []
    for report in (c for c in message if _local(c.tag) in ("Stmt", "Ntfctn")):
        for entry in _children(report, "Ntry"):
            booked = _day(entry, "BookgDt", "Dt") or _day(entry, "BookgDt", "DtTm")
            credit = _text(entry, "CdtDbtInd") == "CRDT"
            reversal = _text(entry, "RvslInd").lower() == "true"
            for details in _children(entry, "NtryDtls"):
                for tx in _children(details, "TxDtls"):
                    events.extend(_transaction(tx, booked, credit, reversal))
    return events


def _transaction(tx: Any, booked: date | None, credit: bool, reversal: bool) -> list[BankEvent]:
    reference = _text(tx, "Refs", "EndToEndId")
    if not reference or reference == "NOTPROVIDED":
        return []
    amount = _cents(tx, "Amt") if _find(tx, "Amt") is not None else _cents(
        tx, "AmtDtls", "TxAmt", "Amt")
    code = _text(tx, "RtrInf", "Rsn", "Cd")
    returned = bool(code) or _find(tx, "RtrInf") is not None
    if returned or reversal:
        return [BankEvent(reference, False, amount, booked, code)]
    if credit:
        return [BankEvent(reference, True, amount, booked, "")]
    return []  # a debit of ours (a transfer to an insurer), not a collection


def _status_events(message: Any) -> list[BankEvent]:
    events: list[BankEvent] = []
    for block in _children(message, "OrgnlPmtInfAndSts"):
        for tx in _children(block, "TxInfAndSts"):
            if _text(tx, "TxSts") != "RJCT":
                continue
            reference = _text(tx, "OrgnlEndToEndId")
            if reference:
                amount = _cents(tx, "OrgnlTxRef", "Amt", "InstdAmt")
                code = _text(tx, "StsRsnInf", "Rsn", "Cd")
                events.append(BankEvent(reference, False, amount,
                                        _day(tx, "OrgnlTxRef", "ReqdColltnDt"), code))
    return events
