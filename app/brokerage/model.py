"""The brokerage module's values: what the vault holds about a broker's portfolio.

Amounts are integer cents, rates hundredths of a percent (app/brokerage/money.py), dates
`datetime.date`. These are read-only snapshots of rows; changes go through the services.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date


class ClientKind(str, enum.Enum):
    PERSON = "person"
    COMPANY = "company"


class Frequency(str, enum.Enum):
    ANNUAL = "annual"
    HALF_YEARLY = "half-yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"

    @property
    def per_year(self) -> int:
        return {"annual": 1, "half-yearly": 2, "quarterly": 4, "monthly": 12}[self.value]


class PaymentMethod(str, enum.Enum):
    DEBIT = "debit"  # SEPA direct debit under a mandate
    TRANSFER = "transfer"  # the client pays by credit transfer
    CHEQUE = "cheque"


class Sequence(str, enum.Enum):
    """A mandate's next SEPA sequence type; ENDED once its last (FNAL) debit was presented."""

    FIRST = "FRST"
    RECURRING = "RCUR"
    FINAL = "FNAL"
    ENDED = "ENDED"


class InstalmentState(str, enum.Enum):
    DUE = "due"
    SUBMITTED = "submitted"  # in a direct-debit file handed to the bank
    PAID = "paid"
    REJECTED = "rejected"
    REMITTED = "remitted"  # the insurer's share is in a credit-transfer file


@dataclass(frozen=True)
class Creditor:
    """The broker as SEPA creditor (debits) and debtor (transfers to insurers)."""

    name: str
    iban: str
    bic: str
    ics: str


@dataclass(frozen=True)
class Client:
    id: int
    reference: str
    kind: ClientKind
    name: str
    email: str
    address: str
    case_id: int | None
    contact_id: int | None = None  # the contact notices are sealed to (a Scellé user)


@dataclass(frozen=True)
class Insurer:
    id: int
    code: str
    name: str
    iban: str
    bic: str


@dataclass(frozen=True)
class Mandate:
    id: int
    reference: str
    client_id: int
    iban: str
    bic: str
    signed_on: date
    sequence: Sequence


@dataclass(frozen=True)
class Premium:
    """An annual premium, or one instalment's share of it, broken down."""

    net: int
    fees: int
    tax: int

    @property
    def total(self) -> int:
        return self.net + self.fees + self.tax


@dataclass(frozen=True)
class Contract:
    id: int
    number: str
    client_id: int
    insurer_id: int
    product: str
    cover_start: date
    cover_end: date | None  # None: renewed tacitly every year
    premium: Premium  # annual
    frequency: Frequency
    commission_bp: int
    payment: PaymentMethod
    mandate_id: int | None


@dataclass(frozen=True)
class Instalment:
    id: int
    contract_id: int
    due_date: date
    period_start: date
    period_end: date
    premium: Premium
    commission: int
    state: InstalmentState
    end_to_end_id: str | None
    sequence: str | None
    collection_date: date | None
    paid_on: date | None
    reject_code: str | None
    reject_reason: str | None

    @property
    def amount(self) -> int:
        return self.premium.total

    @property
    def insurer_share(self) -> int:
        """What the insurer is owed: the premium collected less the broker's commission."""
        return self.premium.total - self.commission
