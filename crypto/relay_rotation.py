"""Relay key rotation statements: the old relay key and the new one vouch for each other.

    statement = sign_rotation(old_key, new_key, rotated=…, overlap_until=…)   # JSON-able dict
    chain = follow_rotations(pinned, announced, statements)   # keys from pinned to announced

A statement names both public keys and is signed by **both** private keys over the same
canonical bytes (domain-separated): the old key's signature lets a client that pinned the old
key accept the new one; the new key's signature shows its holder took part (nobody can attach
someone else's key to the chain). The relay publishes its statements in `GET /v1/relay`;
a client follows them from the key it pinned to the key the relay now uses (two rotations in
one overlap make a chain of two). Statements are checked strictly; a statement that does not
verify is ignored, so a forged one cannot open a path.
"""

from __future__ import annotations

from base64 import b64decode, b64encode
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (Ed25519PrivateKey,
                                                               Ed25519PublicKey)

from crypto.errors import ScelleError
from crypto.sealed.codec import canonical_json

DOMAIN = b"scelle-relay-key-rotation-v1\n"
STATEMENT_KEYS = {"version", "old_key", "new_key", "rotated", "overlap_until"}
MAX_CHAIN = 64  # rotations a client follows at once; more is not a relay's normal life


class RotationError(ScelleError):
    pass


@dataclass(frozen=True)
class Rotation:
    old_key: bytes
    new_key: bytes
    rotated: int
    overlap_until: int


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes_raw()


def _message(statement: dict[str, Any]) -> bytes:
    return DOMAIN + canonical_json(statement)


def sign_rotation(old: Ed25519PrivateKey, new: Ed25519PrivateKey, *, rotated: int,
                  overlap_until: int) -> dict[str, Any]:
    statement = {"version": 1, "old_key": b64encode(_raw(old)).decode("ascii"),
                 "new_key": b64encode(_raw(new)).decode("ascii"), "rotated": rotated,
                 "overlap_until": overlap_until}
    message = _message(statement)
    return {"statement": statement,
            "old_signature": b64encode(old.sign(message)).decode("ascii"),
            "new_signature": b64encode(new.sign(message)).decode("ascii")}


def _b64(value: Any, size: int) -> bytes:
    if not isinstance(value, str):
        raise RotationError("A key rotation statement is malformed.")
    try:
        raw = b64decode(value, validate=True)
    except ValueError:
        raise RotationError("A key rotation statement is malformed.") from None
    if len(raw) != size:
        raise RotationError("A key rotation statement is malformed.")
    return raw


def parse_rotation(value: Any) -> Rotation:
    """Check a published statement strictly, both signatures included."""
    if not isinstance(value, dict) or set(value) != {"statement", "old_signature",
                                                     "new_signature"}:
        raise RotationError("A key rotation statement is malformed.")
    statement = value["statement"]
    if not isinstance(statement, dict) or set(statement) != STATEMENT_KEYS \
            or statement["version"] != 1 or any(
                type(statement[k]) is not int or statement[k] < 0
                for k in ("rotated", "overlap_until")):
        raise RotationError("A key rotation statement is malformed.")
    old, new = _b64(statement["old_key"], 32), _b64(statement["new_key"], 32)
    message = _message(statement)
    try:
        Ed25519PublicKey.from_public_bytes(old).verify(_b64(value["old_signature"], 64), message)
        Ed25519PublicKey.from_public_bytes(new).verify(_b64(value["new_signature"], 64), message)
    except (InvalidSignature, ValueError):
        raise RotationError("A key rotation statement's signatures do not verify.") from None
    if old == new:
        raise RotationError("A key rotation statement is malformed.")
    return Rotation(old, new, statement["rotated"], statement["overlap_until"])


def follow_rotations(pinned: bytes, announced: bytes, statements: Any) -> list[bytes]:
    """The keys from `pinned` to `announced` (both included), each vouched for by the one
    before it; raises `RotationError` when no chain of valid statements links them."""
    valid: dict[bytes, bytes] = {}
    for item in statements if isinstance(statements, list) else []:
        try:
            rotation = parse_rotation(item)
        except RotationError:
            continue  # a bad statement opens no path; the good ones may still link the keys
        valid.setdefault(rotation.old_key, rotation.new_key)
    chain = [pinned]
    while chain[-1] != announced:
        following = valid.get(chain[-1])
        if following is None or following in chain or len(chain) > MAX_CHAIN:
            raise RotationError("The relay's new key is not vouched for by the key this "
                                "vault pinned.")
        chain.append(following)
    return chain


def previous_keys(values: Any) -> frozenset[bytes]:
    """Earlier relay keys a relay lists (base64) in an answer signed by its current key; a
    malformed entry is left out."""
    keys = set()
    for value in values if isinstance(values, list) else []:
        try:
            keys.add(_b64(value, 32))
        except RotationError:
            continue
    return frozenset(keys)
