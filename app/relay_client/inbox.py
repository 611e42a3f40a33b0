"""The inbox: envelopes addressed to the vault's holder, downloaded and received into the vault.

  listed      the relay lists it (`GET /v1/envelopes?box=inbox`); bytes may be partly here
  downloaded  every byte is in `<vault>/relay/inbox/<envelope>.scelle`, its content digest is
              the one the relay signed, and the deposit and delivery proofs are kept
  receiving   handed to the vault's receive (all or nothing, every check of DESIGN §2.2)
  opened      in the vault; our signed `opened` receipt is kept (and posted, or will be)
  held        the sender is not a contact (nor a directory card that could be added safely)
              or its key changed: waits for the user to accept or refuse it
  refused     the sealed file was rejected (tampered, not for us, a replay…); `refused` receipt
  expired     gone from the relay before it was complete here (or before a decision)

Downloads resume where the local file ends (`Range: bytes=N-`); the bytes are checked against
the signed content digest (crypto/content_digest.py: each byte hashed once, into its 8 MiB
chunk's digest) before the vault sees them, and the vault commits nothing before its own
checks pass. A sender unknown to the vault is looked up in the relay directory: a certified
card, by its pinned organisation key, whose name and organisation are no contact's, is added
as an (unverified) contact, as the design allows for directory-certified senders.
`held_card` reads a downloaded envelope's signed sender card, so that a held envelope is shown
with the name on its card and how it compares with the contacts, before any decision.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from app.records import now_text, time_text
from app.relay_client import directory, prekeys, receipts
from app.relay_client.chunks import receive_into
from app.relay_client.context import HEX32, HEX64, Cancel, Context, Progress, field_of
from app.relay_client.errors import DownloadCorrupt, RelayClientError, RelayProtocolError, \
    RelayRefused, TransferCancelled
from app.relay_client.state import InboxItem, remove_file
from app.vault.sender_check import name_clashes
from app.vault.errors import SenderKeyChanged, UnknownSender
from crypto.content_digest import ContentHasher
from crypto.identity import IdentityCard
from crypto.sealed.errors import Cancelled, ReplayedMessage, SealedFileRejected
from crypto.sealed.reader import open_sealed

PENDING = ("listed", "downloaded", "receiving")


def list_inbox(ctx: Context) -> list[str]:
    """Record envelopes newly listed; expire those gone before they were complete here (and
    return their ids)."""
    answer = ctx.transport().call("GET", "/v1/envelopes?box=inbox")
    listed = answer.get("envelopes") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise RelayProtocolError("The relay's inbox listing is malformed.")
    state, seen = ctx.state, set()
    for value in listed:
        if isinstance(value, dict) and value.get("origin") is not None:
            continue  # a request from outside, with no sender: app/intake/inbox.py lists it
        envelope_id = field_of(value, "envelope_id", str, HEX32)
        seen.add(envelope_id)
        if isinstance(value, dict) and "content_digest" not in value and "sha256" in value:
            raise RelayProtocolError("The relay uses protocol 1 (a plain SHA-256 per "
                                     "envelope); it must be updated to exchange with it.")
        state.add_inbox(envelope_id, field_of(value, "sender", str, HEX64),
                        field_of(value, "size", int),
                        field_of(value, "content_digest", str, HEX64),
                        field_of(value, "deposited", int),
                        field_of(value, "available_until", int))
    gone = [i for i in state.inbox(("listed", "held")) if i.envelope_id not in seen]
    for item in gone:
        expire(ctx, item)
    return [i.envelope_id for i in gone]


def expire(ctx: Context, item: InboxItem) -> None:
    remove_file(ctx.state.inbox_path(item.envelope_id))
    ctx.state.update_inbox(item.envelope_id, state="expired",
                           reason="withdrawn or past its availability on the relay")


def download(ctx: Context, item: InboxItem, progress: Progress | None = None,
             cancel: Cancel | None = None) -> InboxItem:
    """Fetch the missing bytes, check the whole, keep the proofs; state `downloaded`."""
    path = ctx.state.inbox_path(item.envelope_id)
    try:
        fetch_checked(ctx, item, path, progress, cancel)
    except RelayRefused as exc:
        if exc.code == "not_found":
            expire(ctx, item)
        raise
    receipts.fetch_received_proofs(ctx, item)
    return ctx.state.update_inbox(item.envelope_id, state="downloaded")


def fetch_checked(ctx: Context, item: Any, path: Path, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> None:
    """Fetch the bytes of `item` (envelope_id, size, sha256: its content digest) missing from
    `path`, then check the whole against the signed content digest (a mismatch deletes the
    file). Also used for intake envelopes (app/intake/inbox.py)."""
    digest, have = _existing(path, item.size)
    if have < item.size:
        digest = _fetch(ctx, item, path, digest, have, progress, cancel)
    if digest.hexdigest() != item.sha256:
        remove_file(path)
        raise DownloadCorrupt("The downloaded envelope does not have the content digest the "
                              "relay signed; it was discarded and will be fetched again.")


def _existing(path: os.PathLike[str], size: int) -> tuple[Any, int]:
    """The content digest state of what is already here (a longer file starts over)."""
    digest = ContentHasher()
    try:
        with open(path, "rb", buffering=0) as src:
            have = os.fstat(src.fileno()).st_size
            if have > size:
                raise FileNotFoundError
            buffer = bytearray(1024 * 1024)
            view = memoryview(buffer)
            while n := src.readinto(buffer):
                digest.update(view[:n])
        return digest, have
    except FileNotFoundError:
        remove_file(path)  # type: ignore[arg-type]
        return ContentHasher(), 0


def _fetch(ctx: Context, item: InboxItem, path: os.PathLike[str], digest: Any, have: int,
           progress: Progress | None, cancel: Cancel | None) -> Any:
    with ctx.transport().stream(f"/v1/envelopes/{item.envelope_id}/content", have) as response:
        headers = response.headers
        expected_range = f"bytes {have}-{item.size - 1}/{item.size}"
        if headers.get("scelle-content-digest") != item.sha256 or \
                headers.get("scelle-envelope-size") != str(item.size) or \
                (have and headers.get("content-range") != expected_range):
            raise RelayProtocolError("The relay's answer describes other bytes than the "
                                     "envelope it listed.")
        # 0600 whatever the umask: the spool holds sealed envelopes, private to this user.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
                     | getattr(os, "O_BINARY", 0), 0o600)
        with open(fd, "ab") as out:
            # Hashed on a helper thread while the next blocks arrive; complete on return.
            receive_into(response.iter_raw(), out, digest, have, item.size,
                         progress, cancel)
            out.flush()
            os.fsync(out.fileno())
    return digest


def receive(ctx: Context, item: InboxItem, *, accept_unverified: bool = False,
            accept_key_mismatch: bool = False, case_id: int | None = None,
            cancel: Cancel | None = None) -> InboxItem:
    """Hand a downloaded envelope to the vault; post the receipt that follows."""
    path = ctx.state.inbox_path(item.envelope_id)
    was_receiving = item.state == "receiving"
    if not was_receiving:
        _add_directory_sender(ctx, item)
        item = ctx.state.update_inbox(item.envelope_id, state="receiving",
                                      receiving_since=now_text())
    try:
        with prekeys.opening_ring(ctx) as ring:  # the prekeys first (forward secrecy)
            received = ctx.session.receive_sealed(path, case_id=case_id,
                                                  accept_unverified=accept_unverified,
                                                  accept_key_mismatch=accept_key_mismatch,
                                                  cancel=cancel, now=ctx.now_datetime(),
                                                  keyring=ring)
    except ReplayedMessage:
        record = _own_earlier_receive(ctx, item) if was_receiving else None
        if record is None:
            return _refuse(ctx, item, "the same message was already received once")
        return _opened(ctx, item, *record)
    except (UnknownSender, SenderKeyChanged) as exc:
        return ctx.state.update_inbox(item.envelope_id, state="held", reason=str(exc))
    except Cancelled:
        ctx.state.update_inbox(item.envelope_id, state="downloaded")
        raise TransferCancelled() from None
    except SealedFileRejected as exc:
        return _refuse(ctx, item, str(exc))
    except BaseException:
        ctx.state.update_inbox(item.envelope_id, state="downloaded")
        raise
    return _opened(ctx, item, received.record_id, received.message_id)


def _opened(ctx: Context, item: InboxItem, record_id: int, message_id: str) -> InboxItem:
    item = ctx.state.update_inbox(item.envelope_id, state="opened", message=record_id,
                                  reason=None)
    receipts.sign_and_post(ctx, item, "opened", message_id)
    remove_file(ctx.state.inbox_path(item.envelope_id))
    return item


def _refuse(ctx: Context, item: InboxItem, reason: str) -> InboxItem:
    item = ctx.state.update_inbox(item.envelope_id, state="refused", reason=reason)
    receipts.sign_and_post(ctx, item, "refused", None)
    remove_file(ctx.state.inbox_path(item.envelope_id))
    return item


def refuse(ctx: Context, item: InboxItem) -> InboxItem:
    """The user refuses a held (or downloaded) envelope: `refused` receipt, file deleted."""
    return _refuse(ctx, item, "refused by the recipient")


def _own_earlier_receive(ctx: Context, item: InboxItem) -> tuple[int, str] | None:
    """After a crash between the vault's commit and ours: was the message received by us, from
    this very file? (A replay of an older message has an older record, and is refused.)"""
    with open(ctx.state.inbox_path(item.envelope_id), "rb") as src, \
            prekeys.opening_ring(ctx) as ring:
        opened = open_sealed(src, ctx.session.identity, sender_check=lambda card: True,
                             replay_guard=None, keyring=ring)
    message_id = opened.metadata.message_id.hex()
    for record in ctx.session.messages.list(direction="received"):
        if record.message_id == message_id and item.receiving_since is not None and \
                time_text(record.recorded_at) >= item.receiving_since:
            return record.id, message_id
    return None


def held_card(ctx: Context, item: InboxItem) -> IdentityCard:
    """The signed card of a downloaded (or held) envelope's sender. Every byte is decrypted
    and the signature checked; nothing is written."""
    path = ctx.state.inbox_path(item.envelope_id)
    try:
        with open(path, "rb") as src, prekeys.opening_ring(ctx) as ring:
            opened = open_sealed(src, ctx.session.identity, sender_check=lambda card: True,
                                 replay_guard=None, keyring=ring)
    except OSError:
        raise RelayClientError("This envelope is not (or no longer) downloaded.") from None
    card = opened.metadata.sender
    if card.fingerprint_hex != item.sender:
        raise SealedFileRejected("The envelope's signer is not the sender the relay listed.")
    return card


def _add_directory_sender(ctx: Context, item: InboxItem) -> None:
    contacts = ctx.session.contacts
    fingerprint = bytes.fromhex(item.sender)
    if contacts.by_fingerprint(fingerprint) or contacts.by_previous_fingerprint(fingerprint):
        return
    try:
        entry = directory.lookup(ctx, item.sender)
    except RelayRefused:
        return
    if entry is None or not entry.org_key_ok:
        return
    if name_clashes(contacts, entry.card):
        return  # a contact's name or organisation: the user decides (app/vault/sender_check.py)
    contacts.import_card(entry.card, now=ctx.now_datetime())
