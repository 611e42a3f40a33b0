"""The fixed test identities the sealed-file targets open with (fuzz/keys/, made once by
fuzz/make_corpus.py; test keys only, never used for anything else)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from crypto.identity import PrivateIdentity
from crypto.identity_file import identity_from_json
from crypto.sealed.metadata import FileEntry
from crypto.sealed.reader import OpenedMessage, open_sealed

KEYS = Path(__file__).resolve().parent.parent / "keys"


def load_key(name: str) -> PrivateIdentity:
    return identity_from_json((KEYS / f"{name}.json").read_bytes())


class _Sink:
    """Collects what the reader releases for one file, as the caller's staging area would."""

    def __init__(self) -> None:
        self.data = io.BytesIO()

    def write(self, data: memoryview, /) -> object:
        return self.data.write(data)

    def close(self) -> None:
        self.data.close()


def open_bytes(data: bytes, identity: PrivateIdentity,
               sender_check: Callable[[object], bool]) -> OpenedMessage:
    """Open `data` as the recipient, accepting any sender whose signature verifies."""

    def sinks(_index: int, _entry: FileEntry) -> _Sink:
        return _Sink()

    return open_sealed(io.BytesIO(data), identity, sender_check=sender_check,
                       replay_guard=None, sinks=sinks)
