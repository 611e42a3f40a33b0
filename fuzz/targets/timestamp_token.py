"""An RFC 3161 timestamp token as the relay's answer or a proof file carries it
(crypto/timestamps.py `read_token`, `verify_token`): DER from the relay, a bundle, anyone.
Checked against the test authority's root (fuzz/keys/tsa-root.pem) over a fixed message."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.timestamps import TimestampError, load_anchors, read_token, verify_token

ALLOWED = (TimestampError,)
ANCHORS = load_anchors((Path(__file__).resolve().parent.parent / "keys" / "tsa-root.pem")
                       .read_bytes())
MESSAGE = b"scelle fuzz proof"


def check(data: bytes) -> None:
    read = read_token(data, MESSAGE)
    assert verify_token(data, MESSAGE, ANCHORS).der == read.der == data


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
