"""ASCII armor (strict PEM, label "AGE ENCRYPTED FILE"). Placeholder until implemented."""

from __future__ import annotations

from typing import BinaryIO


def maybe_dearmor(src: BinaryIO) -> BinaryIO:
    """Return `src` unchanged (armor detection comes later)."""
    return src


class ArmorWriter:
    """Not implemented yet."""

    def __init__(self, out: BinaryIO) -> None:
        raise NotImplementedError("ASCII armor is not implemented yet")

    def write(self, data: bytes | bytearray | memoryview) -> int:
        raise NotImplementedError

    def finish(self) -> None:
        raise NotImplementedError
