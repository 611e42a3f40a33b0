"""Forward secrecy for relayed files: the holder's prekeys, and the recipients' (issue 13).

Own prekeys (crypto/prekeys.py, docs/format.md §9), at each sync (`refresh`), after the inbox
was listed and received:
  - the next prekey is made a day before the current one's rotation (or at once if none is in
    use), kept in the vault (schema 9) and published to the relay, which checks its signature
    against the certified card; the previous one stays usable until its end (the overlap);
  - a prekey's secret is destroyed once its end of use plus the relay's longest availability
    (30 days) has passed AND no envelope deposited since it came into use waits in the inbox:
    every envelope sealed for it that the relay still had has then been received into the vault
    (re-encrypted under the vault's keys) or refused. Its seed is overwritten in memory, set to
    NULL in the database (secure_delete), the WAL checkpointed and truncated, `prekey.destroy`
    audited (no key material). From then on neither the identity file nor the vault opens a
    copy of those envelopes kept by the relay or a network observer.

Sending (`choose`): each recipient's current prekey is fetched from the relay and verified
against the recipient's card held by the vault (signature, owner, in use); the message is
sealed for it. A recipient without a valid prekey (an older client, or none published) gets
the long-term key, and `PrekeyUse.long_term` says who. A correspondent's last verified prekey is
kept, so a message sealed while the relay is out of reach still uses it. Classic keys (`classic`
or a recipient without a post-quantum key) cannot be mixed with prekeys: all long-term then.
An outbox item is not uploaded after the end of use of a prekey it was sealed for
(`require_usable`): its recipient may already be destroying that prekey's secret.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from app.relay_client import prekey_rows as rows
from app.relay_client.context import HEX64, Context, field_of
from app.relay_client.errors import RelayClientError, RelayProtocolError, RelayRefused, \
    RelayUnreachable
from app.relay_client.prekey_rows import OwnPrekey, PrekeyUse
from app.relay_client.state import OutboxItem
from crypto.identity import CLOCK_SKEW, IdentityCard
from crypto.prekey_ring import PrekeyRing
from crypto.prekeys import Prekey, PrekeyError, new_prekey, prekey_for
from crypto.sealed.codec import canonical_json

ROTATION_LEAD = timedelta(days=1)
LONGEST_AVAILABILITY = timedelta(days=30)  # the relay protocol's maximum availability_days
WAITING = ("listed", "downloaded", "receiving", "held")


class PrekeyExpired(RelayClientError):
    """An outbox item sealed for a prekey past its end of use: it must be sealed again."""


@dataclass(frozen=True)
class PrekeyState:
    """For `scelle relay status` and the relay panel."""

    current: Prekey | None  # the newest own prekey in use
    published: bool
    held: int  # prekeys whose secret is still in the vault
    destroyed: int


@dataclass(frozen=True)
class Choice:
    prekeys: tuple[Prekey, ...]
    use: PrekeyUse


# -- own prekeys --------------------------------------------------------------------------------
def refresh(ctx: Context) -> list[str]:
    """The sync step: rotate, publish, destroy. Returns one-line problems (no names)."""
    problems: list[str] = []
    if ctx.state.require_account().status != "certified":
        return problems  # the relay takes prekeys from certified members only
    own = rows.own(ctx.session.store.db)
    if _rotation_due(own, ctx):
        make_next(ctx)
        own = rows.own(ctx.session.store.db)
    for item in own:
        if not item.published and item.destroyed_at is None and \
                item.prekey.until > ctx.now_datetime():
            problem = _publish(ctx, item.prekey)
            if problem:
                problems.append(problem)
    destroy_spent(ctx)
    return problems


def _rotation_due(own: Sequence[OwnPrekey], ctx: Context) -> bool:
    soon = ctx.now_datetime() + ROTATION_LEAD
    return not any(p.destroyed_at is None and p.prekey.rotate_after > soon
                   and p.prekey.usable_at(ctx.now_datetime()) for p in own)


def make_next(ctx: Context) -> Prekey:
    session = ctx.session
    secret = new_prekey(session.identity, ctx.now_datetime())
    try:
        with session.store.db.transaction():
            rows.add_own(session.store.db, secret)
            session.audit.record("prekey.create")
    finally:
        secret.wipe()
    return secret.prekey


def _publish(ctx: Context, prekey: Prekey) -> str | None:
    """Publish one prekey; a refusal is reported (the next sync tries again), not raised: it
    must not stop the rest of the sync."""
    try:
        ctx.transport().call("POST", "/v1/prekeys",
                             json_body={"prekey": json.loads(prekey.to_bytes())})
    except RelayRefused as exc:
        if exc.code in ("not_found", "method_not_allowed"):
            return ("prekey: this relay does not take prekeys (an older relay); files relayed "
                    "to you are sealed for your long-term key.")
        return f"prekey: {exc}"
    except RelayProtocolError as exc:
        return f"prekey: {exc}"
    rows.mark_published(ctx.session.store.db, prekey.prekey_id)
    return None


def destroy_spent(ctx: Context) -> int:
    """Destroy the secrets no envelope can need any more (see the module doc); how many."""
    now = ctx.now_datetime()
    waiting = ctx.state.inbox(WAITING)
    session = ctx.session
    db = session.store.db
    spent = []
    for secret in rows.held_secrets(db):
        prekey = secret.prekey
        start = int((prekey.valid_from - CLOCK_SKEW).timestamp())
        if now >= prekey.until + LONGEST_AVAILABILITY + CLOCK_SKEW and \
                not any(item.deposited >= start for item in waiting):
            spent.append(secret)
        else:
            secret.wipe()
    if not spent:
        return 0
    with db.transaction():
        for secret in spent:
            secret.wipe()
            rows.destroy_secret(db, secret.prekey.prekey_id)
            session.audit.record("prekey.destroy")
    db.checkpoint()  # no page image holding a destroyed secret stays in the WAL file
    return len(spent)


@contextlib.contextmanager
def opening_ring(ctx: Context) -> Iterator[PrekeyRing]:
    """The keys a relayed envelope is opened with; the seeds read for it are wiped after."""
    secrets = rows.held_secrets(ctx.session.store.db)
    try:
        yield PrekeyRing(ctx.session.identity, secrets)
    finally:
        for secret in secrets:
            secret.wipe()


def state(ctx: Context) -> PrekeyState:
    own = rows.own(ctx.session.store.db)
    now = ctx.now_datetime()
    current = next((p for p in own if p.destroyed_at is None and p.prekey.usable_at(now)), None)
    return PrekeyState(current.prekey if current else None,
                       bool(current and current.published), len(own),
                       rows.destroyed_count(ctx.session.store.db))


# -- recipients' prekeys ------------------------------------------------------------------------
def choose_for(ctx: Context, contact_ids: Sequence[int], *, allow_unverified: bool,
               classic: bool) -> Choice:
    """`choose` for contacts (each checked as sealing checks it: verified, card valid)."""
    contacts = ctx.session.contacts
    cards = [contacts.sendable_card(c, allow_unverified=allow_unverified,
                                    now=ctx.now_datetime()) for c in dict.fromkeys(contact_ids)]
    return choose(ctx, cards, classic)


def choose(ctx: Context, cards: Sequence[IdentityCard], classic: bool) -> Choice:
    """The prekeys to seal a relayed message for; the recipients left with the long-term key."""
    everyone = tuple(sorted(c.fingerprint_hex for c in cards))
    if classic or not cards or not all(c.has_hybrid for c in cards):
        return Choice((), PrekeyUse({}, everyone))
    found = _current(ctx, cards)
    prekeys = tuple(found[c.fingerprint_hex] for c in cards if c.fingerprint_hex in found)
    until = min((int(p.until.timestamp()) for p in prekeys), default=None)
    return Choice(prekeys, PrekeyUse({p.owner: p.prekey_id for p in prekeys},
                                     tuple(f for f in everyone if f not in found), until))


def _current(ctx: Context, cards: Sequence[IdentityCard]) -> dict[str, Prekey]:
    now = ctx.now_datetime()
    db = ctx.session.store.db
    by_fp = {c.fingerprint_hex: c for c in cards}
    fetched: dict[str, Any] = {}
    try:
        query = "&".join(f"fingerprint={fp}" for fp in sorted(by_fp))
        answer = ctx.transport().call("GET", f"/v1/prekeys?{query}")
        fetched = _entries(answer)
    except (RelayUnreachable, RelayRefused, RelayProtocolError):
        # Sealed offline, or a relay without prekeys (older) or answering badly: the
        # correspondents' last verified prekeys if still in use, else the long-term keys.
        pass
    found: dict[str, Prekey] = {}
    with db.transaction():  # one commit for the cache, not one per recipient
        for fp, card in by_fp.items():
            for data in (fetched.get(fp), rows.peer(db, fp)):
                prekey = _verified(card, data, now)
                if prekey is not None:
                    found[fp] = prekey
                    rows.save_peer(db, prekey, ctx.now())
                    break
    return found


def _entries(answer: Any) -> dict[str, bytes]:
    listed = answer.get("prekeys") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise RelayProtocolError("The relay's prekey answer is malformed.")
    entries = {}
    for value in listed:
        fingerprint = field_of(value, "fingerprint", str, HEX64)
        try:
            entries[fingerprint] = canonical_json(value.get("prekey"))
        except (TypeError, ValueError):
            continue  # not even JSON we can write back: as if absent
    return entries


def _verified(card: IdentityCard, data: bytes | None, now: Any) -> Prekey | None:
    """A prekey from the relay or the cache, only if its owner signed it and it is in use."""
    if data is None:
        return None
    try:
        return prekey_for(card, data, now)
    except PrekeyError:
        return None  # refused: the recipient is sealed for with the long-term key, and told


def record(ctx: Context, item: OutboxItem, choice: Choice) -> None:
    rows.record_use(ctx.session.store.db, item.id, choice.use)


def use_of(ctx: Context, item: OutboxItem) -> PrekeyUse | None:
    return rows.use_of(ctx.session.store.db, item.id)


def require_usable(ctx: Context, item: OutboxItem) -> None:
    """Refuse (and mark failed) an item whose prekeys ended before it could be uploaded."""
    use = use_of(ctx, item)
    if use is None or use.usable_until is None or ctx.now() <= use.usable_until:
        return
    message = ("This message waited in the outbox past the end of use of a recipient's "
               "prekey it was sealed for; seal it again.")
    ctx.state.update_outbox(item.id, state="failed", last_error=message)
    raise PrekeyExpired(message)
