"""Amounts and rates of the brokerage module: integer cents inside, `Decimal` at the edges.

A float never holds an amount: `0.1 + 0.2` is not `0.3`, and a premium split into twelve must
add up to the cent. User text is parsed with `Decimal` (a comma or a point before the cents,
as a French user types it), and must have at most two decimals: "12.345" is refused rather
than rounded, since rounding someone's premium silently is a wrong number in a bank file.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from app.records import InvalidValueError

MAX_CENTS = 10**13  # 100 billion euros: above this a typo is likelier than a premium
RATE_SCALE = 100  # rates are stored in hundredths of a percent: 12.5 % -> 1250


def _decimal(text: str, field: str) -> Decimal:
    if not isinstance(text, str):
        raise InvalidValueError(f"The {field} must be text.")
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidValueError(f"The {field} is not a number: write it like 1234.56.") from None
    if not value.is_finite():
        raise InvalidValueError(f"The {field} is not a number: write it like 1234.56.")
    return value


def parse_amount(text: str, field: str = "amount") -> int:
    """Cents from "1234.56" / "1 234,56"; refuses negatives, fractions of a cent, huge values."""
    value = _decimal(text, field)
    if value < 0:
        raise InvalidValueError(f"The {field} cannot be negative.")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InvalidValueError(f"The {field} has more than two decimals.")
    if cents > MAX_CENTS:
        raise InvalidValueError(f"The {field} is too large.")
    return int(cents)


def parse_rate(text: str, field: str = "commission rate") -> int:
    """Hundredths of a percent from "12.5" (percent); 0 to 100 %, at most two decimals."""
    value = _decimal(text.rstrip().removesuffix("%"), field)
    scaled = value * RATE_SCALE
    if scaled != scaled.to_integral_value():
        raise InvalidValueError(f"The {field} has more than two decimals.")
    if not 0 <= value <= 100:
        raise InvalidValueError(f"The {field} must be between 0 and 100 %.")
    return int(scaled)


def to_decimal(cents: int) -> Decimal:
    """The amount in euros, exactly (for files and display)."""
    return Decimal(cents).scaleb(-2)


def format_cents(cents: int) -> str:
    """"1234.56": the form of bank files and of the CLI's tables."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def format_rate(rate_bp: int) -> str:
    whole, part = divmod(rate_bp, RATE_SCALE)
    return f"{whole}.{part:02d}"


def commission_of(net_cents: int, rate_bp: int) -> int:
    """The commission on a net premium, rounded half up to the cent (integer arithmetic)."""
    scale = 100 * RATE_SCALE
    return (net_cents * rate_bp * 2 + scale) // (2 * scale)
