"""The sealed-file metadata's delegation keys (docs/format.md §8.4), both optional:

    delegation  {"document": <delegation document>, "principal": <principal's card>}
                the sender (the delegate) sealed on behalf of the principal; the principal's
                card travels with it so that any recipient can check the delegation offline
    delegates   [{"delegate": 64 hex, "principal": 64 hex}, ...] sorted, no duplicates:
                recipients added because they receive for a principal who is also a recipient

Parsing here is structural (types, the principal card's own signatures, the fingerprints
agreeing with the recipient list); whether the delegation allows the act is
`crypto.delegation.check_delegation`, run by the reader with the organisation key it trusts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crypto.delegation import Delegation, DelegationError, delegation_from_json
from crypto.errors import ScelleError
from crypto.identity import CardError, IdentityCard, card_from_json
from crypto.sealed.codec import Obj

DELEGATION_KEY = "delegation"
DELEGATES_KEY = "delegates"
MAX_DELEGATES = 1000
_HEX_FP = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class SealedDelegation:
    """A delegation as carried in a sealed file: the document and the principal's card."""

    delegation: Delegation
    principal_card: IdentityCard

    def to_json(self) -> dict[str, Any]:
        return {"document": self.delegation.to_json(), "principal": self.principal_card.to_json()}


@dataclass(frozen=True, order=True)
class DelegateCopy:
    """A recipient added because they receive for `principal`."""

    delegate: bytes
    principal: bytes

    def to_json(self) -> dict[str, str]:
        return {"delegate": self.delegate.hex(), "principal": self.principal.hex()}


def parse_sealed_delegation(value: Any, error: type[ScelleError]) -> SealedDelegation:
    obj = Obj(value, error, "the sealed file's delegation", ("document", "principal"))
    try:
        delegation = delegation_from_json(obj.raw("document"))
        card = card_from_json(obj.raw("principal"))
    except (DelegationError, CardError) as exc:
        raise error(f"The delegation inside this sealed file is invalid: {exc}") from None
    if card.fingerprint != delegation.principal:
        raise obj.fail("principal", "is not the card of the delegation's principal")
    return SealedDelegation(delegation, card)


def parse_delegates(value: Any, error: type[ScelleError],
                    recipients: tuple[bytes, ...]) -> tuple[DelegateCopy, ...]:
    if not isinstance(value, list) or not value or len(value) > MAX_DELEGATES:
        raise error("In the sealed file's metadata, the field delegates is not a non-empty "
                    "list of at most 1000 entries.")
    copies = []
    for item in value:
        entry = Obj(item, error, "an entry of the sealed file's delegates",
                    ("delegate", "principal"))
        pair = [entry.text(k, 64) for k in ("delegate", "principal")]
        if not all(_HEX_FP.fullmatch(p) for p in pair):
            raise entry.fail("delegate", "or principal is not a fingerprint")
        copies.append(DelegateCopy(bytes.fromhex(pair[0]), bytes.fromhex(pair[1])))
    if any(a >= b for a, b in zip(copies, copies[1:])):
        raise error("The sealed file's delegates are not sorted without duplicates.")
    named = set(recipients)
    if any(c.delegate not in named or c.principal not in named or c.delegate == c.principal
           for c in copies):
        raise error("The sealed file's delegates name someone outside its recipients.")
    return tuple(copies)
