"""age v1 (c2sp.org/age), written on `cryptography`: header, recipients, streaming payload.

Public API; import from here, not from the submodules.
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
]
