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
