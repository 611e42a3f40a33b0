"""What the portfolio accepts, as text typed in the CLI or the GUI or read from a CSV file:
each input dataclass is all text, and `validate_*` turns it into checked values or raises
`InvalidValueError` naming the field (never repeating a client's name or account number).

The same functions check a row typed by hand and a row of an imported file, so an import can
never store what the forms would refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from app.brokerage.banking import check_bic, check_iban
from app.brokerage.model import ClientKind, Frequency, PaymentMethod, Premium, Sequence
from app.brokerage.money import parse_amount, parse_rate
from app.records import InvalidValueError, clean_text

# The SEPA character set of references (EPC: identifiers are restricted to it, 35 at most).
_SEPA_REFERENCE = re.compile(r"[A-Za-z0-9+?/\-:().,' ]{1,35}")
_FREQUENCIES = {f.value: f for f in Frequency}
_FREQUENCY_WORDS = {"annuel": "annual", "semestriel": "half-yearly", "trimestriel": "quarterly",
                    "mensuel": "monthly"}


@dataclass(frozen=True)
class ClientInput:
    reference: str
    kind: str
    name: str
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class InsurerInput:
    code: str
    name: str
    iban: str
    bic: str


@dataclass(frozen=True)
class MandateInput:
    reference: str
    client: str  # the client's reference
    iban: str
    bic: str
    signed_on: str
    sequence: str = "FRST"


@dataclass(frozen=True)
class ContractInput:
    number: str
    client: str  # the client's reference
    insurer: str  # the insurer's code
    product: str
    cover_start: str
    cover_end: str
    net: str
    fees: str
    tax: str
    frequency: str
    commission_rate: str
    payment: str
    mandate: str = ""  # the mandate's reference, for a direct debit


def reference(text: str, field: str) -> str:
    """An identifier that goes into bank files: the SEPA character set, 1 to 35 characters."""
    value = clean_text(text, field, max_len=35)
    if not _SEPA_REFERENCE.fullmatch(value):
        raise InvalidValueError(f"The {field} may only hold letters, digits, spaces and "
                                "+ ? / - : ( ) . , ' (35 characters at most).")
    return value


def day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(clean_text(text, field, max_len=10))
    except ValueError:
        raise InvalidValueError(f"The {field} is not a date: write it YYYY-MM-DD.") from None


def client_kind(text: str) -> ClientKind:
    value = text.strip().lower()
    words = {"person": "person", "personne": "person", "particulier": "person",
             "company": "company", "société": "company", "societe": "company",
             "entreprise": "company"}
    if value not in words:
        raise InvalidValueError("The client kind must be person or company.")
    return ClientKind(words[value])


def frequency(text: str) -> Frequency:
    value = text.strip().lower()
    value = _FREQUENCY_WORDS.get(value, value)
    if value not in _FREQUENCIES:
        raise InvalidValueError("The split must be annual, half-yearly, quarterly or monthly.")
    return _FREQUENCIES[value]


def payment(text: str) -> PaymentMethod:
    value = text.strip().lower()
    words = {"debit": "debit", "prélèvement": "debit", "prelevement": "debit",
             "transfer": "transfer", "virement": "transfer", "cheque": "cheque",
             "chèque": "cheque"}
    if value not in words:
        raise InvalidValueError("The payment method must be debit, transfer or cheque.")
    return PaymentMethod(words[value])


def sequence(text: str) -> Sequence:
    value = text.strip().upper() or "FRST"
    if value not in ("FRST", "RCUR", "FNAL"):
        raise InvalidValueError("The mandate's sequence must be FRST, RCUR or FNAL.")
    return Sequence(value)


def name(text: str, field: str = "name") -> str:
    return clean_text(text, field, max_len=140)


def optional(text: str, field: str, max_len: int = 256) -> str:
    return clean_text(text, field, max_len=max_len, required=False)


def premium(net: str, fees: str, tax: str) -> Premium:
    value = Premium(parse_amount(net, "net premium"), parse_amount(fees, "fees"),
                    parse_amount(tax, "insurance tax"))
    if value.total == 0:
        raise InvalidValueError("The annual premium cannot be zero.")
    return value


def commission_rate(text: str) -> int:
    return parse_rate(text)


def iban(text: str) -> str:
    return check_iban(text)


def bic(text: str) -> str:
    return check_bic(text)


def cover(start_text: str, end_text: str) -> tuple[date, date | None]:
    start = day(start_text, "cover start")
    end = day(end_text, "cover end") if end_text.strip() else None
    if end is not None and end <= start:
        raise InvalidValueError("The cover end must come after the cover start.")
    return start, end
