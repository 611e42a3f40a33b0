"""Errors raised by the age v1 implementation.

Every class derives from `AgeError`, itself a `ScelleError`, so callers can catch the whole family
at once. The classes follow the outcome classes of the public age test vectors (header failure,
no match, HMAC failure, payload failure, armor failure) so that a lower-level problem (a parse
error) is never masked by a higher-level one (a bad MAC). Messages name what is wrong and never
carry key material, passphrases or plaintext.
"""

from __future__ import annotations

from crypto.errors import ScelleError


class AgeError(ScelleError):
    """Base class of every error raised by `crypto.age`."""


class HeaderError(AgeError):
    """The age header is malformed: framing, a stanza, base64, or a rule of the format."""


class UnsupportedVersionError(HeaderError):
    """The file announces an age format version other than v1."""


class HeaderTooLargeError(HeaderError):
    """The header exceeds the size we are willing to read (protects memory)."""


class StanzaError(HeaderError):
    """A recipient stanza addressed to one of our identity types is malformed or forbidden."""


class NoIdentityMatchError(AgeError):
    """None of the provided identities can open any recipient stanza of the file."""


class HeaderMacError(AgeError):
    """The header MAC does not match: the header was altered after encryption."""


class PayloadError(AgeError):
    """The encrypted payload is damaged, truncated or followed by extra data."""


class TruncatedPayloadError(PayloadError):
    """The payload ends before its final chunk."""


class ChunkAuthenticationError(PayloadError):
    """A payload chunk fails authentication (altered, reordered or mis-flagged)."""


class TrailingDataError(PayloadError):
    """Data follows the final chunk of the payload."""


class ArmorError(AgeError):
    """The ASCII armor (PEM) wrapping of the file is malformed."""


class RecipientError(AgeError):
    """A recipient (public key) string, or a set of recipients, is invalid."""


class IdentityError(AgeError):
    """An identity (secret key) string or identity file is invalid."""


class AgeCancelled(AgeError):
    """The operation was cancelled by the caller; nothing was kept."""


class OutputExistsError(AgeError):
    """The destination file already exists and overwriting was not requested."""
