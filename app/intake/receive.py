"""Receiving a request from outside into the vault, with no plaintext on disk.

The envelope is an age file encrypted to the hybrid recipients of the intake document (the
long-term `age_pq_recipient` of each member's card: intake has no prekeys). It is decrypted with
the vault holder's own hybrid identity, and read as a §12.2 container (crypto/intake_container):
the header is checked (its intake point must be the one the relay listed) and each file streams
into its own staged, encrypted blob. Nothing is committed until the age payload's final chunk
authenticated and nothing trails the last file; then one transaction writes the note document
(subject, message, the requester's name and contact as typed, marked unauthenticated), the
files' documents (each marked in its notes), the request's row and an `intake.receive` audit
entry. The `opened` receipt follows, as for any envelope. A request that cannot be read (not
for us, damaged, not of the format) gets a `refused` receipt and its file is deleted.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from app.import_rows import write_document
from app.importer import guess_media_type
from app.intake.errors import IntakeError
from app.intake.note import request_marking, request_note
from app.intake.state import IntakeItem, IntakeState
from app.pdftext import extract_text, looks_like_pdf
from app.records import clean_name, now_text, time_text
from app.relay_client import receipts
from app.relay_client.context import Cancel, Context
from app.relay_client.errors import TransferCancelled
from app.relay_client.state import remove_file
from app.search import MAX_BODY_CHARS
from app.sealing.files import StorageError
from crypto.age import AgeError, AgeReader
from crypto.intake_container import ChunkStream, ContainerReader
from crypto.intake_headers import REQUEST_TYPE, IntakeFormatError, IntakeRequest
from crypto.sealed.codec import format_time
from storage.blobs import BlobIntake, StoredBlob
from storage.blobs.errors import CancelledError

NOTE_TYPE = "text/plain"


@dataclass
class _Staged:
    name: str
    media_type: str
    intake: BlobIntake
    blob: StoredBlob
    text: str


def receive(ctx: Context, state: IntakeState, item: IntakeItem, *, case_id: int | None = None,
            cancel: Cancel | None = None) -> IntakeItem:
    """Receive a downloaded intake envelope into the vault (into `case_id` if given)."""
    if item.state != "downloaded":
        raise IntakeError(f"This request from outside is {item.state}; only a downloaded one "
                          "can be received.")
    session = ctx.session
    if case_id is not None:
        session.cases.get(case_id)  # an unknown case is refused before anything is read
    identity = session.identity.age_pq_identity
    if identity is None:
        raise IntakeError("This vault's identity has no post-quantum key: it cannot read "
                          "requests from outside.")
    try:
        with session.guard(cancel) as stop, contextlib.ExitStack() as stack:
            header, staged = _read(ctx, state, item, identity, stack, stop)
            _commit(ctx, state, item, header, staged, case_id)
    except (AgeError, IntakeFormatError) as exc:
        return _refuse(ctx, state, item, str(exc))
    except CancelledError:
        raise TransferCancelled() from None
    except OSError as exc:
        raise StorageError.from_os_error(exc, "Receiving the request from outside") from None
    receipts.sign_and_post(ctx, item, "opened", None)  # type: ignore[arg-type]
    remove_file(state.path(item.envelope_id))
    return state.get(item.envelope_id)


def _read(ctx: Context, state: IntakeState, item: IntakeItem, identity: object,
          stack: contextlib.ExitStack, stop: Cancel) -> tuple[IntakeRequest, list[_Staged]]:
    """Decrypt and check the whole request, each file into a staged blob; the note first."""
    src = stack.enter_context(open(state.path(item.envelope_id), "rb"))
    reader = AgeReader(src, [identity], armor=False)  # type: ignore[list-item]
    container = ContainerReader(ChunkStream(reader.chunk_views()), REQUEST_TYPE,
                                intake=item.intake)
    header = container.header
    assert isinstance(header, IntakeRequest)
    staged = []
    for entry, part in container.parts():
        staged.append(_stage(ctx, stack, entry.safe_name, part, entry.entry.size, stop))
    # Only now is the whole request authentic (final chunk, nothing trailing): the note is
    # written from the checked header.
    deposited = format_time(datetime.fromtimestamp(item.deposited, UTC))
    note = request_note(header, item.envelope_id, deposited, container.files).encode("utf-8")
    name = f"demande-exterieure-{item.envelope_id[:8]}.txt"
    staged.insert(0, _stage(ctx, stack, name, io.BytesIO(note), len(note), stop, NOTE_TYPE))
    staged[0].text = note.decode("utf-8")[:MAX_BODY_CHARS]
    return header, staged


def _stage(ctx: Context, stack: contextlib.ExitStack, name: str, source: object, size: int,
           stop: Cancel, media_type: str | None = None) -> _Staged:
    intake = stack.enter_context(ctx.session.store.new_blob())
    intake.write_from(source, expected_size=size, cancel=stop)  # type: ignore[arg-type]
    blob = intake.finish()
    media_type = media_type or guess_media_type(name, intake.head)
    text = ""
    if looks_like_pdf("", intake.head):
        with intake.open_staged() as staged:
            text = extract_text(staged, max_chars=MAX_BODY_CHARS, cancel=stop)
    return _Staged(name, media_type, intake, blob, text)


def _commit(ctx: Context, state: IntakeState, item: IntakeItem, header: IntakeRequest,
            staged: list[_Staged], case_id: int | None) -> None:
    session = ctx.session
    store, audit = session.store, session.audit
    for one in staged:
        one.intake.publish()
    marking = request_marking(item.intake, item.envelope_id)
    created = time_text(datetime.fromtimestamp(item.deposited, UTC))
    now = now_text()
    with store.db.transaction():
        ids = [write_document(store, audit, (case_id, clean_name(s.name, "document name"),
                                             s.media_type, marking, created, now),
                              s.blob, (), s.text) for s in staged]
        state.update_in_transaction(
            item.envelope_id, state="received", case_id=case_id, note_document=ids[0],
            subject=header.subject, reply_recipient=header.reply_recipient, received_at=now,
            reason=None)
        audit.record("intake.receive", case_id=case_id)
        for one in staged:
            one.intake.settle()


def _refuse(ctx: Context, state: IntakeState, item: IntakeItem, reason: str) -> IntakeItem:
    item = state.update(item.envelope_id, state="refused", reason=reason)
    receipts.sign_and_post(ctx, item, "refused", None)  # type: ignore[arg-type]
    remove_file(state.path(item.envelope_id))
    return item
