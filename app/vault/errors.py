"""Errors of the vault session (app/vault/). Messages name what is wrong, never a person, a
document or a key; contacts and documents are named by their ids only."""

from __future__ import annotations

from app.policy import PolicyRefusal
from crypto.errors import ScelleError
from crypto.sealed.errors import SealedFileRejected


class VaultSessionError(ScelleError):
    """Base class of the vault session's own errors."""


class SessionLockedError(VaultSessionError):
    """The session was locked (VMK wiped, store closed); unlock the vault again."""

    def __init__(self) -> None:
        super().__init__("The vault is locked; unlock it again first.")


class VaultIncompleteError(VaultSessionError):
    """vault.json exists but the vault's database does not hold what a vault needs."""


class KdfPolicyError(PolicyRefusal, VaultSessionError):
    """The slots that would open the vault are weaker than the policy's key-derivation floor."""


class IdentityMissingError(VaultSessionError):
    """The vault holds no identity (it was created by a tool that did not make one)."""


class ContactError(VaultSessionError):
    """A contact operation cannot be done (unknown contact, bad card, invalid verification)."""


class ContactNotFound(ContactError):
    def __init__(self, contact_id: int) -> None:
        super().__init__(f"There is no contact with id {contact_id} in this vault.")
        self.contact_id = contact_id


class OwnCardError(ContactError):
    """The card imported as a contact is the vault holder's own card."""


class VerificationMismatch(ContactError):
    """The safety number or QR code given does not match the two cards: keys differ."""


class RecipientNotVerified(VaultSessionError):
    """Sealing to a contact whose keys were not verified (or changed since) without override."""

    def __init__(self, contact_id: int, key_changed: bool) -> None:
        why = ("its keys changed since it was verified" if key_changed
               else "its keys have not been verified")
        super().__init__(f"Contact {contact_id} cannot receive sealed files: {why}. Compare the "
                         "safety number (or scan its QR code) first.")
        self.contact_id = contact_id
        self.key_changed = key_changed


class ViewOnlyDocumentError(VaultSessionError):
    """The document was received view-only: it may be shown, not exported nor sealed again."""

    def __init__(self, document_id: int) -> None:
        super().__init__(f"Document {document_id} was received view-only: it can be shown but "
                         "not exported or sent on.")
        self.document_id = document_id


class UnknownSender(SealedFileRejected):
    """The sealed file's sender is not among the contacts (and accepting it was not asked)."""

    default = ("This sealed file comes from a sender who is not among your contacts; it was "
               "refused. Import and verify the sender's identity card first, or accept the "
               "file explicitly as coming from an unverified sender.")


class SenderImpersonation(UnknownSender):
    """Keys no contact has, on a card bearing a contact's name or organisation (and accepting
    a different key was not asked): app/vault/sender_check.py."""

    default = ("This sealed file is signed by keys that are not your contact's, on an identity "
               "card bearing the name or organisation of one of your contacts; it was refused. "
               "Call that contact on a telephone number you already know (never one from the "
               "message) before accepting it explicitly as coming from a different key.")

    def __init__(self, message: str | None = None, *, check: object = None,
                 card: object = None) -> None:
        super().__init__(message)
        # For the faces' warning (which contact, which fields); never part of the text.
        self.check = check
        self.card = card


class SenderKeyChanged(SealedFileRejected):
    """The sender's contact is in the key-changed state (not re-verified yet)."""

    default = ("This sealed file comes from a contact whose keys changed and were not "
               "verified again; it was refused. Compare the safety number first, or accept the "
               "file explicitly as coming from an unverified sender.")


class RetiredSenderKey(SealedFileRejected):
    """The sealed file is signed with a key a contact used before a key change."""

    default = ("This sealed file is signed with a key your contact no longer uses (it was "
               "replaced); it was refused.")
