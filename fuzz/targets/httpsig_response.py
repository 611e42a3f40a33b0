"""Signed relay answers as a client checks them (crypto/httpsig `ResponseVerifier.verify`): the
input holds the client's own signed request, then the answer (status, headers, body)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from _http_common import NOW, RELAY_KEY, split_message
    from crypto.httpsig.errors import HttpSigError
    from crypto.httpsig.verifier import ResponseVerifier

ALLOWED = (HttpSigError,)
VERIFIER = ResponseVerifier(RELAY_KEY.public_key().public_bytes_raw(), now=lambda: NOW)
SEPARATOR = "\n\n\n"


def check(data: bytes) -> None:
    request, _, response = data.decode("latin-1").partition(SEPARATOR)
    start, request_headers, _ = split_message(request)
    method, _, url = start.partition(" ")
    status, headers, body = split_message(response)
    if not (status.isascii() and status.isdigit() and len(status) == 3):
        return  # httpx only ever hands the client a three-digit status
    VERIFIER.verify(int(status), headers, request_method=method, request_url=url,
                    request_headers=request_headers, body=body)


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
