"""ASCII armor (crypto/age/armor.py): detection and strict PEM decoding of any bytes.

What the armor reader releases must be what the base64 inside says: checked against a plain
decoding whenever the reader accepts the whole input.
"""

from __future__ import annotations

import base64
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.age.armor import BEGIN, END, dearmor
    from crypto.age.errors import AgeError

ALLOWED = (AgeError,)


def check(data: bytes) -> None:
    stream, armor = dearmor(io.BytesIO(data), None)
    out = stream.read()
    if armor is None:
        assert out == data, "binary input was changed by the armor detection"
        return
    inner = data.strip(b" \t\r\n")
    assert inner.startswith(BEGIN) and inner.endswith(END), "armor accepted without its lines"
    body = inner[len(BEGIN):-len(END)].replace(b"\r", b"").replace(b"\n", b"")
    assert base64.b64decode(body, validate=True) == out, "armor released other bytes"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
