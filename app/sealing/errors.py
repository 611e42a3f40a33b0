"""Why a sealed file is refused, one class per reason, for the faces to tell apart.

The classes are defined by the sealed-file format (crypto/sealed/errors.py) and presented here so
that a face reaches them through app. All derive from `SealedError` (a `ScelleError`); those
raised while opening or verifying a file from `SealedFileRejected`. The GUI gives each its own
explanation (ui/common/explain.py); the command line prints the message. See docs/security.md
for what each refusal protects against.
"""

from crypto.sealed.errors import (
    BadSignature,
    Cancelled,
    ExpiredMessage,
    ForwardedFile,
    MalformedMetadata,
    MalformedSealedFile,
    NotAddressedToYou,
    NotASealedFile,
    ReplayedMessage,
    SealedError,
    SealedFileRejected,
    SealingRefused,
    SourceChanged,
    TamperedError,
    TruncatedSealedFile,
    UnexpectedSender,
    UnsafeFileName,
)

__all__ = [
    "BadSignature",
    "Cancelled",
    "ExpiredMessage",
    "ForwardedFile",
    "MalformedMetadata",
    "MalformedSealedFile",
    "NotASealedFile",
    "NotAddressedToYou",
    "ReplayedMessage",
    "SealedError",
    "SealedFileRejected",
    "SealingRefused",
    "SourceChanged",
    "TamperedError",
    "TruncatedSealedFile",
    "UnexpectedSender",
    "UnsafeFileName",
]
