"""A plaintext-file keyring backend, like keyrings.alt's PlaintextKeyring, for refusal tests.

It really writes secrets in clear to a file (path from SCELLE_TEST_PLAINTEXT_FILE), so a test can
check that Scellé never wrote anything through it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class PlaintextKeyring(KeyringBackend):
    priority = 1  # viable, as keyrings.alt's file backends are

    def _path(self) -> Path:
        return Path(os.environ.get("SCELLE_TEST_PLAINTEXT_FILE", "plaintext-keyring.json"))

    def _load(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(data))

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        data.pop(f"{service}/{username}", None)
        self._path().write_text(json.dumps(data))
