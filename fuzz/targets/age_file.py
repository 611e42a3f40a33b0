"""A whole age file (crypto/age/reader.py): armor, header, stanzas, MAC and STREAM payload.

The keys are those of the public test vectors (tests/data/age-vectors), whose files seed the
corpus, so mutations of a valid file reach the stanza unwrapping and, with the header intact,
the payload chunks. The passphrase identity refuses work factors above 2^12 to keep each
attempt short (the vectors use 2^10); the limit itself is what a real caller sets higher.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.age import AgeError, AgeReader, ScryptIdentity, parse_identity

ALLOWED = (AgeError,)
KEYS = [
    "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0",
    "AGE-SECRET-KEY-143WN7DCXU4G8R5AXQSSYD9AEPYDNT3HXSLWSPK36CDU6E8M59SSSAGZ3KG",
    "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG",
    "AGE-SECRET-KEY-PQ-143WN7DCXU4G8R5AXQSSYD9AEPYDNT3HXSLWSPK36CDU6E8M59SSS8XZSCQ",
]
IDENTITIES = [parse_identity(k) for k in KEYS] + [
    ScryptIdentity("password", max_work_factor=12), ScryptIdentity("hunter2", max_work_factor=12)]


def check(data: bytes) -> None:
    reader = AgeReader(io.BytesIO(data), IDENTITIES)
    for _chunk in reader.chunk_views():
        pass


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
