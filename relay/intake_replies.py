"""Replies to intake requests (docs/format.md §12.3, docs/relay.md "Intake").

A recipient of an intake envelope posts a reply (an age file for the requester's one-time reply
key, which the relay never sees), with a signed member request; it is kept REPLY_DAYS days
under `DATA/intake-replies/`. The requester, with no account, fetches it with the *locator*
derived from their reply code: the relay keeps only the deposit's `reply_lookup` =
SHA-256(locator), so a copy of its database cannot fetch anything. An unknown locator answers
an empty list, and another locator's reply `not_found`: nothing tells whether a locator exists.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from anyio import CancelScope

from relay import errors, intake_errors
from relay.auth import Principal
from relay.config import MiB
from relay.context import Relay
from relay.db import envelopes as db
from relay.db import housekeeping
from relay.db import intake as rows
from relay.db.envelopes import COMMITTED
from relay.envelopes import DAY, not_found
from relay.intake_body import stream_into
from relay.logs import log_event

MAX_REPLY_BYTES = 25 * MiB
REPLY_DAYS = 30
ORPHAN_GRACE = 3600  # seconds: a reply being written owns its file before its row
_ID = re.compile(r"[0-9a-f]{32}")
_LOCATOR = re.compile(r"[0-9a-f]{32}")


def folder(relay: Relay) -> Path:
    return relay.config.data_dir / "intake-replies"


def path_of(relay: Relay, reply_id: str) -> Path:
    assert _ID.fullmatch(reply_id)
    return folder(relay) / reply_id[:2] / reply_id


def admit(relay: Relay, principal: Principal, envelope_id: str, length: int | None) -> str:
    """Blocking. The reply lookup of an available intake envelope addressed to the member;
    `not_found` for any other envelope, whatever it is."""
    if not _ID.fullmatch(envelope_id):
        raise not_found()
    with relay.db.transaction() as tx:
        env = db.envelope(tx, envelope_id)
        mine = db.addressee(tx, envelope_id, principal.fingerprint)
        deposit = rows.deposit(tx, envelope_id)
    if env is None or env.state != COMMITTED or env.expires <= relay.now() or mine is None \
            or deposit is None:
        raise not_found()
    if deposit.reply_lookup is None:
        raise intake_errors.ReplyNotRequested("The requester asked for no reply.")
    if length is None:
        raise intake_errors.LengthRequired("A reply needs a Content-Length.")
    if length > MAX_REPLY_BYTES:
        raise errors.BodyTooLarge(f"A reply holds at most {MAX_REPLY_BYTES} bytes.")
    return deposit.reply_lookup


class _ReplyFile:
    """The reply's file, created exclusively, and the SHA-256 of what went in."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.committed = False
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)

    def write(self, data: bytes) -> None:
        self.sha256.update(data)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]
        self.size += len(data)

    def complete(self) -> None:
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = -1
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def discard(self) -> None:
        if self.committed:
            return
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        self.path.unlink(missing_ok=True)


async def receive(relay: Relay, principal: Principal, envelope_id: str, lookup: str,
                  length: int, stream: AsyncIterator[bytes]) -> dict[str, Any]:
    """Stream the reply to disk, check it against the signed Content-Digest, keep it."""
    reply_id = secrets.token_hex(16)
    reply = await relay.run(_ReplyFile, path_of(relay, reply_id))
    try:
        await stream_into(relay, reply.write, length, stream)
        if reply.sha256.digest() != principal.request.content_sha256:
            raise errors.SignatureError("The reply does not match its signed Content-Digest.",
                                        "digest_mismatch", 400)
        return await relay.run(_store, relay, principal, envelope_id, lookup, reply_id, reply)
    except BaseException:
        with CancelScope(shield=True):
            await relay.run(reply.discard)
        raise


def _store(relay: Relay, principal: Principal, envelope_id: str, lookup: str, reply_id: str,
           reply: _ReplyFile) -> dict[str, Any]:
    reply.complete()
    now = relay.now()
    expires = now + REPLY_DAYS * DAY
    with relay.db.transaction() as tx:
        rows.add_reply(tx, rows.IntakeReply(reply_id, lookup, now, reply.size, expires))
        housekeeping.audit(tx, now, principal.fingerprint, "intake.replied", envelope_id,
                           f"reply={reply_id} size={reply.size}")
    reply.committed = True
    relay.db.sync()
    log_event("intake.replied", envelope=envelope_id, reply=reply_id, size=reply.size)
    return {"reply_id": reply_id, "posted": now, "expires": expires}


def lookup_of(locator: str | None) -> str:
    """The kept hash of a locator given in the `Scelle-Reply-Locator` header."""
    if locator is None or not _LOCATOR.fullmatch(locator):
        raise errors.InvalidRequest("The Scelle-Reply-Locator header must hold 32 lowercase "
                                    "hexadecimal digits.", fields=["header.scelle-reply-locator"])
    return hashlib.sha256(bytes.fromhex(locator)).hexdigest()


def listing(relay: Relay, locator: str | None) -> list[dict[str, Any]]:
    lookup = lookup_of(locator)
    with relay.db.transaction() as tx:
        found = rows.replies(tx, lookup, relay.now())
    return [{"id": r.id, "posted": r.posted, "size": r.size} for r in found]


def reply_of(relay: Relay, locator: str | None, reply_id: str) -> rows.IntakeReply:
    """Blocking. The reply if the locator is its own and it is still kept; else not_found."""
    lookup = lookup_of(locator)
    found = None
    if _ID.fullmatch(reply_id):
        with relay.db.transaction() as tx:
            found = rows.reply(tx, reply_id)
    if found is None or found.expires <= relay.now() or \
            not hmac.compare_digest(found.lookup, lookup):
        raise errors.NotFound("No such reply.")
    return found


def sweep(relay: Relay) -> int:
    """Blocking. Remove replies past their keeping (bytes, then row) and files no row claims
    (a relay stopped between writing a reply and recording it)."""
    removed = 0
    with relay.db.transaction() as tx:
        expired = rows.expired_replies(tx, relay.now())
    for reply_id in expired:
        path_of(relay, reply_id).unlink(missing_ok=True)
        with relay.db.transaction() as tx:
            rows.delete_reply(tx, reply_id)
        removed += 1
    return removed + _orphans(relay)


def _orphans(relay: Relay) -> int:
    root = folder(relay)
    if not root.is_dir():
        return 0
    on_disk = {p.name: p for shard in root.iterdir() if shard.is_dir()
               for p in shard.iterdir() if _ID.fullmatch(p.name)}
    if not on_disk:
        return 0
    with relay.db.transaction() as tx:
        known = rows.reply_ids(tx)
    count = 0
    for name, path in on_disk.items():
        try:
            old = time.time() - path.stat().st_mtime > ORPHAN_GRACE  # files age in real time
        except OSError:
            continue
        if name not in known and old:
            path.unlink(missing_ok=True)
            count += 1
    return count
