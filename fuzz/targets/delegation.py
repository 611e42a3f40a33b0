"""Delegations and their revocations (crypto/delegation.py `parse_delegation`,
`parse_revocation`): what the relay lists, what a sealed file carries. A document that parses
prints back canonically; checking it against cards never fails with anything but a refusal.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.delegation import (
        DelegationError,
        check_delegation,
        parse_delegation,
        parse_revocation,
    )
    from crypto.identity import PrivateIdentity

ALLOWED = (DelegationError,)
_PRINCIPAL = PrivateIdentity.generate("Fuzz Principal").card
_DELEGATE = PrivateIdentity.generate("Fuzz Delegate").card


def check(data: bytes) -> None:
    if data[:1] == b"R":  # a revocation; anything else is read as a delegation
        revocation = parse_revocation(data[1:])
        assert parse_revocation(revocation.to_bytes()) == revocation, "no round trip"
        return
    delegation = parse_delegation(data)
    assert parse_delegation(delegation.to_bytes()) == delegation, "no round trip"
    key = delegation.certification.signing_key if delegation.certification else bytes(32)
    try:
        check_delegation(delegation, _PRINCIPAL, _DELEGATE, key, delegation.valid_from, "send")
    except DelegationError:
        pass


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
