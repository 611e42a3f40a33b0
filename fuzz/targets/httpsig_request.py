"""Signed requests as the relay checks them (crypto/httpsig: `read_signature` parsing the
Signature-Input and Signature structured fields, then `RequestVerifier.verify` and `check_body`)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from _http_common import MEMBER_KEY, MEMBER_KEY_ID, NOW, split_message
    from crypto.httpsig.errors import HttpSigError
    from crypto.httpsig.verifier import RequestVerifier, check_body

ALLOWED = (HttpSigError,)
_PUBLIC = MEMBER_KEY.public_key()
VERIFIER = RequestVerifier(lambda key_id: _PUBLIC if key_id == MEMBER_KEY_ID else None,
                           now=lambda: NOW)


def check(data: bytes) -> None:
    start, headers, body = split_message(data.decode("latin-1"))
    method, _, url = start.partition(" ")
    verified = VERIFIER.verify(method, url, headers)
    assert verified.key_id == MEMBER_KEY_ID
    check_body(verified, body)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
