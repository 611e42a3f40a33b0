"""Errors of the sealed-file format: one class per reason a sealed file is refused.

Each class has a default message a user understands; raising code may pass a more precise one.
Messages never contain names, subjects, file names or key material.
"""

from __future__ import annotations

from crypto.errors import ScelleError


class SealedError(ScelleError):
    """Base class of every sealed-file error."""

    default = "The sealed file could not be processed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default)


class Cancelled(SealedError):
    default = "The operation was cancelled; nothing was kept."


class SourceChanged(SealedError):
    default = ("A file changed while it was being sealed; nothing was written. "
               "Close the program using it and try again.")


class SealingRefused(SealedError):
    default = "The sealed file cannot be made with these parameters."


class SealedFileRejected(SealedError):
    """The sealed file was refused while opening or verifying it; nothing was kept."""

    default = "This sealed file was refused; nothing was kept."


class NotASealedFile(SealedFileRejected):
    default = "This is not a sealed file, or its envelope is damaged beyond reading."


class NotAddressedToYou(SealedFileRejected):
    default = ("This sealed file is not addressed to you: none of your keys can open it "
               "(or its envelope was damaged).")


class TamperedError(SealedFileRejected):
    default = "This sealed file was altered after it was sealed; it was refused."


class BadSignature(TamperedError):
    default = ("The sender's signature does not match this sealed file: it was altered, or "
               "re-encrypted by someone other than the sender (forwarded). It was refused.")


class ForwardedFile(BadSignature):
    default = ("This sealed file was re-encrypted to you by someone other than its sender "
               "(surreptitious forwarding): its signature does not match and you are not among "
               "the recipients the sender chose. It was refused.")


class TruncatedSealedFile(SealedFileRejected):
    default = "This sealed file is incomplete (cut short during copy or download); it was refused."


class MalformedSealedFile(SealedFileRejected):
    default = "This sealed file's inner structure is invalid; it was refused."


class MalformedMetadata(SealedFileRejected):
    default = "This sealed file's description (metadata) is invalid; it was refused."


class UnsafeFileName(SealedFileRejected):
    default = "A file name in this sealed file is unsafe; it was refused."
    problem = "is unsafe"  # the bare reason, e.g. "contains a control character"


class UnexpectedSender(SealedFileRejected):
    default = ("This sealed file was signed by someone other than the expected sender "
               "(or by a key you have not verified); it was refused.")


class ExpiredMessage(SealedFileRejected):
    default = "This sealed file has expired: its sender set a date after which it may not be opened."


class ReplayedMessage(SealedFileRejected):
    default = ("This sealed file was already received once (same message id): a copy was "
               "presented again; it was refused.")
