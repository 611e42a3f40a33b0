"""Intake documents (crypto/intake_document.py): an organisation's signed list of who reads the
requests made at its intake page, as the relay receives it from the admin (stored form) and as
the page and the desktop read it back (served form; docs/format.md §12.1)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.intake_document import IntakeDocumentError, parse_intake, parse_served
    from crypto.sealed.codec import parse_json

ALLOWED = (IntakeDocumentError,)


def check(data: bytes) -> None:
    if data.startswith(b'{"signed"'):
        signed = parse_served(parse_json(data, IntakeDocumentError, "The served document"))
    else:
        signed = parse_intake(data)
        assert signed.to_bytes() == data, "a parsed intake document does not encode back"
    assert parse_intake(signed.to_bytes()) == signed, "an intake document does not survive"
    assert parse_served(signed.served_json()) == signed, "the served form does not survive"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
