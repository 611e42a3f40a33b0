"""The native scrypt (passphrase) recipient type.

A passphrase stanza must be the only stanza of its header: otherwise anyone could add their own
recipient to a file the user believes opens only with the passphrase.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from crypto.age import b64
from crypto.age.errors import RecipientError, StanzaError
from crypto.age.primitives import WRAPPED_KEY_SIZE, unwrap_file_key, wrap_file_key
from crypto.age.stanza import Stanza, decode_argument

STANZA_TYPE = "scrypt"
_SALT_LABEL = b"age-encryption.org/v1/scrypt"
_SALT_SIZE = 16
_WORK_FACTOR = re.compile(r"[1-9][0-9]*")
#: The highest work factor we encrypt with: 2^22 already needs 4 GiB of memory.
MAX_WORK_FACTOR = 22


def _passphrase_bytes(passphrase: str | bytes) -> bytes:
    # Encoded as UTF-8 without normalization, exactly as the age command does.
    return passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)


def _wrap_key(passphrase: bytes, salt: bytes, work_factor: int) -> bytes:
    kdf = Scrypt(salt=_SALT_LABEL + salt, length=32, n=1 << work_factor, r=8, p=1)
    return kdf.derive(passphrase)


class ScryptRecipient:
    """Encrypts the file key to a passphrase. Its repr never shows the passphrase."""

    def __init__(self, passphrase: str | bytes, work_factor: int = 18) -> None:
        if not 1 <= work_factor <= MAX_WORK_FACTOR:
            raise RecipientError(f"the scrypt work factor must be between 1 and {MAX_WORK_FACTOR}")
        self._passphrase = _passphrase_bytes(passphrase)
        if not self._passphrase:
            raise RecipientError("the passphrase must not be empty")
        self.work_factor = work_factor
        # A label no other recipient shares: a passphrase can only be used alone.
        self._labels = frozenset({"scrypt:" + os.urandom(8).hex()})

    def __repr__(self) -> str:
        return f"ScryptRecipient(work_factor={self.work_factor})"

    def labels(self) -> frozenset[str]:
        return self._labels

    def wrap(self, file_key: bytes) -> list[Stanza]:
        salt = os.urandom(_SALT_SIZE)
        wrap_key = _wrap_key(self._passphrase, salt, self.work_factor)
        args = [b64.encode(salt).decode("ascii"), str(self.work_factor)]
        return [Stanza(STANZA_TYPE, args, wrap_file_key(wrap_key, file_key))]


class ScryptIdentity:
    """Decrypts files protected by a passphrase, refusing work factors above a limit.

    The limit bounds the time and memory an attacker-chosen file can make us spend.
    """

    def __init__(self, passphrase: str | bytes, max_work_factor: int = 22) -> None:
        self._passphrase = _passphrase_bytes(passphrase)
        self.max_work_factor = max_work_factor

    def __repr__(self) -> str:
        return f"ScryptIdentity(max_work_factor={self.max_work_factor})"

    def unwrap(self, stanzas: Sequence[Stanza]) -> bytes | None:
        if not any(s.type == STANZA_TYPE for s in stanzas):
            return None
        if len(stanzas) != 1:
            raise StanzaError("a passphrase-protected file must not have other recipient stanzas")
        stanza = stanzas[0]
        if len(stanza.args) != 2:
            raise StanzaError("a scrypt recipient stanza must have exactly two arguments")
        salt = decode_argument(stanza.args[0], _SALT_SIZE, "scrypt salt")
        work_factor = self._work_factor(stanza.args[1])
        if len(stanza.body) != WRAPPED_KEY_SIZE:
            raise StanzaError("a scrypt recipient stanza body has the wrong length")
        wrap_key = _wrap_key(self._passphrase, salt, work_factor)
        return unwrap_file_key(wrap_key, stanza.body)

    def _work_factor(self, text: str) -> int:
        if _WORK_FACTOR.fullmatch(text) is None:
            raise StanzaError("the scrypt work factor is not a plain decimal number")
        # Compare lengths first: a huge digit string must not reach int().
        if len(text) > 2 or int(text) > self.max_work_factor:
            raise StanzaError(
                "the passphrase-protected file demands a work factor above the allowed limit "
                f"of {self.max_work_factor}"
            )
        return int(text)
