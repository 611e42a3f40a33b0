"""Helpers shared by the factor tests."""

from __future__ import annotations

import base64
import copy
from typing import Any

VAULT_ID = bytes(range(16))


def slot_context(slot: int = 1, vault_id: bytes = VAULT_ID) -> bytes:
    """The domain-separation string the key-slot layer passes to factors."""
    return b"scelle/v1 slot\0" + vault_id + slot.to_bytes(4, "big")


def altered(params: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `params` with some fields replaced (tampered vault header)."""
    result = copy.deepcopy(params)
    result.update(changes)
    return result


def flip_b64(value: str, index: int = 10) -> str:
    """Flip one bit of the byte at `index` of a base64 field."""
    raw = bytearray(base64.b64decode(value))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


class CountingPin:
    """A PIN provider that records how often it was asked."""

    def __init__(self, value: str | bytearray | None) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> str | bytearray | None:
        self.calls += 1
        return self.value
