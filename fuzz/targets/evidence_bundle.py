"""An evidence bundle as `scelle proof verify FILE` reads it (app/evidence/verify.py
`verify_bundle`): a zip archive from anyone, never extracted."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.evidence import EvidenceError, verify_bundle

ALLOWED = (EvidenceError,)


def check(data: bytes) -> None:
    verify_bundle(data).lines()


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
