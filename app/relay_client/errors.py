"""Errors of the relay client. Messages say what is wrong and what to do; they never name a
person, a document, a subject or a key (envelopes and contacts are named by their ids only).

`retryable` tells the outbox and the inbox whether to keep an item for the next sync (the relay
is unreachable, busy or failing) or to stop with the error (the relay refused for good).
"""

from __future__ import annotations

from crypto.errors import ScelleError


class RelayClientError(ScelleError):
    """Base class of the relay client's errors."""

    retryable = False


class NotJoined(RelayClientError):
    def __init__(self) -> None:
        super().__init__("This vault has not joined a relay yet; use 'relay join URL CODE'.")


class AlreadyJoined(RelayClientError):
    """The vault is already a member of a relay (one relay per vault)."""


class RelayConfigError(RelayClientError):
    """A relay address, certificate or proxy setting is unusable."""

    exit_code = 2


class RelayUnreachable(RelayClientError):
    """No answer: network down, relay stopped, proxy refusing. Work waits for the next sync."""

    retryable = True


class RelayTlsError(RelayClientError):
    """The TLS connection was refused: certificate not trusted, or not the pinned one."""


class RelayKeyMismatch(RelayClientError):
    """The relay's key is not the one the vault pinned (or the one the admin announced)."""


class RelayAuthenticityError(RelayClientError):
    """A response does not carry a valid signature of the pinned relay key: it is ignored."""


class RelayProtocolError(RelayClientError):
    """The relay answered something this client does not understand (signed, but malformed)."""


class RelayRefused(RelayClientError):
    """The relay refused the request; `code` is its stable error code (docs/relay.md)."""

    def __init__(self, message: str, *, code: str, status: int,
                 details: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status
        self.details = details or {}
        self.retryable = status in (429, 500, 502, 503, 504)


class ProofRejected(RelayClientError):
    """A proof from the relay or a recipient does not say what it must (other bytes, other
    envelope, other signer): it was not kept."""


class DownloadCorrupt(RelayClientError):
    """The downloaded envelope does not have the SHA-256 the relay signed; it was discarded."""

    retryable = True


class EnvelopeNotFound(RelayClientError):
    def __init__(self, what: str = "envelope") -> None:
        super().__init__(f"There is no such {what} in this vault's relay lists.")


class TransferCancelled(RelayClientError):
    """Cancelled by the user or by locking the vault; what was transferred is kept for later."""

    def __init__(self) -> None:
        super().__init__("The transfer was cancelled; it resumes at the next sync.")
