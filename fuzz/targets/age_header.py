"""age header (crypto/age/header.py): `parse_header` on any bytes.

Beyond not crashing: a header that parses is canonical, so encoding its stanzas again gives back
the exact bytes read, and the stream is left at the first byte after the MAC line.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.age.errors import AgeError
    from crypto.age.header import VERSION_LINE, parse_header

ALLOWED = (AgeError,)


def check(data: bytes) -> None:
    src = io.BytesIO(data)
    header = parse_header(src)
    assert src.tell() == len(header.raw), "the stream is not left right after the header"
    assert data.startswith(header.raw)
    encoded = VERSION_LINE + b"".join(s.encode() for s in header.stanzas) + b"---"
    assert encoded == header.mac_input, "a parsed header does not re-encode to the bytes read"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
