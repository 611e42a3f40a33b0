"""Argon2id passphrase stretching for vault key slots.

Every key slot stores its own `Argon2Params` (cost and a fresh salt) in the public header. The
header is untrusted input, so reading parameters enforces the same floor as creating them: a
tampered header cannot make an unlock cheaper than 64 MiB of memory (`WeakKdfError`), and an
absurd cost (which would only exhaust memory) is refused as malformed (`KdfParamsError`).

Production defaults follow DESIGN §3 (256 MiB, t=3, p=4, 16-byte salt); `calibrate()` raises the
iteration count on machines fast enough to afford it, never lowers anything.
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from crypto.errors import ScelleError

ALGORITHM = "argon2id"
KEY_LEN = 32
SALT_LEN = 16

MIN_MEMORY_KIB = 64 * 1024  # DESIGN §3: never below 64 MiB
DEFAULT_MEMORY_KIB = 256 * 1024
DEFAULT_ITERATIONS = 3
DEFAULT_LANES = 4

# Upper bounds for values read from a header: anything larger is not a stronger setting we
# could have written but a way to exhaust the machine, so it is treated as a malformed header.
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 64

# Calibration never goes above this iteration count (about 4x the default cost).
MAX_CALIBRATED_ITERATIONS = 12
DEFAULT_TARGET_SECONDS = 1.0


class WeakKdfError(ScelleError):
    """KDF parameters below the floor: refused when creating a slot and when reading a header."""


class KdfParamsError(ScelleError):
    """KDF parameters that are malformed or absurd (not a setting Scellé would write)."""


def _random_salt() -> bytes:
    return os.urandom(SALT_LEN)


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost and salt of one key slot. Constructing an instance validates it."""

    memory_kib: int = DEFAULT_MEMORY_KIB
    iterations: int = DEFAULT_ITERATIONS
    lanes: int = DEFAULT_LANES
    salt: bytes = field(default_factory=_random_salt)

    def __post_init__(self) -> None:
        for name in ("memory_kib", "iterations", "lanes"):
            value = getattr(self, name)
            # bool is an int subclass; "true" as a cost is a malformed header, not 1.
            if not isinstance(value, int) or isinstance(value, bool):
                raise KdfParamsError(f"The key-derivation setting {name} is not a whole number.")
        if not isinstance(self.salt, bytes) or len(self.salt) != SALT_LEN:
            raise KdfParamsError(f"The key-derivation salt must be {SALT_LEN} bytes.")
        if self.memory_kib < MIN_MEMORY_KIB:
            raise WeakKdfError(
                f"The key derivation uses {self.memory_kib // 1024} MiB of memory; Scellé refuses "
                f"anything below {MIN_MEMORY_KIB // 1024} MiB (the vault header may have been "
                "tampered with)."
            )
        if self.iterations < 1 or self.lanes < 1:
            raise WeakKdfError("The key derivation needs at least one pass and one lane.")
        if self.memory_kib < 8 * self.lanes:  # Argon2 itself requires m >= 8p
            raise KdfParamsError("The key-derivation memory is too small for its lane count.")
        if (
            self.memory_kib > MAX_MEMORY_KIB
            or self.iterations > MAX_ITERATIONS
            or self.lanes > MAX_LANES
        ):
            raise KdfParamsError("The key-derivation cost in the vault header is out of range.")

    def with_new_salt(self) -> Argon2Params:
        """The same cost with a fresh random salt (one salt per slot, never shared)."""
        return replace(self, salt=_random_salt())

    def cost(self) -> tuple[int, int, int]:
        """(memory_kib, iterations, lanes), for comparing strengths."""
        return (self.memory_kib, self.iterations, self.lanes)

    def to_json(self) -> dict[str, Any]:
        return {
            "alg": ALGORITHM,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
            "salt": base64.b64encode(self.salt).decode("ascii"),
        }

    @classmethod
    def from_json(cls, obj: Any) -> Argon2Params:
        """Strictly parse header JSON; raises KdfParamsError or WeakKdfError."""
        expected = {"alg", "memory_kib", "iterations", "lanes", "salt"}
        if not isinstance(obj, dict) or set(obj) != expected:
            raise KdfParamsError(
                "The key-derivation settings in the vault header are malformed "
                f"(expected the fields {', '.join(sorted(expected))})."
            )
        if obj["alg"] != ALGORITHM:
            raise KdfParamsError("The vault header names an unknown key-derivation function.")
        return cls(
            memory_kib=obj["memory_kib"],
            iterations=obj["iterations"],
            lanes=obj["lanes"],
            salt=_strict_b64(obj["salt"]),
        )


def _strict_b64(text: Any) -> bytes:
    """Canonical padded base64 only: one encoding per value, so the header MAC input is unique."""
    if not isinstance(text, str):
        raise KdfParamsError("The key-derivation salt is not a base64 string.")
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise KdfParamsError("The key-derivation salt is not valid base64.") from exc
    if base64.b64encode(raw).decode("ascii") != text:
        raise KdfParamsError("The key-derivation salt is not canonical base64.")
    return raw


def derive(secret: bytes | bytearray, params: Argon2Params) -> bytearray:
    """Argon2id(secret) as a wipeable bytearray of KEY_LEN bytes.

    The `cryptography` binding returns an immutable `bytes`, which we copy and drop at once; the
    copy is what callers hold and wipe. Perfect erasure is not possible from Python.
    """
    kdf = Argon2id(
        salt=params.salt,
        length=KEY_LEN,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_kib,
    )
    return bytearray(kdf.derive(secret))


def _measure(params: Argon2Params) -> float:
    start = time.perf_counter()
    derive(b"scelle calibration", params)
    return time.perf_counter() - start


def calibrate(
    target_seconds: float = DEFAULT_TARGET_SECONDS,
    base: Argon2Params | None = None,
    measure: Callable[[Argon2Params], float] = _measure,
) -> Argon2Params:
    """Return parameters costing about `target_seconds` here, never weaker than `base`.

    Memory stays at the base value (workstations may be short of RAM, and memory is what already
    hurts GPU attackers); only the iteration count grows, in proportion to the time measured at
    the base cost, capped at MAX_CALIBRATED_ITERATIONS. `measure` is injectable for tests.
    """
    base = base if base is not None else Argon2Params()
    elapsed = measure(base)
    if elapsed <= 0 or elapsed >= target_seconds:
        return base.with_new_salt()
    scaled = int(base.iterations * target_seconds / elapsed)
    iterations = max(base.iterations, min(scaled, MAX_CALIBRATED_ITERATIONS))
    return replace(base, iterations=iterations, salt=_random_salt())
