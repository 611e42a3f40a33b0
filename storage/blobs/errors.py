"""Blob-store errors. They name the document by id (never by name) and say what is wrong."""

from __future__ import annotations

from crypto.errors import ScelleError


def _subject(document_id: int | None) -> str:
    return f"document {document_id}" if document_id is not None else "a stored file"


class BlobError(ScelleError):
    """Base of the errors about one document's encrypted content."""

    def __init__(self, message: str, document_id: int | None, blob_id: str | None) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.blob_id = blob_id


class CorruptBlobError(BlobError):
    """The blob failed authentication: truncated, extended, bit-flipped, reordered or swapped."""

    def __init__(self, document_id: int | None, reason: str, blob_id: str | None = None) -> None:
        super().__init__(
            f"The encrypted content of {_subject(document_id)} is damaged or was altered "
            f"({reason}).",
            document_id,
            blob_id,
        )
        self.reason = reason


class MissingBlobError(BlobError):
    """The database lists the blob but its file is not in `blobs/`."""

    def __init__(self, document_id: int | None, blob_id: str | None = None) -> None:
        super().__init__(
            f"The encrypted content of {_subject(document_id)} is missing from the vault.",
            document_id,
            blob_id,
        )


class CancelledError(ScelleError):
    """The user cancelled a long operation; nothing partial was kept."""

    def __init__(self) -> None:
        super().__init__("The operation was cancelled; nothing partial was kept.")


class SizeMismatchError(ScelleError):
    """A source stream did not deliver the number of bytes it announced (it changed, or lied)."""

    def __init__(self, expected: int, got: int) -> None:
        more = "more" if got > expected else "fewer"
        super().__init__(
            f"The source delivered {more} bytes than announced ({expected} expected); "
            "nothing was imported."
        )
        self.expected = expected
        self.got = got
