"""The workstation policy file (app/policy.py `load_policy`): written by an administrator, read
by every command. The real function reads a path, so each input is written to one scratch file
(in a private temporary folder) and read back from there."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from app.policy import PolicyError, load_policy

ALLOWED = (PolicyError,)
_SCRATCH = Path(tempfile.mkdtemp(prefix="scelle-fuzz-policy-")) / "policy.json"


def check(data: bytes) -> None:
    _SCRATCH.write_bytes(data)
    policy = load_policy(_SCRATCH)
    policy.kdf_floor()
    for url in ("https://relay.example", "http://127.0.0.1:8080"):
        policy.relay_allowed(url)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
