"""Bank answers read by the brokerage module (app/brokerage/bank_files.py `parse_bank_file`):
camt.053 statements, camt.054 notifications and pain.002 status reports, as a bank or anyone
able to hand the broker a file writes them. Every event read must carry its reference, and a
reject its readable reason."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.brokerage.bank_files import parse_bank_file
    from app.brokerage.errors import BankFileError

ALLOWED = (BankFileError,)


def check(data: bytes) -> None:
    bank_file = parse_bank_file(data)
    assert bank_file.kind in ("camt.053", "camt.054", "pain.002")
    for event in bank_file.events:
        assert event.end_to_end_id
        assert event.paid or event.reason
        assert event.amount_cents is None or event.amount_cents >= 0


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
