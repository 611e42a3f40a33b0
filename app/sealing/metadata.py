"""What a sealed file says about itself, for the faces that show it or fill it in.

`Metadata` is the signed description inside every sealed file (sender's card, recipients'
fingerprints, subject, message, reference, expiry, view-only flag, `files`: one `FileEntry`
each with its name, size and media type); the limits are those the format enforces, so that a
form can refuse a subject before sealing rather than after. Defined by the sealed-file format
(crypto/sealed/metadata.py); see docs/security.md for the format.
"""

from crypto.sealed.metadata import (
    MAX_FILES,
    MAX_MESSAGE,
    MAX_RECIPIENTS,
    MAX_REFERENCE,
    MAX_SUBJECT,
    FileEntry,
    Metadata,
)

__all__ = [
    "MAX_FILES",
    "MAX_MESSAGE",
    "MAX_RECIPIENTS",
    "MAX_REFERENCE",
    "MAX_SUBJECT",
    "FileEntry",
    "Metadata",
]
