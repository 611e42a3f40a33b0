"""Sealed-file metadata (crypto/sealed/metadata.py `decode_metadata`): canonical JSON with the
sender's card, recipients, subject, message and file names. Metadata that parses encodes back to
the exact bytes read (the signature covers those bytes, so there must be one form only)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.sealed.errors import SealedFileRejected
    from crypto.sealed.metadata import decode_metadata

ALLOWED = (SealedFileRejected,)


def check(data: bytes) -> None:
    metadata = decode_metadata(data)
    assert metadata.encode() == data, "parsed metadata encodes to other bytes"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
