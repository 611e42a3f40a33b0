"""age key strings (crypto/age/keys.py, bech32.py): identity and recipient files as typed or
pasted by a user, each line an `AGE-SECRET-KEY-…` or `age1…` key (comments and blank lines
allowed). A key that parses prints back as the same string, in upper or lower case as age does.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import _harness  # noqa: E402

with _harness.instrumented():
    from crypto.age import AgeError, parse_identities_file, parse_recipients_file

ALLOWED = (AgeError,)


def check(data: bytes) -> None:
    # Any text a file can hold, as `Path.read_text` would give it (undecodable bytes escaped).
    text = data.decode("utf-8", errors="surrogateescape")
    parse = parse_identities_file if "AGE-SECRET-KEY" in text.upper() else parse_recipients_file
    keys = parse(text)
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and ln.strip()[0] != "#"]
    printed = [str(k) for k in keys]
    assert len(printed) == len(lines)
    for key, line in zip(printed, lines, strict=True):
        assert key.lower() == line.lower(), "a parsed key prints as another string"


if __name__ == "__main__":
    _harness.main(check, ALLOWED)
