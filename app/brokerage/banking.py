"""Bank identifiers: IBAN and BIC (checked by schwifty, which follows the registries of
SWIFT and of each country), and the SEPA creditor identifier (ICS, "identifiant créancier
SEPA"), whose checksum is the ISO 7064 MOD 97-10 of the EPC's rules.

Each function returns the normalised form (upper case, no spaces) or raises
`InvalidValueError` naming the field; the value itself is not repeated in the message, since
an account number is a client's data.
"""

from __future__ import annotations

import re

from app.records import InvalidValueError

_ICS = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{3}[A-Z0-9]{1,28}")


def _compact(text: str, field: str) -> str:
    if not isinstance(text, str):
        raise InvalidValueError(f"The {field} must be text.")
    return "".join(text.split()).upper()


def check_iban(text: str, field: str = "IBAN") -> str:
    from schwifty import IBAN
    from schwifty.exceptions import SchwiftyException

    compact = _compact(text, field)
    try:
        return str(IBAN(compact).compact)
    except SchwiftyException:
        raise InvalidValueError(f"The {field} is not a valid IBAN (wrong length, country or "
                                "check digits).") from None


def check_bic(text: str, field: str = "BIC") -> str:
    from schwifty import BIC
    from schwifty.exceptions import SchwiftyException

    compact = _compact(text, field)
    try:
        return str(BIC(compact).compact)
    except SchwiftyException:
        raise InvalidValueError(f"The {field} is not a valid BIC (8 or 11 characters: bank, "
                                "country, location, branch).") from None


def _mod97(text: str) -> int:
    digits = "".join(str(int(ch, 36)) for ch in text)
    return int(digits) % 97


def check_ics(text: str, field: str = "creditor identifier (ICS)") -> str:
    """A SEPA creditor identifier: country, two check digits, a three-character business code
    the checksum ignores, then the national identifier (in France, six characters)."""
    compact = _compact(text, field)
    if not _ICS.fullmatch(compact) or len(compact) > 35:
        raise InvalidValueError(f"The {field} is malformed: a country code, two check digits, "
                                "a three-character business code and the national identifier.")
    if compact.startswith("FR") and len(compact) != 13:
        raise InvalidValueError(f"The {field} is malformed: a French one has 13 characters.")
    national = compact[7:]
    if _mod97(national + compact[:2] + compact[2:4]) != 1:
        raise InvalidValueError(f"The {field} has wrong check digits.")
    return compact
