"""The vault as one application service: what the CLI and the GUI call (no Qt here).

Creating and opening::

    new = create_vault(folder, passphrase, TotpSetup() | KeyFactor, name="Me Claire Dubois",
                       role="Notaire", organisation="Étude Dubois", kdf=None, keyring=None)
    print(new.recovery_code)                        # once, for printing; never stored
    new.otpauth_uri; new.totp_qr_text(); new.totp_qr_png()   # TOTP vaults only
    session = new.session                           # already open

    info = describe_vault(folder)                   # no key: .exists, .vault_id,
                                                    # .factor_kinds, .slots, .kdf, .problem
    session = open_vault(folder, passphrase, TotpCode("123456") | KeyFactor
                         | RecoveryCode("…"), keyring=None, kdf_floor=None, unlocker=None)
    check_new_vault_folder(folder)                  # before asking anything: VaultFolderError

Creating a vault or a slot, changing a passphrase and opening obey the vault-key rules
(app/vault/key_rules.py): the workstation policy's factor kinds and key-derivation floor
(`PolicyRefusal`), the passphrase strength (`WeakPassphraseError`, app/passphrase_rules.py).

`VaultSession` (a context manager; `lock()` closes the store, wipes the VMK; idempotent and
thread-safe: a running seal/receive/verify is cancelled and waited for; any service used
afterwards raises `SessionLockedError`)::

    session.documents      VaultDocuments (app.documents.Documents; export refused for
                           view-only documents: ViewOnlyDocumentError; .is_view_only(id))
    session.cases          app.cases.Cases
    session.importer       app.importer.Importer (import_stream / import_file / import_folder)
    session.search         app.search.Search
    session.audit          app.audit.AuditLog (actor = the holder's fingerprint)
    session.integrity      .check(verify_blobs=True, progress, cancel) -> IntegrityReport,
                           .remove_orphans(report)
    session.identity       crypto.identity.PrivateIdentity (the holder's, stored in vault.db)
    session.identities     IdentityStore: .renew(expires=, validity=, name=, role=,
                           organisation=), .adopt_card(card), .export_card(path)
    session.renew_identity(**changes); session.export_card(path)
    session.contacts       Contacts: .import_card(card|bytes, as_new=, replaces=) ->
                           ImportResult(.contact, .outcome), .import_card_file(path), .get(id),
                           .list(state=), .search(text), .safety_number(id), .qr_payload(id),
                           .verify_safety_number(id, shown), .verify_qr(id, scanned),
                           .delete(id)
    session.slots          Slots: .list(), .add(passphrase, factor, label=, kdf=),
                           .remove(slot_id), .change_passphrase(slot_id, old, new, factor=),
                           .replace_recovery() -> new printable code
    session.messages       Messages (correspondence log): .list(direction=), .get(id),
                           .for_document(doc_id), .delete(id)
    session.seal_documents(document_ids, recipient_contact_ids, out_path, *, subject="",
                           message="", reference="", expires=None, view_only=False,
                           classic=False, allow_unverified=False, progress=None,
                           cancel=None, now=None) -> SealedMessage
    session.receive_sealed(path, *, case_id=None, accept_unverified=False,
                           accept_key_mismatch=False, progress=None,
                           cancel=None, now=None) -> ReceivedMessage (.record_id,
                           .document_ids, .sender: SenderStatus, .metadata, .view_only)
    session.verify_sealed(path, *, accept_unverified=False, progress=None,
                          cancel=None, now=None) -> VerifiedMessage (writes nothing)

`progress(done, total)` is called as bytes go; `cancel()` returning True stops at the next
chunk with nothing kept. Long calls (open, create, seal, receive, import, check) block: run
them off the GUI thread. Every error is a `crypto.errors.ScelleError` with a message a user
understands and that names no person, document or key. See docs/vault.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.unlock import (
        Argon2Params,
        HeaderRollbackError,
        HeaderTamperedError,
        NoMatchingSlot,
        RecoveryCode,
        SlotInfo,
        TotpCode,
        TotpSetup,
        VaultExistsError,
        VaultNotFoundError,
        VaultUnlocker,
        WrongPassphraseError,
    )
    from app.vault.contacts import (
        Contact,
        Contacts,
        ContactState,
        ImportOutcome,
        ImportResult,
        VerificationMethod,
    )
    from app.vault.create import (
        FolderProblem,
        NewVault,
        SlotSummary,
        VaultDescription,
        VaultFolderError,
        check_new_vault_folder,
        create_vault,
        describe_vault,
        open_unlocked,
        open_vault,
    )
    from app.vault.errors import (
        ContactError,
        ContactNotFound,
        IdentityMissingError,
        KdfPolicyError,
        OwnCardError,
        RecipientNotVerified,
        RetiredSenderKey,
        SenderImpersonation,
        SenderKeyChanged,
        SessionLockedError,
        UnknownSender,
        VaultSessionError,
        VerificationMismatch,
        ViewOnlyDocumentError,
    )
    from app.vault.exchange import ReceivedMessage, SenderStatus, VerifiedMessage
    from app.vault.identity_store import CardExportError, IdentityStore
    from app.vault.messages import Direction, MessageRecord, Messages
    from app.vault.sending import SealedMessage
    from app.vault.services import Integrity, VaultDocuments
    from app.vault.session import VaultSession
    from app.vault.slots import Slots

# Each name is imported from its module on first use (PEP 562): `scelle --vault V ls` needs the
# session but not sealing, receiving or contacts' import machinery, and importing every service
# at once cost each vault process tens of milliseconds of start-up.
_HOMES: dict[str, str] = {
    "Argon2Params": "app.unlock", "HeaderRollbackError": "app.unlock",
    "HeaderTamperedError": "app.unlock", "NoMatchingSlot": "app.unlock",
    "RecoveryCode": "app.unlock", "SlotInfo": "app.unlock", "TotpCode": "app.unlock",
    "TotpSetup": "app.unlock", "VaultExistsError": "app.unlock",
    "VaultNotFoundError": "app.unlock", "VaultUnlocker": "app.unlock",
    "WrongPassphraseError": "app.unlock",
    "Contact": "app.vault.contacts", "Contacts": "app.vault.contacts",
    "ContactState": "app.vault.contacts", "ImportOutcome": "app.vault.contacts",
    "ImportResult": "app.vault.contacts", "VerificationMethod": "app.vault.contacts",
    "FolderProblem": "app.vault.create", "NewVault": "app.vault.create",
    "SlotSummary": "app.vault.create", "VaultDescription": "app.vault.create",
    "VaultFolderError": "app.vault.create", "check_new_vault_folder": "app.vault.create",
    "create_vault": "app.vault.create", "describe_vault": "app.vault.create",
    "open_unlocked": "app.vault.create", "open_vault": "app.vault.create",
    "ContactError": "app.vault.errors", "ContactNotFound": "app.vault.errors",
    "IdentityMissingError": "app.vault.errors", "KdfPolicyError": "app.vault.errors",
    "OwnCardError": "app.vault.errors", "RecipientNotVerified": "app.vault.errors",
    "RetiredSenderKey": "app.vault.errors", "SenderImpersonation": "app.vault.errors",
    "SenderKeyChanged": "app.vault.errors", "SessionLockedError": "app.vault.errors",
    "UnknownSender": "app.vault.errors", "VaultSessionError": "app.vault.errors",
    "VerificationMismatch": "app.vault.errors", "ViewOnlyDocumentError": "app.vault.errors",
    "ReceivedMessage": "app.vault.exchange", "SenderStatus": "app.vault.exchange",
    "VerifiedMessage": "app.vault.exchange",
    "CardExportError": "app.vault.identity_store", "IdentityStore": "app.vault.identity_store",
    "Direction": "app.vault.messages", "MessageRecord": "app.vault.messages",
    "Messages": "app.vault.messages",
    "SealedMessage": "app.vault.sending",
    "Integrity": "app.vault.services", "VaultDocuments": "app.vault.services",
    "VaultSession": "app.vault.session",
    "Slots": "app.vault.slots",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later uses skip this function
    return value


__all__ = [
    "Argon2Params", "CardExportError", "Contact", "ContactError", "ContactNotFound",
    "ContactState", "Contacts", "Direction", "HeaderRollbackError", "HeaderTamperedError",
    "IdentityMissingError", "IdentityStore", "ImportOutcome", "ImportResult", "Integrity",
    "KdfPolicyError", "MessageRecord", "Messages", "NewVault", "NoMatchingSlot", "OwnCardError",
    "ReceivedMessage", "RecipientNotVerified", "RecoveryCode", "RetiredSenderKey",
    "SealedMessage", "SenderImpersonation", "SenderKeyChanged", "SenderStatus",
    "SessionLockedError", "SlotInfo",
    "SlotSummary", "Slots", "TotpCode", "TotpSetup", "UnknownSender", "VaultDescription",
    "VaultDocuments", "VaultExistsError", "VaultNotFoundError", "VaultSession",
    "VaultSessionError", "VaultUnlocker", "VerificationMethod", "VerificationMismatch",
    "VerifiedMessage", "ViewOnlyDocumentError", "WrongPassphraseError", "create_vault",
    "describe_vault", "open_unlocked", "open_vault",
    "FolderProblem", "VaultFolderError", "check_new_vault_folder",
]
