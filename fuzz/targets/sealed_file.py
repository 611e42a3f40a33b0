"""A sealed file as received (crypto/sealed/reader.py `open_sealed`): any bytes, opened by a
fixed recipient. Real sealed files to that recipient seed the corpus, so mutations reach the age
layer's stanzas, the header MAC and the payload; `sealed_payload` fuzzes what is inside."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from _sealed_common import load_key, open_bytes
    from crypto.sealed.errors import SealedFileRejected

ALLOWED = (SealedFileRejected,)
RECIPIENT = load_key("recipient")


def check(data: bytes) -> None:
    opened = open_bytes(data, RECIPIENT, lambda _card: True)
    assert opened.metadata.files is not None


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
