"""The proof of work asked of an intake deposit (docs/relay.md "Intake").

A challenge is stateless until it is used: 16 random bytes, its expiry (8 bytes, big-endian
seconds), and 16 bytes of an HMAC by the relay over both and the intake point's name. Any relay
process sharing the relay key checks it; the deposit must carry a nonce such that
SHA-256(challenge || nonce) starts with `difficulty` zero bits. A used challenge is remembered
in the shared `nonces` table until it expires, so it buys exactly one deposit. Nothing in it
says who asked for it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import struct
from dataclasses import dataclass

from relay import intake_errors
from relay.context import Relay
from relay.db import housekeeping

CHALLENGE_TTL = 600  # seconds: enough to solve it and start sending, not to stockpile them
_RANDOM, _EXPIRY, _TAG = 16, 8, 16
CHALLENGE_BYTES = _RANDOM + _EXPIRY + _TAG
_CHALLENGE_RE = re.compile(rf"[0-9a-f]{{{2 * CHALLENGE_BYTES}}}")
_NONCE_RE = re.compile(r"(?:[0-9a-f]{2}){1,32}")
_KEY_DOMAIN = b"scelle/v1 intake challenge key"
_TAG_DOMAIN = b"scelle/v1 intake challenge\0"
_USED = "intake-challenge"  # the nonces table's key_id for spent challenges


@dataclass(frozen=True)
class Challenge:
    value: bytes
    difficulty: int
    expires: int

    def to_json(self) -> dict[str, object]:
        return {"challenge": self.value.hex(), "difficulty": self.difficulty,
                "expires": self.expires}


def _tag(relay: Relay, name: str, head: bytes) -> bytes:
    # Derived from the relay key: every process of one relay agrees, and a key rotation
    # retires the challenges out (they last minutes).
    key = hmac.new(relay.key.private_bytes_raw(), _KEY_DOMAIN, hashlib.sha256).digest()
    message = _TAG_DOMAIN + name.encode("ascii") + b"\0" + head
    return hmac.new(key, message, hashlib.sha256).digest()[:_TAG]


def issue(relay: Relay, name: str) -> Challenge:
    expires = relay.now() + CHALLENGE_TTL
    head = secrets.token_bytes(_RANDOM) + struct.pack(">Q", expires)
    return Challenge(head + _tag(relay, name, head), relay.limits.intake_pow_bits, expires)


def leading_zero_bits(digest: bytes) -> int:
    value = int.from_bytes(digest, "big")
    return len(digest) * 8 - value.bit_length()


def check(relay: Relay, name: str, challenge_hex: str, nonce_hex: str) -> int:
    """Blocking. Verify the challenge and the work, then spend the challenge; returns its
    expiry. `challenge_invalid`, `pow_insufficient` or `challenge_used` otherwise."""
    if not _CHALLENGE_RE.fullmatch(challenge_hex):
        raise intake_errors.ChallengeInvalid("The proof-of-work challenge is malformed.")
    if not _NONCE_RE.fullmatch(nonce_hex):
        raise intake_errors.PowInsufficient("The nonce must be 1 to 32 bytes in lowercase "
                                            "hexadecimal.")
    value = bytes.fromhex(challenge_hex)
    head, tag = value[:_RANDOM + _EXPIRY], value[_RANDOM + _EXPIRY:]
    if not hmac.compare_digest(tag, _tag(relay, name, head)):
        raise intake_errors.ChallengeInvalid("The proof-of-work challenge was not issued by "
                                             "this relay for this intake point.")
    (expires,) = struct.unpack(">Q", head[_RANDOM:])
    if expires <= relay.now():
        raise intake_errors.ChallengeInvalid("The proof-of-work challenge has expired; fetch "
                                             "another.")
    digest = hashlib.sha256(value + bytes.fromhex(nonce_hex)).digest()
    if leading_zero_bits(digest) < relay.limits.intake_pow_bits:
        raise intake_errors.PowInsufficient("The nonce does not solve the proof-of-work "
                                            "challenge.")
    with relay.db.transaction() as tx:
        fresh = housekeeping.remember_nonce(tx, _USED, head[:_RANDOM].hex(), expires)
    if not fresh:
        raise intake_errors.ChallengeUsed("This proof-of-work challenge was already used; fetch "
                                          "another.")
    return expires

