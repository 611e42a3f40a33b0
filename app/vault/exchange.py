"""Receiving sealed files into the vault, and verifying them, with no plaintext on disk.

`receive_sealed` streams each file of the sealed file into its own encrypted blob in
`staging/` (storage/blobs/intake.py: chunk-sealed as it arrives) while crypto/sealed/reader.py
decrypts and hashes the stream. Nothing is committed until the reader has accepted the file,
in the order of DESIGN §2.2: age layer and final chunk, trailer, strict metadata, signature,
**sender** (below), recipient list, expiry, replay. Then the blobs are published behind the blob
journal and ONE transaction inserts every document (rows, index, `document.import` audit
entries), the message record, its id in `seen_messages` and a `message.receive` entry. So any
failure, and a process killed at any moment, leaves either the whole message or no trace of it:
staged blobs are removed at once (or by the next open, which empties staging/), published but
uncommitted ones by the journal recovery.

Sender rule (after the signature verified):

* a contact whose current card has the sender's keys: accepted (`sender_verified` tells whether
  that contact is verified), unless it is in the key-changed state;
* a key-changed contact: `SenderKeyChanged`; an unknown sender: `UnknownSender`; a key that a
  contact replaced: `RetiredSenderKey`. With `accept_unverified=True` the first two are
  accepted and recorded as unverified (contacts are not modified: import the card to add it);
* unknown keys on a card bearing a contact's name or organisation (`IMPERSONATION` of
  app/vault/sender_check.py): `SenderImpersonation` (its `.check` names the contacts for the
  faces, its text none), accepted only with `accept_key_mismatch=True`, never with
  `accept_unverified` alone (the wire-fraud case), and recorded as unverified;
* the vault holder's own card (a file they sealed): accepted, verified;
* a file sent on behalf of someone (a delegation in its metadata): the delegation must hold
  (app/vault/on_behalf.py), else `OnBehalfRefused`, like a bad signature.

A view-only message is received (the vault is encrypted) and its documents are flagged: they
can be shown, never exported nor sealed again (app/vault/services.py, sending.py).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from app.audit import AuditLog
from app.cases import Cases
from app.import_rows import write_document
from app.importer import guess_media_type
from app.pdftext import extract_text, looks_like_pdf
from app.records import clean_name, now_text, time_text
from app.search import MAX_BODY_CHARS
from app.sealing.files import InputError, StorageError
from app.vault.consultation import PreviewGate, flag_received, require_receivable
from app.vault.contacts import Contacts
from app.vault.errors import RetiredSenderKey, SenderImpersonation, SenderKeyChanged, \
    UnknownSender
from app.vault.sender_check import SenderCheck, SenderKind, classify_sender
from app.vault.messages import DatabaseReplayGuard, Direction, insert_record
from app.vault.on_behalf import check_received
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed.errors import Cancelled, ReplayedMessage
from crypto.sealed.metadata import FileEntry, Metadata
from crypto.sealed.pipeline import ContentHasher
from crypto.sealed.reader import KeyRing, OpenedMessage, SinkFactory, open_sealed
from crypto.sealed.writer import CancelCheck, Progress
from storage.blobs import BlobIntake, StoredBlob
from storage.db import SQLError
from storage.store import Store


@dataclass(frozen=True)
class SenderStatus:
    contact_id: int | None  # None: the holder's own card, or an unknown sender
    verified: bool
    own: bool = False
    check: SenderCheck | None = field(default=None, repr=False)  # app/vault/sender_check.py


@dataclass(frozen=True)
class VerifiedMessage:
    """A sealed file that passed every check (nothing was written)."""

    metadata: Metadata = field(repr=False)
    sender: SenderStatus

    @property
    def message_id(self) -> str:
        return self.metadata.message_id.hex()

    @property
    def sender_card(self) -> IdentityCard:
        return self.metadata.sender


@dataclass(frozen=True)
class ReceivedMessage(VerifiedMessage):
    record_id: int = 0  # in the correspondence log
    document_ids: tuple[int, ...] = ()
    case_id: int | None = None

    @property
    def view_only(self) -> bool:
        return self.metadata.view_only


class _SenderPolicy:
    """The `sender_check` given to the reader; remembers what it decided."""

    def __init__(self, contacts: Contacts, identity: PrivateIdentity,
                 accept_unverified: bool, accept_key_mismatch: bool) -> None:
        self._contacts = contacts
        self._identity = identity
        self._accept = accept_unverified
        self._accept_mismatch = accept_key_mismatch
        self.status: SenderStatus | None = None

    def __call__(self, card: IdentityCard) -> bool:
        self.status = self._decide(card)
        return True

    def _decide(self, card: IdentityCard) -> SenderStatus:
        check = classify_sender(self._contacts, card, self._identity.fingerprint)
        kind = check.kind
        if kind is SenderKind.OWN:
            return SenderStatus(None, True, own=True, check=check)
        if kind is SenderKind.RETIRED:
            raise RetiredSenderKey()
        contact_id = check.contact.id if check.contact is not None else None
        if kind in (SenderKind.KNOWN_VERIFIED, SenderKind.KNOWN_UNVERIFIED):
            return SenderStatus(contact_id, kind is SenderKind.KNOWN_VERIFIED, check=check)
        # A contact's name on other keys: accepting an unverified sender is not enough.
        if kind is SenderKind.IMPERSONATION:
            if not self._accept_mismatch:
                raise SenderImpersonation(check=check, card=card)
        elif not self._accept:
            raise SenderKeyChanged() if kind is SenderKind.KEY_CHANGED else UnknownSender()
        return SenderStatus(contact_id, False, check=check)


class _BlobSink:
    """One file of the sealed file, written into a staged blob.

    The reader decrypts into the blocks of `pipe` (crypto/sealed/pipeline.py); this thread
    encrypts each part into the blob straight from the block, the pipeline's output thread
    writes the sealed chunks (and makes the blob durable), its hash thread hashes the block:
    one pass, no copy, plaintext nowhere but in the blocks.

    The only file of a one-file sealed file is not hashed here: the signed content digest is
    its SHA-256 (docs/format.md §3.4), computed once by the reader; the blob is finished with
    it only once the signature verified (`finish_signed`), so no unverified value is stored.
    """

    def __init__(self, intake: BlobIntake, entry: FileEntry, signed_digest: bool,
                 pipe: ContentHasher) -> None:
        self.intake = intake
        self.entry = entry
        self.written = 0
        self.blob: StoredBlob | None = None
        self.signed_digest = signed_digest
        intake.write_through(pipe)
        if signed_digest:
            intake.hash_elsewhere()

    def write(self, data: memoryview) -> None:
        self.intake.write(data)
        self.written += len(data)

    def close(self) -> None:
        # Called on completion and on errors alike: only a complete file is sealed off.
        if self.blob is None and self.written == self.entry.size and not self.signed_digest:
            self.blob = self.intake.finish()

    def finish_signed(self, opened: OpenedMessage) -> None:
        """After a verified signature: finish with the signed digest (see the class)."""
        if self.signed_digest and self.blob is None and self.written == self.entry.size:
            self.blob = self.intake.finish(digest=opened.content_sha256)


class _Receiver:
    """The sinks of one reception: a staged blob per file, entered in `stack`."""

    def __init__(self, stack: contextlib.ExitStack, store: Store, pipe: ContentHasher) -> None:
        self._stack, self._store, self._pipe = stack, store, pipe
        self.sinks: list[_BlobSink] = []
        self._files: list[int] = []  # the (not yet authenticated) metadata's number of files

    def on_metadata(self, metadata: Metadata) -> None:
        self._files.append(len(metadata.files))

    def sink(self, index: int, entry: FileEntry) -> _BlobSink:
        intake = self._stack.enter_context(self._store.new_blob())
        self.sinks.append(_BlobSink(intake, entry, self._files == [1], self._pipe))
        return self.sinks[-1]


def _open(path: str | Path):  # type: ignore[no-untyped-def]
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by the caller's with block
    except OSError:
        raise InputError("The sealed file cannot be read (missing or not allowed).") from None


def verify_sealed(store: Store, identity: PrivateIdentity, contacts: Contacts,
                  path: str | Path, *, accept_unverified: bool = False,
                  accept_key_mismatch: bool = False,
                  progress: Progress | None = None, cancel: CancelCheck | None = None,
                  now: datetime | None = None,
                  sinks: SinkFactory | None = None) -> VerifiedMessage:
    """Every check of `receive_sealed` (replay included), writing nothing anywhere.

    `sinks` (optional) see each file's plaintext as it is decrypted, BEFORE the signature is
    checked: the caller keeps it in memory only, and discards it if this function raises (the
    open dialog's preview, ui/exchange/preview_memory.py). A view-only file's plaintext never
    reaches them (app/vault/consultation.py `PreviewGate`): only the viewer shows it.
    """
    policy = _SenderPolicy(contacts, identity, accept_unverified, accept_key_mismatch)
    gate = PreviewGate(sinks, now) if sinks is not None else None  # no view-only preview
    try:
        with _open(path) as src:
            opened = open_sealed(src, identity, sender_check=policy,
                                 replay_guard=DatabaseReplayGuard(store), sinks=gate,
                                 progress=progress, cancel=cancel, now=now,
                                 # before any plaintext reaches a preview's sinks
                                 on_metadata=gate.on_metadata if gate else
                                 lambda meta: require_receivable(meta, now))
        check_received(store.db, contacts, identity.fingerprint, opened.metadata)
    except OSError as exc:
        raise StorageError.from_os_error(exc, "Reading the sealed file") from None
    require_receivable(opened.metadata, now)
    assert policy.status is not None
    return VerifiedMessage(opened.metadata, policy.status)


def receive_sealed(store: Store, audit: AuditLog, identity: PrivateIdentity,
                   contacts: Contacts, path: str | Path, *, case_id: int | None = None,
                   accept_unverified: bool = False, accept_key_mismatch: bool = False,
                   progress: Progress | None = None, cancel: CancelCheck | None = None,
                   now: datetime | None = None,
                   keyring: KeyRing | None = None) -> ReceivedMessage:
    """Receive a sealed file into the vault (see module doc); all or nothing. `keyring`: a
    relayed envelope's keys (app/relay_client/prekeys.py)."""
    if case_id is not None:
        Cases(store, audit).get(case_id)
    policy = _SenderPolicy(contacts, identity, accept_unverified, accept_key_mismatch)
    with contextlib.ExitStack() as stack:
        try:
            # The pipeline closes (its threads stopped) before the stack drops the staged blobs.
            with _open(path) as src, ContentHasher(output=True) as pipe:
                receiver = _Receiver(stack, store, pipe)
                opened = open_sealed(src, identity, sender_check=policy,
                                     replay_guard=DatabaseReplayGuard(store),
                                     sinks=receiver.sink, progress=progress, cancel=cancel,
                                     now=now, on_metadata=receiver.on_metadata, pipeline=pipe,
                                     keyring=keyring)
                require_receivable(opened.metadata, now)  # a consultation already over
                sinks = receiver.sinks
                check_received(store.db, contacts, identity.fingerprint, opened.metadata)
                for s in sinks:
                    s.finish_signed(opened)
                pipe.drain()  # every blob written and durable, or the first error raised
            texts = [_pdf_text(s, cancel) for s in sinks]
            if cancel is not None and cancel():
                raise Cancelled()
            for s in sinks:
                s.intake.publish()
        except OSError as exc:
            raise StorageError.from_os_error(exc, "Receiving the sealed file") from None
        assert policy.status is not None
        record_id, doc_ids = _commit(store, audit, opened, policy.status, sinks, texts, case_id)
    return ReceivedMessage(opened.metadata, policy.status, record_id, tuple(doc_ids), case_id)


def _pdf_text(sink: _BlobSink, cancel: CancelCheck | None) -> str:
    """The text of a PDF file, for the search index (read back from the staged blob)."""
    assert sink.blob is not None
    if sink.entry.media_type not in ("application/pdf", "application/octet-stream"):
        return ""
    with sink.intake.open_staged() as staged:
        if not looks_like_pdf("", staged.reader.read_range(0, 16)):
            return ""
        return extract_text(staged, max_chars=MAX_BODY_CHARS, cancel=cancel)


def _commit(store: Store, audit: AuditLog, opened: OpenedMessage, sender: SenderStatus,
            sinks: list[_BlobSink], texts: list[str],
            case_id: int | None) -> tuple[int, list[int]]:
    metadata = opened.metadata
    db = store.db
    with db.transaction():
        try:
            DatabaseReplayGuard(store).record(metadata.message_id)
        except SQLError:  # another window received the same file meanwhile
            raise ReplayedMessage() from None
        doc_ids = [_insert_document(store, audit, s, text, metadata, case_id)
                   for s, text in zip(sinks, texts)]
        record_id = insert_record(store, Direction.RECEIVED, metadata,
                                  sender_verified=sender.verified, case_id=case_id,
                                  document_ids=doc_ids)
        flag_received(store, record_id, metadata, doc_ids)
        audit.record("message.receive", case_id=case_id)
        for s in sinks:
            s.intake.settle()
    return record_id, doc_ids


def _insert_document(store: Store, audit: AuditLog, sink: _BlobSink, text: str,
                     metadata: Metadata, case_id: int | None) -> int:
    """A received file's document rows, by the writer of imported ones (same transaction)."""
    blob = sink.blob
    assert blob is not None
    entry = sink.entry
    media_type = entry.media_type
    if media_type == "application/octet-stream":
        media_type = guess_media_type(entry.name)
    document = (case_id, clean_name(entry.name, "document name"), media_type, "",
                time_text(metadata.created), now_text())
    return write_document(store, audit, document, blob, (), text)
