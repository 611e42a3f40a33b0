"""Private identity files (crypto/identity_file.py `identity_from_json`): the unprotected JSON
form a user imports; a passphrase-protected file is an age file and has its own target."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.identity_file import IdentityFileError, identity_from_json

ALLOWED = (IdentityFileError,)


def check(data: bytes) -> None:
    identity_from_json(data)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
