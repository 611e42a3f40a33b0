"""Use cases of `scelle age`: age v1 keys, encryption and decryption, compatible with `age`.

The command line reaches the age layer (crypto/age) only through this module (docs/
architecture.md): key generation, the recipient and identity parsers, encryption, decryption,
and the error types it must recognise. One rule is added on the way: decrypting an age file
writes plaintext outside the vault, so `decrypt_file` and `decrypt_stream` are refused
(`PolicyRefusal`) where the workstation policy forbids export (docs/security.md). Opening a
passphrase-protected identity file (`open_identity_file`) stays in memory and is not an export.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.policy import require_export_allowed
from crypto import age as _age
from crypto.age import (
    AgeError,
    Identity,
    NoIdentityMatchError,
    Recipient,
    RecipientError,
    ScryptIdentity,
    ScryptRecipient,
    Stanza,
    encrypt_file,
    encrypt_stream,
    parse_identities_file,
    parse_recipient,
    parse_recipients_file,
)

Progress = Callable[[int], None]  # bytes of input consumed so far

__all__ = [
    "AgeError", "GeneratedKey", "Identity", "NoIdentityMatchError", "Recipient",
    "RecipientError", "ScryptIdentity", "ScryptRecipient", "Stanza", "decrypt_file",
    "decrypt_stream", "encrypt_file", "encrypt_stream", "generate_key", "open_identity_file",
    "parse_identities_file", "parse_recipient", "parse_recipients_file",
    "require_decrypt_allowed",
]


@dataclass(frozen=True)
class GeneratedKey:
    """A new age identity: the identity file's text (secret) and its public recipient."""

    text: str = field(repr=False)
    public: str


def generate_key(*, post_quantum: bool = False) -> GeneratedKey:
    """A new identity in age-keygen's layout (X25519, or the post-quantum hybrid `age1pq1…`)."""
    identity = _age.HybridIdentity.generate() if post_quantum else _age.X25519Identity.generate()
    return GeneratedKey(_age.format_keygen(identity), str(identity.recipient()))


def open_identity_file(data: bytes, passphrase: str) -> bytes:
    """The plaintext of a passphrase-encrypted identity file, in memory (as `age -d -i`)."""
    out = io.BytesIO()
    _age.decrypt_stream(io.BytesIO(data), out, [ScryptIdentity(passphrase)])
    return out.getvalue()


def require_decrypt_allowed() -> None:
    """`PolicyRefusal` if decrypting an age file out is forbidden here.

    `decrypt_file` and `decrypt_stream` check it themselves; a caller that must prepare an
    output first (a staging file, a prompt) asks here beforehand, so nothing is created.
    """
    require_export_allowed("Decrypting an age file")


def decrypt_file(in_path: str | Path, out_path: str | Path, identities: Sequence[Identity], *,
                 progress: Progress | None = None, overwrite: bool = False) -> int:
    """Decrypt into `out_path`, published only once all of it verified; the plaintext size."""
    require_decrypt_allowed()
    return _age.decrypt_file(in_path, out_path, identities, progress=progress,
                             overwrite=overwrite)


def decrypt_stream(src: BinaryIO, dst: BinaryIO, identities: Sequence[Identity], *,
                   progress: Progress | None = None) -> int:
    """Decrypt `src` into `dst` (plaintext leaves chunk by chunk, each authenticated first)."""
    require_decrypt_allowed()
    return _age.decrypt_stream(src, dst, identities, progress=progress)
