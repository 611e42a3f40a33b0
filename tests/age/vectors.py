"""Loader and runner for the public age test vectors (tests/data/age-vectors, C2SP CCTV)."""

from __future__ import annotations

import hashlib
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from crypto.age import (
    AgeReader,
    ArmorError,
    HeaderError,
    HeaderMacError,
    Identity,
    NoIdentityMatchError,
    PayloadError,
    ScryptIdentity,
    parse_identity,
)

VECTOR_DIR = Path(__file__).resolve().parent.parent / "data" / "age-vectors" / "testdata"


@dataclass
class Vector:
    """One test vector: expected outcome, keys to try, and the age file itself."""

    name: str
    expect: str
    payload_sha256: str | None
    identities: list[str] = field(default_factory=list)
    passphrases: list[str] = field(default_factory=list)
    armored: bool = False
    body: bytes = b""


def load_vector(path: Path) -> Vector:
    raw = path.read_bytes()
    head, body = raw.split(b"\n\n", 1)
    vector = Vector(name=path.name, expect="", payload_sha256=None)
    compressed = False
    for line in head.decode("utf-8").split("\n"):
        key, value = line.split(": ", 1)
        if key == "expect":
            vector.expect = value
        elif key == "payload":
            vector.payload_sha256 = value
        elif key == "identity":
            vector.identities.append(value)
        elif key == "passphrase":
            vector.passphrases.append(value)
        elif key == "armored":
            vector.armored = value == "yes"
        elif key == "compressed":
            compressed = value == "zlib"
    vector.body = zlib.decompress(body) if compressed else body
    return vector


def all_vectors() -> list[Vector]:
    return [load_vector(p) for p in sorted(VECTOR_DIR.iterdir())]


def identities_for(vector: Vector) -> list[Identity]:
    identities: list[Identity] = [parse_identity(s) for s in vector.identities]
    return identities + [ScryptIdentity(p) for p in vector.passphrases]


def run_vector(vector: Vector, armor: bool | None = None) -> tuple[str, str]:
    """Decrypt the vector; return (outcome class, SHA-256 hex of all plaintext released)."""
    released = hashlib.sha256()
    try:
        reader = AgeReader(io.BytesIO(vector.body), identities_for(vector), armor=armor)
        for chunk in reader.chunks():
            released.update(chunk)
        outcome = "success"
    except ArmorError:
        outcome = "armor failure"
    except HeaderMacError:
        outcome = "HMAC failure"
    except NoIdentityMatchError:
        outcome = "no match"
    except HeaderError:
        outcome = "header failure"
    except PayloadError:
        outcome = "payload failure"
    return outcome, released.hexdigest()
