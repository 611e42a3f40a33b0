"""Building the command line's parser loads none of the vault's services: `scelle age …` and
`scelle id …` must not pay for SQLCipher and the store at every start (cli/vault_unlock.py)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("app.documents", "app.search", "storage.store", "sqlcipher3")


def test_the_parser_loads_no_vault_service() -> None:
    code = ("import sys, cli.main; cli.main.build_parser(); "
            f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60).stdout.strip()
    assert loaded == "", f"loaded while building the parser: {loaded}"
