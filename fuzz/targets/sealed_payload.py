"""Inside a sealed file (crypto/sealed/reader.py): the fuzzer writes the plaintext — prefix,
metadata length, metadata, file contents, trailer and signature — which is then encrypted to the
fixed recipient as a genuine age file and opened. This is what a malicious sender controls; it
reaches the splitter, the metadata parser, the size accounting and the signature check. Seeds
are the plaintexts of real sealed files, which open."""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from _sealed_common import load_key, open_bytes
    from crypto.age import AgeWriter
    from crypto.sealed.errors import SealedFileRejected

ALLOWED = (SealedFileRejected,)
RECIPIENT = load_key("recipient")
_TO = [RECIPIENT.age_identity.recipient()]


def check(data: bytes) -> None:
    out = io.BytesIO()
    writer = AgeWriter(out, _TO)
    writer.write(data)
    writer.close()
    opened = open_bytes(out.getvalue(), RECIPIENT, lambda _card: True)
    assert sum(f.size for f in opened.metadata.files) == opened.metadata.content_size


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
