"""How an envelope deposited at an intake page is told apart from a member's.

Such an envelope has no sender: its `sender` column holds `intake:<name>` (never a fingerprint,
so no member's sent box, withdrawal or sender-only answer ever matches it), and its deposit
proof is an `intake_deposit` statement. Listings show `"sender": null` and the origin below,
read from that proof, which the envelope row already carries (no extra query per envelope).
"""

from __future__ import annotations

import json
from typing import Any

from relay.db.envelopes import Envelope

PREFIX = "intake:"


def sender_of(name: str) -> str:
    """The `sender` column of an intake deposit."""
    return PREFIX + name


def origin(env: Envelope) -> dict[str, Any] | None:
    """`{"intake", "version", "receipt_code"}` for an intake deposit, None for any other."""
    if not env.sender.startswith(PREFIX) or env.deposit_proof is None:
        return None
    statement = json.loads(env.deposit_proof)["statement"]
    return {"intake": statement["intake"], "version": statement["intake_version"],
            "receipt_code": statement["receipt_code"]}
