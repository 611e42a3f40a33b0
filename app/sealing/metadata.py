"""What a sealed file says about itself, for the faces that show it or fill it in.

`Metadata` is the signed description inside every sealed file (sender's card, recipients'
fingerprints, subject, message, reference, expiry, view-only flag, `files`: one `FileEntry`
each with its name, size and media type); the limits are those the format enforces, so that a
form can refuse a subject before sealing rather than after. Defined by the sealed-file format
(crypto/sealed/metadata.py); see docs/security.md for the format.

`check_letter` applies the display rule (crypto/text_rules.py) to what the user typed, so a
subject with an invisible or line-separator character is refused naming the field, before
anything is sealed; receivers refuse the same characters in what a sender wrote.
"""

from app.records import InvalidValueError
from crypto.sealed.metadata import (
    MAX_FILES,
    MAX_MESSAGE,
    MAX_RECIPIENTS,
    MAX_REFERENCE,
    MAX_SUBJECT,
    FileEntry,
    Metadata,
)
from crypto.text_rules import check_text


def check_letter(subject: str, message: str, reference: str) -> None:
    """Raise `InvalidValueError` ("The subject contains …") for text no reader would show."""
    check_text(subject, "subject", InvalidValueError)
    check_text(reference, "reference", InvalidValueError)
    check_text(message, "message", InvalidValueError, multiline=True)

__all__ = [
    "MAX_FILES",
    "MAX_MESSAGE",
    "MAX_RECIPIENTS",
    "MAX_REFERENCE",
    "MAX_SUBJECT",
    "FileEntry",
    "Metadata",
    "check_letter",
]
