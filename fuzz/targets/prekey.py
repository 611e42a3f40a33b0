"""Prekeys (crypto/prekeys.py `parse_prekey`): what the relay serves to senders and what a
member publishes to it. A prekey that parses prints back canonically; checking it against a
card never fails with anything but a refusal.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.identity import PrivateIdentity
    from crypto.prekeys import PrekeyError, parse_prekey, verify_prekey

ALLOWED = (PrekeyError,)
_CARD = PrivateIdentity.generate("Fuzz Owner").card


def check(data: bytes) -> None:
    prekey = parse_prekey(data)
    assert parse_prekey(prekey.to_bytes()) == prekey, "a parsed prekey does not round-trip"
    prekey.age_recipient()
    verify_prekey(prekey, _CARD, prekey.valid_from)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
