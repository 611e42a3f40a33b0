"""What an error from sealing, opening or contacts means for the user, in their words.

The app layer's messages are precise but written for the command line (English, technical).
Here each refusal gets a title and a paragraph saying what happened and what to do, translated
like every visible string. Lookup walks the exception's class hierarchy, so a subclass without
its own text (a future error) still gets its parent's explanation; anything unknown falls back
to the app layer's own sentence, which names nothing secret.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.errors import ScelleError
from app.identities import CardError, CardExpired
from app.sealing import errors as sealed
from app.sealing.files import InputError, OutputConflict, StorageError
from app.vault.consultation import ConsultationOver
from app.vault import (
    ContactError,
    OwnCardError,
    RecipientNotVerified,
    RetiredSenderKey,
    SenderImpersonation,
    SenderKeyChanged,
    SessionLockedError,
    UnknownSender,
    VerificationMismatch,
    ViewOnlyDocumentError,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str


# Functions, not constants: the text is translated when shown (the language can change).
# Literal calls to QCoreApplication.translate, so that pyside6-lupdate extracts them.
_REFUSALS: dict[type[BaseException], Callable[[], Explanation]] = {
    sealed.ForwardedFile: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Forwarded sealed file"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was re-encrypted to you by someone other than its sender. Its "
            "author did not choose you as a recipient: someone passed it on without the sender's "
            "knowledge. Ask the sender to send it to you directly.")),
    sealed.BadSignature: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Signature does not match"),
        QCoreApplication.translate(
            "Refusals",
            "The sender's signature does not match this sealed file: it was modified after it was"
            " signed, or passed on by someone else. Do not trust its content; ask the sender to "
            "send it again.")),
    sealed.TamperedError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Sealed file modified"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was modified after it was signed (altered in transit or on the "
            "storage medium). Do not trust it; ask the sender to send it again.")),
    sealed.NotAddressedToYou: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Not addressed to you"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file is not addressed to you: none of your keys can open it. It was "
            "sealed for other recipients, or its envelope is damaged. If you expected it, ask the"
            " sender to check that they chose your current identity card.")),
    sealed.TruncatedSealedFile: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Incomplete sealed file"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file is incomplete: it was cut short during a copy or a download. Copy "
            "it again from its source, or ask the sender to send it again.")),
    sealed.ReplayedMessage: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Already received"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was already received into your vault (same message number). A copy "
            "was presented a second time; it was refused so that nothing is filed twice. The "
            "documents from the first reception are in your vault.")),
    ConsultationOver: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Consultation period over"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was sent for consultation only, until a date that has already "
            "passed: it was refused and nothing of it was kept. Ask the sender to send it again "
            "if you still need to consult it.")),
    sealed.ExpiredMessage: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Sealed file expired"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file has expired: its sender set a date after which it may no longer be "
            "opened. Ask the sender for a new one if you still need it.")),
    sealed.UnsafeFileName: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Dangerous file name"),
        QCoreApplication.translate(
            "Refusals",
            "A file name inside this sealed file is dangerous (it could write outside the "
            "intended folder or disguise the nature of the file). The sealed file was refused.")),
    sealed.MalformedMetadata: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Invalid description"),
        QCoreApplication.translate(
            "Refusals",
            "The description inside this sealed file (sender, recipients, list of files) is "
            "invalid. It may come from incompatible software or have been forged.")),
    sealed.MalformedSealedFile: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Damaged sealed file"),
        QCoreApplication.translate(
            "Refusals",
            "The inner structure of this sealed file is invalid. It may come from incompatible "
            "software or have been forged.")),
    sealed.NotASealedFile: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Not a sealed file"),
        QCoreApplication.translate(
            "Refusals",
            "This file is not a sealed file, or its envelope is damaged beyond reading. Check "
            "that you chose the right file (its name ends in .scelle).")),
    sealed.UnexpectedSender: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Unexpected sender"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was signed by someone other than the expected sender, or by a key "
            "you have not verified.")),
    RetiredSenderKey: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Former key of the sender"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file is signed with a key your contact no longer uses: they replaced it."
            " A file signed with an abandoned key may have been made by whoever obtained it. Ask "
            "the sender to send it again with their current key.")),
    # Before UnknownSender, its parent: the wire-fraud case needs its own words.
    SenderImpersonation: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Different key under a known name"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file carries the name or organisation of one of your contacts, but it "
            "is signed by other keys than theirs. It may be a new computer, or someone passing "
            "themselves off as your contact (a message announcing new bank details is the "
            "classic fraud). Call your contact on a telephone number you already knew — never "
            "one given in this message — and compare the safety number before accepting it.")),
    UnknownSender: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Unknown sender"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file comes from a sender who is not among your contacts. Import and "
            "verify their identity card, or accept the file explicitly as coming from an "
            "unverified sender.")),
    SenderKeyChanged: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Sender's key changed"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file comes from a contact whose keys changed and were not verified "
            "again. Compare the safety number with them, or accept the file explicitly as coming "
            "from an unverified sender.")),
    sealed.SealedFileRejected: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Sealed file refused"),
        QCoreApplication.translate(
            "Refusals",
            "This sealed file was refused.")),
    sealed.Cancelled: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Cancelled"),
        QCoreApplication.translate(
            "Refusals",
            "The operation was cancelled.")),
    sealed.SourceChanged: lambda: Explanation(
        QCoreApplication.translate("Refusals", "A document changed"),
        QCoreApplication.translate(
            "Refusals",
            "A document changed while it was being sealed. Try again.")),
    RecipientNotVerified: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Recipient not verified"),
        QCoreApplication.translate(
            "Refusals",
            "A recipient's identity has not been verified, or their keys changed since. Compare "
            "the safety number with them in Contacts first.")),
    ViewOnlyDocumentError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "View-only document"),
        QCoreApplication.translate(
            "Refusals",
            "A document was received view-only: it can be shown in Scellé but not sent on. Remove"
            " it from the list.")),
    CardExpired: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Identity card expired"),
        QCoreApplication.translate(
            "Refusals",
            "An identity card has expired. Ask its holder for a renewed card and import it.")),
    OutputConflict: lambda: Explanation(
        QCoreApplication.translate("Refusals", "File already exists"),
        QCoreApplication.translate(
            "Refusals",
            "A file already exists at the chosen place; nothing was replaced. Choose another "
            "name.")),
    InputError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "File cannot be read"),
        QCoreApplication.translate(
            "Refusals",
            "The file cannot be read: it is missing, or you are not allowed to read it.")),
    StorageError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Reading or writing failed"),
        QCoreApplication.translate(
            "Refusals",
            "Reading or writing failed part-way (disk full, USB key removed, network drive "
            "disconnected…).")),
    SessionLockedError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Vault locked"),
        QCoreApplication.translate(
            "Refusals",
            "The vault was locked meanwhile. Unlock it and try again.")),
    VerificationMismatch: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Codes do not match"),
        QCoreApplication.translate(
            "Refusals",
            "The code does not match your card and this contact's current card. Do not mark the "
            "contact verified: the card may have been substituted. Check with the contact through"
            " another channel.")),
    OwnCardError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Your own card"),
        QCoreApplication.translate(
            "Refusals",
            "This is your own identity card: it cannot be added as a contact.")),
    CardError: lambda: Explanation(
        QCoreApplication.translate("Refusals", "Invalid identity card"),
        QCoreApplication.translate(
            "Refusals",
            "This file is not a valid identity card: it is damaged, its signature does not match,"
            " or it was made by incompatible software.")),
}

_AFTER = {
    "receive": lambda: QCoreApplication.translate("Refusals",
                                                  "Nothing was imported into your vault."),
    "seal": lambda: QCoreApplication.translate("Refusals", "No sealed file was created."),
    "contact": lambda: "",
}


def explain(exc: BaseException, action: str) -> Explanation:
    """Title and text for `exc`, raised while doing `action` ("receive", "seal", "contact")."""
    after = _AFTER[action]()
    for cls in type(exc).__mro__:
        make = _REFUSALS.get(cls)
        if make is not None:
            found = make()
            return Explanation(found.title, _join(found.text, after))
    if isinstance(exc, ContactError | ScelleError) and str(exc):
        # The app layer's sentence (English) still says what is wrong and names nothing secret.
        return Explanation(QCoreApplication.translate("Refusals", "Operation refused"),
                           _join(str(exc), after))
    log.warning("unexpected error %s", type(exc).__name__)  # the type only: text may leak
    return Explanation(QCoreApplication.translate("Refusals", "Unexpected error"), _join(
        QCoreApplication.translate("Refusals", "An unexpected error occurred."), after))


def _join(text: str, after: str) -> str:
    return f"{text}\n\n{after}" if after else text
