"""Intake requests and replies as the desktop reads them after decrypting (crypto/
intake_container.py, crypto/intake_headers.py; docs/format.md §12.2–§12.3): a browser wrote
them, so any byte may be hostile. The first byte picks the kind; the rest is the container.
Whatever is accepted must have safe, distinct file names and must read back exactly."""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.intake_container import ContainerReader, write_container
    from crypto.intake_headers import IntakeFormatError, IntakeRequest
    from crypto.sealed.names import check_file_names

ALLOWED = (IntakeFormatError,)


def check(data: bytes) -> None:
    if not data:
        return
    kind = "intake_reply" if data[0] & 1 else "intake_request"
    reader = ContainerReader(io.BytesIO(data[1:]), kind)
    contents = [part.read() for _, part in reader.parts()]
    names = [f.safe_name for f in reader.files]
    assert check_file_names(names) == names, "an accepted container has an unsafe file name"
    assert [len(c) for c in contents] == [f.entry.size for f in reader.files]
    if isinstance(reader.header, IntakeRequest) or all(
            f.safe_name == f.entry.name for f in reader.files):
        out = io.BytesIO()
        write_container(out, reader.header, [io.BytesIO(c) for c in contents])
        again = ContainerReader(io.BytesIO(out.getvalue()), kind)
        assert again.header == reader.header, "a container's header does not survive"
        assert [p.read() for _, p in again.parts()] == contents


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
