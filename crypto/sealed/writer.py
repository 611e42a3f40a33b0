"""Sealing: stream files into a signed `.scelle` file in constant memory."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import BinaryIO

from crypto.age import CHUNK_SIZE, AgeError, AgeWriter, Recipient, parse_recipient
from crypto.groups import GroupRef
from crypto.prekey_ring import prekey_recipients
from crypto.prekeys import Prekey
from crypto.identity import IdentityCard, PrivateIdentity
from crypto.sealed import layout
from crypto.sealed.codec import utc_now
from crypto.sealed.consultation import checked_consult_until
from crypto.sealed.errors import Cancelled, SealingRefused, SourceChanged, UnsafeFileName
from crypto.sealed.metadata import DEFAULT_MEDIA_TYPE, FileEntry, Metadata
from crypto.sealed.names import check_file_names
from crypto.sealed.on_behalf import DelegateCopy, SealedDelegation
from crypto.sealed.pipeline import ContentHasher

#: progress(bytes_done, bytes_total): content bytes, called after every chunk.
Progress = Callable[[int, int], None]
#: cancel() -> True to stop; checked before every chunk (e.g. `threading.Event().is_set`).
CancelCheck = Callable[[], bool]


@dataclass(frozen=True)
class SourceFile:
    """One file to seal. `size` is promised up front (it goes into the signed metadata)."""

    name: str
    size: int
    open: Callable[[], BinaryIO]
    media_type: str = DEFAULT_MEDIA_TYPE


@dataclass(frozen=True)
class Letter:
    """The text parts of a sealed file and its options."""

    subject: str = ""
    message: str = ""
    reference: str = ""
    expires: datetime | None = None
    view_only: bool = False
    consult_until: datetime | None = None  # view-only only (crypto/sealed/consultation.py)
    group: GroupRef | None = None  # the duty group addressed (crypto/groups.py)
    # Relayed only: the recipients' verified prekeys to seal for (crypto/prekey_ring.py).
    prekeys: tuple[Prekey, ...] = ()
    # Sent on behalf of a principal; copies for the recipients' delegates (§8).
    delegation: SealedDelegation | None = None
    delegates: tuple[DelegateCopy, ...] = ()


def uses_hybrid(cards: Sequence[IdentityCard], classic: bool) -> bool:
    """Hybrid (post-quantum) keys when every card has one and `classic` is off, else X25519.

    age refuses to mix the two kinds in one file: a single classic stanza would void the
    post-quantum protection of all the others.
    """
    return not classic and all(card.has_hybrid for card in cards)


def choose_recipients(cards: Sequence[IdentityCard], classic: bool) -> list[Recipient]:
    hybrid = uses_hybrid(cards, classic)
    strings = [card.age_pq_recipient if hybrid else card.age_recipient for card in cards]
    return [parse_recipient(s) for s in strings if s is not None]


def build_metadata(sender: PrivateIdentity, recipients: Sequence[IdentityCard],
                   files: Sequence[SourceFile], letter: Letter, now: datetime | None) -> Metadata:
    try:
        names = check_file_names(f.name for f in files)
    except UnsafeFileName as exc:
        raise SealingRefused(f"A file chosen for sealing has a name that {exc.problem}; "
                             "rename it first.") from None
    created = (now or utc_now()).replace(microsecond=0)
    expires = letter.expires.replace(microsecond=0) if letter.expires else None
    if expires is not None and expires <= created:
        raise SealingRefused("The expiry date of the sealed file is already past.")
    return Metadata(
        message_id=os.urandom(layout.MESSAGE_ID_SIZE), created=created,
        sender=sender.card, recipients=tuple(sorted({c.fingerprint for c in recipients})),
        subject=letter.subject, message=letter.message, reference=letter.reference,
        expires=expires, view_only=letter.view_only,
        files=tuple(FileEntry(n, f.size, f.media_type) for n, f in zip(names, files)),
        consult_until=checked_consult_until(letter.consult_until, view_only=letter.view_only,
                                            created=created),
        group=letter.group, delegation=letter.delegation,
        delegates=tuple(sorted(set(letter.delegates))) or None)


def seal(out: BinaryIO, sender: PrivateIdentity, recipients: Sequence[IdentityCard],
         files: Sequence[SourceFile], letter: Letter = Letter(), *, classic: bool = False,
         progress: Progress | None = None, cancel: CancelCheck | None = None,
         now: datetime | None = None) -> Metadata:
    """Write a sealed file to `out`; return its metadata.

    The file is addressed to every recipient and to the sender; with `letter.prekeys` (a
    relayed file, docs/format.md §9.3) to those recipients' prekeys instead of their long-term
    keys, and not to the sender. On any error (including cancellation) `out` holds an invalid,
    incomplete file that the caller must delete.
    """
    if not recipients:
        raise SealingRefused("A sealed file needs at least one recipient.")
    moment = now or utc_now()
    for card in [sender.card, *recipients]:
        card.check_valid(moment)
    metadata = build_metadata(sender, recipients, files, letter, moment)
    if letter.prekeys:
        keys, used = prekey_recipients(recipients, letter.prekeys, classic, moment)
        metadata = replace(metadata, prekeys=used)
    else:
        everyone = list({c.fingerprint: c for c in [*recipients, sender.card]}.values())
        keys = choose_recipients(everyone, classic)
    meta_bytes = metadata.encode()
    try:
        writer = AgeWriter(out, keys)
    except AgeError as exc:
        raise SealingRefused(f"The recipients' keys cannot be used: {exc}.") from None
    try:
        content_digest = _stream_files(writer, layout.prefix(meta_bytes) + meta_bytes, files,
                                       metadata.content_size, progress, cancel)
        message = layout.signed_message(layout.envelope_digest(writer.header_bytes, writer.nonce),
                                        hashlib.sha256(meta_bytes).digest(), content_digest)
        writer.write(layout.TRAILER_MAGIC + sender.sign(message))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    return metadata


class _Sources:
    """Reads the files to seal one after the other, holding each to the size it announced."""

    def __init__(self, files: Sequence[SourceFile]) -> None:
        self._pending = list(files)
        self._stream: BinaryIO | None = None
        self._left = 0

    def readinto(self, view: memoryview) -> int:
        """Read at most `len(view)` bytes of the current file (never across two files)."""
        while not self._left:
            self._next()
        got = self._stream.readinto(view[:min(self._left, len(view))])  # type: ignore[union-attr]
        if not got:
            raise SourceChanged()  # shorter than when its size was taken
        self._left -= got
        return got

    def _next(self) -> None:
        self.finish_current()
        source = self._pending.pop(0)  # IndexError: more bytes asked than announced (a bug)
        self._stream, self._left = source.open(), source.size

    def finish_current(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            with stream:
                if stream.read(1):
                    raise SourceChanged()  # longer than announced

    def finish(self) -> None:
        """Check the last file ended where announced, and open the empty files left."""
        while self._pending:
            self._next()
        self.finish_current()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()


def _stream_files(writer: AgeWriter, head: bytes, files: Sequence[SourceFile], total: int,
                  progress: Progress | None, cancel: CancelCheck | None) -> bytes:
    """Write `head` and the files' content to `writer`; return the content's SHA-256.

    The plaintext goes through whole blocks of the stream (head first), so every chunk is
    encrypted where it was read, and each block is hashed on the worker thread while this
    thread encrypts it and reads the next. The files are read up to each chunk boundary (and
    file end), with cancellation checked and progress reported each time.
    """
    sources = _Sources(files)
    with ContentHasher() as hasher:
        try:
            block, filled, done = hasher.take(), len(head), 0
            block[:filled] = head
            content_start = filled  # in the first block only: the head is not content
            while done < total:
                if cancel is not None and cancel():
                    raise Cancelled()
                limit = min(CHUNK_SIZE - filled % CHUNK_SIZE, total - done)
                got = sources.readinto(block[filled:filled + limit])
                filled, done = filled + got, done + got
                if progress is not None:
                    progress(done, total)
                if filled == len(block):
                    _flush(hasher, writer, block[content_start:filled], block[:filled])
                    block, filled, content_start = hasher.take(), 0, 0
            sources.finish()
            _flush(hasher, writer, block[content_start:filled], block[:filled])
        finally:
            sources.close()
        if progress is not None and not total:
            progress(0, 0)
        return hasher.digest()


def _flush(hasher: ContentHasher, writer: AgeWriter, content: memoryview,
           plaintext: memoryview) -> None:
    hasher.submit(content)  # hashed on the worker thread while this one encrypts the block
    writer.write(plaintext)
