"""Duty groups as a sender and a member see them: the rosters the relay publishes, verified here,
and the members of a group who can receive a file now.

A roster (crypto/groups.py) is used only if it is signed by its organisation's key *as this vault
pinned it*: the key seen on the organisation's certified cards (app/relay_client/directory.py
pins it the first time a directory card shows it); a roster signed by another key, or older than
one this vault already verified (a relay serving yesterday's duty list), is refused.

Addressing a group takes the members on duty at that moment and checks each like any other
recipient: a valid card in the relay directory (which lists only certified, unrevoked,
unexpired members), certified by the group's organisation with its pinned key. A member who
fails is *reported* with the reason, never silently dropped; if none can receive, nothing is
sealed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.records import now_text
from app.relay_client import directory
from app.relay_client.context import Context
from app.relay_client.errors import RelayClientError, RelayRefused
from app.vault.contacts import fold
from app.vault.message_groups import UnusableMember
from crypto.groups import Roster, RosterError, SignedRoster, on_duty, roster_from_json
from crypto.identity import IdentityCard

_ID = re.compile(r"[0-9a-f]{32}")


class GroupRefused(RelayClientError):
    """A duty group cannot be used: unknown, badly signed, rolled back, or nobody can receive."""


@dataclass(frozen=True)
class DutyGroup:
    signed: SignedRoster
    member: bool  # the vault's holder is on its roster

    @property
    def roster(self) -> Roster:
        return self.signed.roster

    @property
    def group_id(self) -> str:
        return self.roster.group_id

    def on_duty(self, at: datetime) -> tuple[str, ...]:
        """The members on duty at `at` (fingerprints, sorted)."""
        return on_duty(self.roster, at)


@dataclass(frozen=True)
class GroupAddress:
    """Who a file to `group` goes to at `at`: the usable members' cards, and the others."""

    group: DutyGroup
    at: datetime
    cards: tuple[IdentityCard, ...]
    unusable: tuple[UnusableMember, ...]


def _org_key(ctx: Context, organisation: str) -> bytes | None:
    pinned = ctx.state.org_key(organisation)
    if pinned is None:
        directory.find(ctx)  # pins the key of every organisation whose certified cards it shows
        pinned = ctx.state.org_key(organisation)
    return pinned


def verify(ctx: Context, value: Any) -> DutyGroup:
    """A roster from the relay, checked: form and signature, the organisation's pinned key, no
    rollback below a version this vault verified. Records the version it accepts."""
    try:
        signed = roster_from_json(value)
    except RosterError as exc:
        raise GroupRefused(f"A duty roster from the relay was refused: {exc}") from None
    roster = signed.roster
    pinned = _org_key(ctx, roster.organisation)
    if pinned is None:
        raise GroupRefused("A duty roster names an organisation whose key this vault has not "
                           "seen on any certified card; it was refused.")
    if pinned != roster.organisation_key:
        raise GroupRefused("A duty roster is signed by another key than the one pinned for its "
                           "organisation; it was refused.")
    _check_version(ctx, roster)
    own = ctx.session.identity.card.fingerprint_hex
    return DutyGroup(signed, roster.member(own) is not None)


def _check_version(ctx: Context, roster: Roster) -> None:
    db = ctx.session.store.db
    with db.transaction():
        seen = db.scalar("SELECT version FROM relay_group_versions WHERE group_id = ?",
                         (roster.group_id,))
        if seen is not None and roster.version < int(seen):
            raise GroupRefused("The relay served an older duty roster than one this vault "
                               "already verified for this group; it was refused.")
        db.execute("INSERT INTO relay_group_versions (group_id, version, seen_at) "
                   "VALUES (?, ?, ?) ON CONFLICT (group_id) DO UPDATE SET "
                   "version = excluded.version, seen_at = excluded.seen_at "
                   "WHERE excluded.version > relay_group_versions.version",
                   (roster.group_id, roster.version, now_text()))


def list_groups(ctx: Context) -> list[DutyGroup]:
    """The groups this vault can address or belongs to (its organisation's and linked ones'),
    sorted by organisation and name. A roster that fails the checks is left out, like a bad
    directory card."""
    answer = ctx.transport().call("GET", "/v1/groups")
    values = answer.get("groups") if isinstance(answer, dict) else None
    found = []
    for entry in values if isinstance(values, list) else []:
        try:
            found.append(verify(ctx, entry.get("roster") if isinstance(entry, dict) else None))
        except GroupRefused:
            continue
    return sorted(found, key=lambda g: (fold(g.roster.organisation), fold(g.roster.name)))


def fetch(ctx: Context, group_id: str) -> DutyGroup:
    """One group by id; outside our partition it is unknown, exactly as on the relay."""
    if not _ID.fullmatch(group_id):
        raise GroupRefused("A group id is 32 hexadecimal digits.")
    try:
        answer = ctx.transport().call("GET", f"/v1/groups/{group_id}")
    except RelayRefused as exc:
        if exc.code == "not_found":
            raise GroupRefused("No such group in your relay directory.") from None
        raise
    group = verify(ctx, answer.get("roster") if isinstance(answer, dict) else None)
    if group.group_id != group_id:
        raise GroupRefused("The relay answered with another group's roster.")
    return group


def find(ctx: Context, text: str) -> DutyGroup:
    """A group by its id, or by its name (accents and case ignored; the whole name, or a part
    that only one group's name holds)."""
    text = text.strip()
    if _ID.fullmatch(text):
        return fetch(ctx, text)
    wanted = fold(text)
    if not wanted:
        raise GroupRefused("Name the group to address (its name or its id).")
    groups = list_groups(ctx)
    exact = [g for g in groups if fold(g.roster.name) == wanted]
    matches = exact or [g for g in groups if wanted in fold(g.roster.name)]
    if not matches:
        raise GroupRefused("No group of your relay directory has this name.")
    if len(matches) > 1:
        raise GroupRefused(f"{len(matches)} groups match this name; give the group's id "
                           "(scelle relay groups lists them).")
    return matches[0]


def address(ctx: Context, group: DutyGroup, at: datetime | None = None) -> GroupAddress:
    """The members on duty at `at` (now by default), each checked like any other recipient."""
    moment = at or ctx.now_datetime()
    roster = group.roster
    own = ctx.session.identity.card.fingerprint_hex
    duty = [fp for fp in on_duty(roster, moment) if fp != own]
    if not duty:
        raise GroupRefused("Nobody of this group is on duty now; nothing was sealed.")
    cards, unusable = [], []
    for fingerprint in duty:
        card, reason = _member_card(ctx, roster, fingerprint)
        if card is not None:
            cards.append(card)
        else:
            unusable.append(UnusableMember(fingerprint, _contact_name(ctx, fingerprint), reason))
    if not cards:
        reasons = "; ".join(sorted({u.reason for u in unusable}))
        raise GroupRefused(f"No member on duty in this group can receive it ({reasons}); "
                           "nothing was sealed.")
    return GroupAddress(group, moment, tuple(cards), tuple(unusable))


def _member_card(ctx: Context, roster: Roster, fingerprint: str
                 ) -> tuple[IdentityCard | None, str]:
    entry = directory.lookup(ctx, fingerprint)
    if entry is None:
        return None, "no valid certified card in the directory (revoked, expired or unknown)"
    if not entry.org_key_ok:
        return None, "card certified by another key than its organisation's pinned key"
    if entry.organisation != roster.organisation or \
            entry.card.certified_by(roster.organisation_key) is None:
        return None, "card not certified by the group's organisation"
    return entry.card, ""


def _contact_name(ctx: Context, fingerprint: str) -> str | None:
    contact = ctx.session.contacts.by_fingerprint(bytes.fromhex(fingerprint))
    return contact.name if contact is not None else None
