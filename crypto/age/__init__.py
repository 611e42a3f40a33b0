"""age v1 (c2sp.org/age), written on `cryptography`: header, recipients, streaming payload.

Public API; import from here. (`crypto.age.stream`, `.primitives` and `.bech32` are also used
directly by the vault store and the tests; keep them stable.)

- Keys: `X25519Identity`/`X25519Recipient` (`AGE-SECRET-KEY-1…`/`age1…`), `HybridIdentity`/
  `HybridRecipient` (post-quantum mlkem768x25519, `AGE-SECRET-KEY-PQ-1…`/`age1pq1…`),
  `ScryptRecipient`/`ScryptIdentity` (passphrase), `parse_recipient`, `parse_identity`,
  `parse_recipients_file`, `parse_identities_file`, `format_keygen`.
- Streaming: `AgeWriter` (header and nonce written at construction; `write`, `write_from`,
  `close` once; as a context manager no final chunk is written on exception) and `AgeReader`
  (header parsed, unwrapped and authenticated at construction; `chunks()` yields only
  authenticated chunks, `read_chunk_into()` decrypts them into the caller's buffer; ASCII armor
  detected unless `armor=` says otherwise).
- Convenience: `encrypt_stream`, `decrypt_stream`, `encrypt_file`, `decrypt_file` with
  `progress(bytes of input consumed)` and `cancel` (callable or Event) checked between chunks.
  The *_file functions stage the output next to the destination and publish it only when
  complete; they refuse to replace an existing file unless `overwrite=True`, and fsync unless
  `durable=False`. `OutputFile` (with `write_all`) is their durable output writer, shared with
  the sealed-file use cases.
- Errors: everything derives from `AgeError` (a `ScelleError`), split along the outcome classes
  of the age test vectors: `HeaderError` (incl. `StanzaError`, `UnsupportedVersionError`,
  `HeaderTooLargeError`), `NoIdentityMatchError`, `HeaderMacError`, `PayloadError` (incl.
  `TruncatedPayloadError`, `ChunkAuthenticationError`, `TrailingDataError`), `ArmorError`,
  `RecipientError`, `IdentityError`, `AgeCancelled`, `OutputExistsError`.
"""

from crypto.age.errors import (
    AgeCancelled,
    AgeError,
    ArmorError,
    ChunkAuthenticationError,
    HeaderError,
    HeaderMacError,
    HeaderTooLargeError,
    IdentityError,
    NoIdentityMatchError,
    OutputExistsError,
    PayloadError,
    RecipientError,
    StanzaError,
    TrailingDataError,
    TruncatedPayloadError,
    UnsupportedVersionError,
)
from crypto.age.files import decrypt_file, decrypt_stream, encrypt_file, encrypt_stream
from crypto.age.hybrid import HybridIdentity, HybridRecipient
from crypto.age.keys import (
    format_keygen,
    parse_identities_file,
    parse_identity,
    parse_recipient,
    parse_recipients_file,
)
from crypto.age.reader import AgeReader
from crypto.age.scrypt import ScryptIdentity, ScryptRecipient
from crypto.age.stanza import Identity, Recipient, Stanza
from crypto.age.stream import CHUNK_SIZE
from crypto.age.streamio import OutputFile, write_all
from crypto.age.writer import AgeWriter
from crypto.age.x25519 import X25519Identity, X25519Recipient

__all__ = [
    "CHUNK_SIZE",
    "AgeCancelled",
    "AgeError",
    "AgeReader",
    "AgeWriter",
    "ArmorError",
    "ChunkAuthenticationError",
    "HeaderError",
    "HeaderMacError",
    "HeaderTooLargeError",
    "HybridIdentity",
    "HybridRecipient",
    "Identity",
    "IdentityError",
    "NoIdentityMatchError",
    "OutputExistsError",
    "OutputFile",
    "PayloadError",
    "Recipient",
    "RecipientError",
    "ScryptIdentity",
    "ScryptRecipient",
    "Stanza",
    "StanzaError",
    "TrailingDataError",
    "TruncatedPayloadError",
    "UnsupportedVersionError",
    "X25519Identity",
    "X25519Recipient",
    "decrypt_file",
    "decrypt_stream",
    "encrypt_file",
    "encrypt_stream",
    "format_keygen",
    "parse_identities_file",
    "parse_identity",
    "parse_recipient",
    "parse_recipients_file",
    "write_all",
]
