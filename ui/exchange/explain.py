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

from app.sealing.files import InputError, OutputConflict, StorageError
from app.vault import (
    ContactError,
    OwnCardError,
    RecipientNotVerified,
    RetiredSenderKey,
    SenderKeyChanged,
    SessionLockedError,
    UnknownSender,
    VerificationMismatch,
    ViewOnlyDocumentError,
)
from crypto.errors import ScelleError
from crypto.identity import CardError, CardExpired
from crypto.sealed import errors as sealed

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str


def _t(text: str) -> str:
    return QCoreApplication.translate("Refusals", text)


# Functions, not constants: the text must be translated when shown (language can change).
_REFUSALS: dict[type[BaseException], Callable[[], Explanation]] = {
    sealed.ForwardedFile: lambda: Explanation(_t("Forwarded sealed file"), _t(
        "This sealed file was re-encrypted to you by someone other than its sender. Its "
        "author did not choose you as a recipient: someone passed it on without the sender's "
        "knowledge. Ask the sender to send it to you directly.")),
    sealed.BadSignature: lambda: Explanation(_t("Signature does not match"), _t(
        "The sender's signature does not match this sealed file: it was modified after it was "
        "signed, or passed on by someone else. Do not trust its content; ask the sender to "
        "send it again.")),
    sealed.TamperedError: lambda: Explanation(_t("Sealed file modified"), _t(
        "This sealed file was modified after it was signed (altered in transit or on the "
        "storage medium). Do not trust it; ask the sender to send it again.")),
    sealed.NotAddressedToYou: lambda: Explanation(_t("Not addressed to you"), _t(
        "This sealed file is not addressed to you: none of your keys can open it. It was "
        "sealed for other recipients, or its envelope is damaged. If you expected it, ask "
        "the sender to check that they chose your current identity card.")),
    sealed.TruncatedSealedFile: lambda: Explanation(_t("Incomplete sealed file"), _t(
        "This sealed file is incomplete: it was cut short during a copy or a download. Copy "
        "it again from its source, or ask the sender to send it again.")),
    sealed.ReplayedMessage: lambda: Explanation(_t("Already received"), _t(
        "This sealed file was already received into your vault (same message number). A copy "
        "was presented a second time; it was refused so that nothing is filed twice. The "
        "documents from the first reception are in your vault.")),
    sealed.ExpiredMessage: lambda: Explanation(_t("Sealed file expired"), _t(
        "This sealed file has expired: its sender set a date after which it may no longer be "
        "opened. Ask the sender for a new one if you still need it.")),
    sealed.UnsafeFileName: lambda: Explanation(_t("Dangerous file name"), _t(
        "A file name inside this sealed file is dangerous (it could write outside the intended "
        "folder or disguise the nature of the file). The sealed file was refused.")),
    sealed.MalformedMetadata: lambda: Explanation(_t("Invalid description"), _t(
        "The description inside this sealed file (sender, recipients, list of files) is "
        "invalid. It may come from incompatible software or have been forged.")),
    sealed.MalformedSealedFile: lambda: Explanation(_t("Damaged sealed file"), _t(
        "The inner structure of this sealed file is invalid. It may come from incompatible "
        "software or have been forged.")),
    sealed.NotASealedFile: lambda: Explanation(_t("Not a sealed file"), _t(
        "This file is not a sealed file, or its envelope is damaged beyond reading. Check "
        "that you chose the right file (its name ends in .scelle).")),
    sealed.UnexpectedSender: lambda: Explanation(_t("Unexpected sender"), _t(
        "This sealed file was signed by someone other than the expected sender, or by a key "
        "you have not verified.")),
    RetiredSenderKey: lambda: Explanation(_t("Former key of the sender"), _t(
        "This sealed file is signed with a key your contact no longer uses: they replaced it. "
        "A file signed with an abandoned key may have been made by whoever obtained it. Ask "
        "the sender to send it again with their current key.")),
    UnknownSender: lambda: Explanation(_t("Unknown sender"), _t(
        "This sealed file comes from a sender who is not among your contacts. Import and "
        "verify their identity card, or accept the file explicitly as coming from an "
        "unverified sender.")),
    SenderKeyChanged: lambda: Explanation(_t("Sender's key changed"), _t(
        "This sealed file comes from a contact whose keys changed and were not verified "
        "again. Compare the safety number with them, or accept the file explicitly as "
        "coming from an unverified sender.")),
    sealed.SealedFileRejected: lambda: Explanation(_t("Sealed file refused"), _t(
        "This sealed file was refused.")),
    sealed.Cancelled: lambda: Explanation(_t("Cancelled"), _t(
        "The operation was cancelled.")),
    sealed.SourceChanged: lambda: Explanation(_t("A document changed"), _t(
        "A document changed while it was being sealed. Try again.")),
    RecipientNotVerified: lambda: Explanation(_t("Recipient not verified"), _t(
        "A recipient's identity has not been verified, or their keys changed since. Compare "
        "the safety number with them in Contacts first.")),
    ViewOnlyDocumentError: lambda: Explanation(_t("View-only document"), _t(
        "A document was received view-only: it can be shown in Scellé but not sent on. "
        "Remove it from the list.")),
    CardExpired: lambda: Explanation(_t("Identity card expired"), _t(
        "An identity card has expired. Ask its holder for a renewed card and import it.")),
    OutputConflict: lambda: Explanation(_t("File already exists"), _t(
        "A file already exists at the chosen place; nothing was replaced. Choose another "
        "name.")),
    InputError: lambda: Explanation(_t("File cannot be read"), _t(
        "The file cannot be read: it is missing, or you are not allowed to read it.")),
    StorageError: lambda: Explanation(_t("Reading or writing failed"), _t(
        "Reading or writing failed part-way (disk full, USB key removed, network drive "
        "disconnected…).")),
    SessionLockedError: lambda: Explanation(_t("Vault locked"), _t(
        "The vault was locked meanwhile. Unlock it and try again.")),
    VerificationMismatch: lambda: Explanation(_t("Codes do not match"), _t(
        "The code does not match your card and this contact's current card. Do not mark the "
        "contact verified: the card may have been substituted. Check with the contact through "
        "another channel.")),
    OwnCardError: lambda: Explanation(_t("Your own card"), _t(
        "This is your own identity card: it cannot be added as a contact.")),
    CardError: lambda: Explanation(_t("Invalid identity card"), _t(
        "This file is not a valid identity card: it is damaged, its signature does not "
        "match, or it was made by incompatible software.")),
}

_AFTER = {
    "receive": lambda: _t("Nothing was imported into your vault."),
    "seal": lambda: _t("No sealed file was created."),
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
        return Explanation(_t("Operation refused"), _join(str(exc), after))
    log.warning("unexpected error %s", type(exc).__name__)  # the type only: text may leak
    return Explanation(_t("Unexpected error"), _join(_t(
        "An unexpected error occurred."), after))


def _join(text: str, after: str) -> str:
    return f"{text}\n\n{after}" if after else text
