"""Identity cards (crypto/identity.py `parse_card`): what a contact sends, the relay's directory
serves and a sealed file carries. A card that parses is self-signed and prints back canonically.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.identity import CardError, parse_card

ALLOWED = (CardError,)


def check(data: bytes) -> None:
    card = parse_card(data)
    assert parse_card(card.to_bytes()) == card, "a parsed card does not survive its own encoding"
    card.is_valid_at()
    card.fingerprint_hex  # noqa: B018 - computed from the parsed keys


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
