"""Errors of the intake use cases. Messages never hold a requester's name, contact, subject,
message or file name: envelopes are named by their ids only."""

from __future__ import annotations

from app.relay_client.errors import RelayClientError


class IntakeError(RelayClientError):
    """A request from outside cannot be received or answered as asked."""


class NoReplyKey(IntakeError):
    def __init__(self) -> None:
        super().__init__("The requester asked for no reply: this request carries no reply key, "
                         "so nothing can be sent back through the intake page.")


class NotReceived(IntakeError):
    def __init__(self, state: str) -> None:
        super().__init__(f"This request from outside is {state}: receive it into the vault "
                         "before replying.")
