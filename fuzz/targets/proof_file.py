"""A proof file as `scelle relay verify-proof FILE` reads it (app/relay_client/proofs.py
`verify_proof_file`): one proof or a bundle of them, from anyone."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.relay_client.errors import ProofRejected
    from app.relay_client.proofs import verify_proof_file

ALLOWED = (ProofRejected,)


def check(data: bytes) -> None:
    for verified in verify_proof_file(data, relay_id="0" * 64):
        verified.describe()


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
