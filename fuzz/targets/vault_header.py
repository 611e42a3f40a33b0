"""The vault header `vault.json` (storage/header.py `VaultHeader.parse`) with its key slots
(crypto/keyslots/model.py): read before any key is known, so from an untrusted disk. A header
that parses encodes back to a header that parses the same."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.errors import ScelleError
    from storage.header import VaultHeader

ALLOWED = (ScelleError,)


def check(data: bytes) -> None:
    header = VaultHeader.parse(data)
    assert VaultHeader.parse(header.to_bytes()) == header, "vault.json does not round-trip"
    for slot in header.slots:
        slot.public_json()


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
