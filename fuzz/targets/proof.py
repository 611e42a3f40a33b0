"""Proofs and receipts (crypto/proofs.py `parse_proof`): deposit and delivery proofs signed by
the relay, receipts signed by a recipient, as the relay and the sender receive them."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.proofs import ProofError, parse_proof

ALLOWED = (ProofError,)


def check(data: bytes) -> None:
    proof = parse_proof(data)
    assert parse_proof(proof.to_bytes()) == proof, "a parsed proof does not survive its encoding"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
