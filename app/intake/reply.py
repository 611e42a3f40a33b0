"""Answering a request from outside (docs/format.md §12.3).

The member writes a subject, a message and attaches files; the reply is built as a §12.3
container and encrypted with age to the request's `reply_recipient` alone (the one-time key
the requester's page derived from the reply code: no one else, not even the members, can read
it afterwards), then posted to the relay (`POST /v1/intake/replies?envelope=…`). A copy of what
was sent is filed in the request's case: a note with the subject and message, and each
attachment, read once while it was encrypted (so the copy is exactly what left), staged as
encrypted blobs and committed with the reply's row once the relay accepted it. A request
without a reply key is refused before anything is read.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from app.import_rows import write_document
from app.importer import guess_media_type
from app.intake.errors import IntakeError, NoReplyKey, NotReceived
from app.intake.note import reply_marking, reply_note
from app.intake.state import IntakeItem, IntakeState
from app.records import InvalidValueError, clean_name, now_text, time_text
from app.relay_client.context import HEX32, Cancel, Context, field_of
from app.sealing.files import InputError
from crypto.age import AgeWriter, HybridRecipient
from crypto.intake_container import write_container
from crypto.intake_headers import (
    MAX_FILES,
    MAX_MESSAGE,
    MAX_SUBJECT,
    IntakeFileEntry,
    IntakeFormatError,
    IntakeReply,
)
from crypto.sealed.codec import format_time
from crypto.sealed.errors import UnsafeFileName
from crypto.sealed.names import check_file_names
from crypto.text_rules import check_text
from storage.blobs import BlobIntake

#: The relay's cap on a reply's age file (docs/relay.md "Intake").
MAX_REPLY_BYTES = 25 * 1024 * 1024
#: Room kept for the age header and the container's header within that cap.
_OVERHEAD = 128 * 1024


@dataclass(frozen=True)
class ReplyDraft:
    message: str
    subject: str = ""
    attachments: tuple[Path, ...] = ()


@dataclass(frozen=True)
class SentReply:
    reply_id: str
    posted: int
    size: int  # of the age file posted
    note_document: int
    documents: tuple[int, ...]  # the attachments' copies


class _Tee:
    """Reads a source and writes what it read into a staged blob: the copy is what was sent."""

    def __init__(self, src: BinaryIO, blob: BlobIntake) -> None:
        self._src, self._blob = src, blob

    def read(self, size: int = -1) -> bytes:
        data = self._src.read(size)
        self._blob.write(data)
        return data


def check_draft(item: IntakeItem, draft: ReplyDraft) -> None:
    """Every refusal that needs no file read: the faces ask it before starting the job."""
    if item.state != "received":
        raise NotReceived(item.state)
    if item.reply_recipient is None:
        raise NoReplyKey()
    if not draft.message:
        raise InvalidValueError("The reply's message is empty.")
    if len(draft.message) > MAX_MESSAGE or len(draft.subject) > MAX_SUBJECT:
        raise InvalidValueError(f"A reply's subject holds at most {MAX_SUBJECT} characters and "
                                f"its message at most {MAX_MESSAGE}.")
    check_text(draft.subject, "subject", InvalidValueError)
    check_text(draft.message, "message", InvalidValueError, multiline=True)
    if len(draft.attachments) > MAX_FILES:
        raise InvalidValueError(f"A reply holds at most {MAX_FILES} attachments.")
    try:
        check_file_names([p.name for p in draft.attachments])
    except UnsafeFileName as exc:
        raise InvalidValueError(f"An attachment's name {exc.problem}.") from None


def reply(ctx: Context, state: IntakeState, item: IntakeItem, draft: ReplyDraft, *,
          cancel: Cancel | None = None) -> SentReply:
    check_draft(item, draft)
    assert item.reply_recipient is not None
    session = ctx.session
    with session.guard(cancel) as stop, contextlib.ExitStack() as stack:
        sources = [_open(stack, path) for path in draft.attachments]
        if sum(size for _, size in sources) > MAX_REPLY_BYTES - _OVERHEAD:
            raise IntakeError(f"A reply's attachments may total at most "
                              f"{(MAX_REPLY_BYTES - _OVERHEAD) // 1_000_000} MB.")
        blobs = [stack.enter_context(session.store.new_blob()) for _ in sources]
        header = IntakeReply(
            intake=item.intake, request=item.envelope_id, created=ctx.now_datetime(),
            organisation=_organisation(ctx), subject=draft.subject, message=draft.message,
            files=tuple(IntakeFileEntry(path.name, size, guess_media_type(path.name))
                        for path, (_, size) in zip(draft.attachments, sources, strict=True)))
        data = _encrypt(header, item.reply_recipient,
                        [_Tee(src, blob) for (src, _), blob in zip(sources, blobs, strict=True)])
        if stop():
            raise IntakeError("The reply was cancelled; nothing was sent.")
        stored = [blob.finish() for blob in blobs]
        answer = ctx.transport().call(
            "POST", f"/v1/intake/replies?envelope={item.envelope_id}", body=data,
            headers=[("Content-Type", "application/octet-stream")])
        reply_id = field_of(answer, "reply_id", str, HEX32)
        posted = _posted(answer)
        names = [p.name for p in draft.attachments]
        note = reply_note(draft.subject, draft.message, item.envelope_id,
                          format_time(datetime.fromtimestamp(posted, UTC)), names).encode()
        note_blob = stack.enter_context(session.store.new_blob())
        note_blob.write(note)
        copies = [(f"reponse-{reply_id[:8]}.txt", "text/plain", note_blob, note_blob.finish(),
                   note.decode())]
        copies += [(n, e.media_type, b, s, "") for n, e, b, s in zip(names, header.files, blobs,
                                                                     stored, strict=True)]
        ids = _file_copies(ctx, state, item, copies, reply_id, posted, len(data))
    return SentReply(reply_id, posted, len(data), ids[0], tuple(ids[1:]))


def _open(stack: contextlib.ExitStack, path: Path) -> tuple[BinaryIO, int]:
    try:
        src = stack.enter_context(open(path, "rb"))
        info = os.fstat(src.fileno())
    except IsADirectoryError:
        raise InputError("An attachment is a folder, not a file.") from None
    except OSError:
        raise InputError("An attachment cannot be read (missing or not allowed).") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("An attachment is not a regular file.")
    return src, info.st_size


def _organisation(ctx: Context) -> str:
    organisation = ctx.session.identity.card.organisation or \
        ctx.state.require_account().organisation
    if not organisation:
        raise IntakeError("This vault's identity names no organisation to answer for.")
    return organisation


def _encrypt(header: IntakeReply, recipient: str, sources: list[_Tee]) -> bytes:
    out = io.BytesIO()
    writer = AgeWriter(out, [HybridRecipient.from_string(recipient)])
    try:
        write_container(writer, header, sources)  # type: ignore[arg-type]
    except IntakeFormatError as exc:
        raise IntakeError(f"The reply could not be built: {exc}") from None
    writer.close()
    data = out.getvalue()
    if len(data) > MAX_REPLY_BYTES:
        raise IntakeError(f"The reply is larger than the relay accepts "
                          f"({MAX_REPLY_BYTES // 1_000_000} MB).")
    return data


def _posted(answer: object) -> int:
    value = answer.get("posted") if isinstance(answer, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return field_of(answer, "posted", int)  # raises the protocol error


def _file_copies(ctx: Context, state: IntakeState, item: IntakeItem,
                 copies: list[tuple[str, str, BlobIntake, object, str]], reply_id: str,
                 posted: int, size: int) -> list[int]:
    """The copy's documents (the note's text indexed for search), the reply's row and its
    audit entry, in one transaction once every blob is published."""
    session = ctx.session
    store, audit = session.store, session.audit
    for _, _, blob, _, _ in copies:
        blob.publish()
    marking = reply_marking(item.intake, item.envelope_id)
    now = now_text()
    created = time_text(datetime.fromtimestamp(posted, UTC))
    with store.db.transaction():
        ids = [write_document(store, audit, (item.case_id, clean_name(name, "document name"),
                                             media_type, marking, created, now),
                              stored, (), text)  # type: ignore[arg-type]
               for name, media_type, _, stored, text in copies]
        state.add_reply(item.envelope_id, reply_id, size, posted, ids[0])
        audit.record("intake.reply", case_id=item.case_id)
        for _, _, blob, _, _ in copies:
            blob.settle()
    return ids
