"""Fixtures for signed releases: throwaway publisher keys (made at test time, never stored),
release folders signed with them by the publisher's own code, and the command line in-process
(the workstation policy's path can only be moved in-process, tests/support/workstation_policy.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.updates.publish import public_of, sign_folder
from tests.support.inprocess_cli import Outcome, scelle  # noqa: F401 (fixture)
from tests.support.workstation_policy import PolicySetter, set_policy  # noqa: F401 (fixture)

VERSION = "99.1.0"


@dataclass
class Publisher:
    key: Ed25519PrivateKey

    @property
    def raw(self) -> bytes:
        return self.key.public_key().public_bytes_raw()

    @property
    def public(self) -> str:
        return public_of(self.key).public

    @property
    def fingerprint(self) -> str:
        return public_of(self.key).fingerprint


@pytest.fixture
def publisher() -> Publisher:
    return Publisher(Ed25519PrivateKey.generate())


@pytest.fixture
def stranger() -> Publisher:
    return Publisher(Ed25519PrivateKey.generate())


def release_files(version: str = VERSION) -> dict[str, bytes]:
    return {
        f"scelle-{version}-linux-x86_64.tar.gz": b"\x1f\x8b tarball " * 1000,
        f"scelle_{version}_amd64.deb": b"!<arch>\n debian package " * 500,
        f"scelle-{version}.cdx.json": b'{"bomFormat": "CycloneDX"}\n',
    }


MakeRelease = Callable[..., Path]


@pytest.fixture
def make_release(tmp_path: Path, publisher: Publisher) -> MakeRelease:
    """`make_release(version=…, files=…, key=…)`: a folder signed as `make dist` signs it."""
    count = [0]

    def make(version: str = VERSION, files: dict[str, bytes] | None = None,
             key: Ed25519PrivateKey | None = None) -> Path:
        count[0] += 1
        folder = tmp_path / f"release{count[0]}"
        folder.mkdir()
        for name, data in (files if files is not None else release_files(version)).items():
            (folder / name).write_bytes(data)
        sign_folder(folder, key or publisher.key, version=version, kind="release")
        return folder

    return make


__all__ = ["MakeRelease", "Outcome", "PolicySetter", "Publisher", "VERSION", "release_files"]
