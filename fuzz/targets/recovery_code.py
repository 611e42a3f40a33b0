"""Recovery codes as typed (crypto/recovery.py `parse_recovery_code`): any text. A code that
parses prints back as the same digits."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.recovery import InvalidRecoveryCode, format_recovery_code, parse_recovery_code

ALLOWED = (InvalidRecoveryCode,)


def check(data: bytes) -> None:
    text = data.decode("utf-8", errors="surrogateescape")
    code = parse_recovery_code(text)
    printed = format_recovery_code(code)
    assert printed.replace("-", "") == re.sub(r"[\s\-_.]+", "", text.strip()), \
        "a parsed code prints as other digits"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
