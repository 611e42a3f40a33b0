"""`verify_sealed(sinks=…)`: the caller sees each file's plaintext while the file is checked
(the open dialog keeps it in memory for its preview), and the vault stays untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from crypto.sealed.errors import TamperedError
from tests.vault.conftest import add_document, canary_data
from tests.vault.exchange_helpers import Pair, _assert_intact, _seal, _state


class Collect:
    def __init__(self) -> None:
        self.files: dict[int, bytearray] = {}
        self.closed: list[int] = []

    def __call__(self, index: int, entry: object) -> Collect:
        self.files[index] = bytearray()
        self._index = index
        return self

    def write(self, data: memoryview, /) -> None:
        self.files[self._index] += data

    def close(self) -> None:
        self.closed.append(self._index)


def test_the_sinks_get_every_file_and_nothing_is_written(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    data = canary_data(150_000)
    ids = [add_document(alice, "annexe.bin", data), add_document(alice, "vide.txt", b""),
           add_document(alice, "note.txt", b"Bonjour")]
    out = tmp_path / "envoi.scelle"
    _seal(alice, ids, bob_at_alice, out)
    before = _state(bob)
    sinks = Collect()
    bob.verify_sealed(out, sinks=sinks)
    assert sinks.files == {0: bytearray(data), 1: bytearray(), 2: bytearray(b"Bonjour")}
    assert sinks.closed == [0, 1, 2]
    _assert_intact(bob, before)
    bob.receive_sealed(out)  # only checked: it can still be received


def test_a_refused_file_still_raises_with_sinks(pair: Pair, tmp_path: Path) -> None:
    alice, bob, bob_at_alice, _ = pair
    out = tmp_path / "envoi.scelle"
    _seal(alice, [add_document(alice, "annexe.bin", canary_data(100_000))], bob_at_alice, out)
    raw = bytearray(out.read_bytes())
    raw[len(raw) // 2] ^= 1
    out.write_bytes(bytes(raw))
    before = _state(bob)
    with pytest.raises(TamperedError):
        bob.verify_sealed(out, sinks=Collect())  # the caller discards what the sinks got
    _assert_intact(bob, before)
