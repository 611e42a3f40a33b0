"""An organisation's admin keeping its duty groups: create a group, rename it, add and remove
members, set their duty windows; each change is a new roster version signed with the
organisation key (an `OrgSigner`: in the admin's vault or on a token, app/org/) and published on
the relay, which keeps only a newer version than the one it holds.

The current roster is always the relay's, verified like any reader verifies it (the pinned
organisation key, no rollback: app/relay_client/groups.py), so two admins working on one group
never silently undo each other: the second publication of the same next version is refused
(`roster_outdated`) and the change is made again on the newer roster.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from app.relay_client import directory
from app.relay_client.context import Context
from app.relay_client.errors import RelayRefused
from app.relay_client.groups import DutyGroup, GroupRefused, find, list_groups, verify
from app.vault.session import VaultSession
from app.text_rules import text_problem
from crypto.groups import MAX_NAME, DutyWindow, Roster, RosterError, RosterMember, \
    new_group_id, sign_roster
from crypto.org_signer import OrgSigner
from crypto.sealed.codec import parse_time

_HEX64 = re.compile(r"[0-9a-f]{64}")


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME:
        raise GroupRefused(f"A group's name is 1 to {MAX_NAME} characters.")
    if text_problem(name) is not None:
        raise GroupRefused("A group's name may not hold control or invisible characters.")
    return name


def fingerprint(text: str) -> str:
    """A member's fingerprint as typed (spaces and case ignored)."""
    value = "".join(text.split()).lower()
    if not _HEX64.fullmatch(value):
        raise GroupRefused("A fingerprint is 64 hexadecimal digits.")
    return value


def window(start: str, end: str) -> DutyWindow:
    """A duty window from two UTC times like 2026-12-07T08:00:00Z (end excluded)."""
    try:
        made = DutyWindow(parse_time(start.strip()), parse_time(end.strip()))
    except ValueError:
        raise GroupRefused("A duty window's times are UTC, like 2026-12-07T08:00:00Z.") from None
    if made.end <= made.start:
        raise GroupRefused("A duty window must end after it starts.")
    return made


def window_between(start: datetime, end: datetime) -> DutyWindow:
    """A duty window between two moments (the GUI's); seconds and below are dropped."""
    made = DutyWindow(start.astimezone(UTC).replace(microsecond=0),
                      end.astimezone(UTC).replace(microsecond=0))
    if made.end <= made.start:
        raise GroupRefused("A duty window must end after it starts.")
    return made


def publish(ctx: Context, signer: OrgSigner, roster: Roster) -> DutyGroup:
    """Sign `roster` and publish it; the relay's copy is verified back."""
    try:
        signed = sign_roster(roster, signer)
    except RosterError as exc:
        raise GroupRefused(f"This roster cannot be signed: {exc}") from None
    try:
        answer = ctx.transport().call("PUT", f"/v1/groups/{roster.group_id}",
                                      json_body={"roster": signed.to_json()})
    except RelayRefused as exc:
        if exc.code in ("invalid_roster", "roster_outdated"):
            raise GroupRefused(str(exc)) from None  # "The relay refused: … (code)"
        raise
    return verify(ctx, answer.get("roster") if isinstance(answer, dict) else None)


def create(ctx: Context, signer: OrgSigner, name: str,
           members: Sequence[str] = ()) -> DutyGroup:
    """A new group of the admin's organisation (the one the vault's relay account is in)."""
    account = ctx.state.require_account()
    prints = sorted({fingerprint(m) for m in members})
    roster = Roster(group_id=new_group_id(), organisation=account.organisation,
                    organisation_key=signer.public_key_raw(), name=_name(name), version=1,
                    issued=ctx.now_datetime(), members=tuple(RosterMember(p) for p in prints))
    return publish(ctx, signer, roster)


def change(ctx: Context, signer: OrgSigner, group_text: str,
           edit: Callable[[Roster], Roster]) -> DutyGroup:
    """The next version of a group of the admin's organisation, as `edit` makes it."""
    group = find(ctx, group_text)
    current = group.roster
    if current.organisation_key != signer.public_key_raw():
        raise GroupRefused("This group belongs to another organisation than the key you "
                           "sign with.")
    edited = edit(current)
    return publish(ctx, signer, replace(edited, version=current.version + 1,
                                        issued=max(ctx.now_datetime(), current.issued)))


def rename(name: str) -> Callable[[Roster], Roster]:
    return lambda roster: replace(roster, name=_name(name))


def add_member(text: str) -> Callable[[Roster], Roster]:
    wanted = fingerprint(text)

    def edit(roster: Roster) -> Roster:
        if roster.member(wanted) is not None:
            raise GroupRefused("This member is already in the group.")
        members = sorted([*roster.members, RosterMember(wanted)], key=lambda m: m.fingerprint)
        return replace(roster, members=tuple(members))
    return edit


def remove_member(text: str) -> Callable[[Roster], Roster]:
    wanted = fingerprint(text)

    def edit(roster: Roster) -> Roster:
        if roster.member(wanted) is None:
            raise GroupRefused("This fingerprint is not a member of the group.")
        return replace(roster, members=tuple(m for m in roster.members
                                             if m.fingerprint != wanted))
    return edit


def set_windows(text: str, windows: Sequence[DutyWindow], *,
                keep_from: datetime | None = None) -> Callable[[Roster], Roster]:
    """Replace a member's duty windows (none: always on duty); with `keep_from`, the member's
    windows still running or to come at that moment are kept and `windows` added to them."""
    wanted = fingerprint(text)

    def edit(roster: Roster) -> Roster:
        member = roster.member(wanted)
        if member is None:
            raise GroupRefused("This fingerprint is not a member of the group.")
        kept = [w for w in member.windows if keep_from is not None and w.end > keep_from]
        merged = sorted([*kept, *windows], key=lambda w: w.start)
        if any(b.start < a.end for a, b in zip(merged, merged[1:])):
            raise GroupRefused("These duty windows overlap; each must end before the next "
                               "starts.")
        updated = RosterMember(wanted, tuple(merged))
        return replace(roster, members=tuple(updated if m.fingerprint == wanted else m
                                             for m in roster.members))
    return edit


class GroupAdmin:
    """The faces' entry point: one vault's relay connection and the organisation's signer."""

    def __init__(self, session: VaultSession, signer: OrgSigner, *,
                 clock: Callable[[], float] = time.time) -> None:
        self._ctx = Context(session, clock)
        self._signer = signer

    def close(self) -> None:
        self._ctx.close()

    def groups(self) -> list[DutyGroup]:
        """The groups of the organisation this key signs for."""
        key = self._signer.public_key_raw()
        return [g for g in list_groups(self._ctx) if g.roster.organisation_key == key]

    def names(self) -> dict[str, str]:
        """Fingerprint -> name on the certified directory cards (to show rosters)."""
        return {e.fingerprint: e.card.name for e in directory.find(self._ctx)} | {
            self._ctx.session.identity.card.fingerprint_hex:
                self._ctx.session.identity.card.name}

    def create(self, name: str, members: Sequence[str] = ()) -> DutyGroup:
        return create(self._ctx, self._signer, name, members)

    def change(self, group_text: str, edit: Callable[[Roster], Roster]) -> DutyGroup:
        return change(self._ctx, self._signer, group_text, edit)
