"""Duty groups on the relay: publishing an organisation's signed rosters, showing them under the
partition rules of cards, and checking the group an envelope is addressed to.

A roster is accepted from a certified member of its organisation when it is signed by that
organisation's certification key (the one `organisations.certification_key` holds: the relay
checks, it never signs), names that organisation, lists only certified members of it, and has
a higher version than the one published (no rollback). The relay stores it verbatim; every
reader checks the signature again with the organisation key it pinned (crypto/groups.py).

Visibility follows relay/membership.py: a member sees the rosters of its own organisation and
of linked ones; a group outside that partition answers exactly like a group that does not
exist.
"""

from __future__ import annotations

import json
import re

from crypto.groups import MAX_ROSTER_BYTES, RosterError, SignedRoster, roster_from_json
from crypto.sealed.codec import canonical_json
from relay import errors
from relay.auth import Principal
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db import groups as db
from relay.db.base import Tx
from relay.db.directory import Organisation
from relay.logs import log_event

_ID = re.compile(r"[0-9a-f]{32}")


def no_such_group() -> errors.RelayError:
    return errors.NotFound("No such group.")


def _parse(value: object) -> SignedRoster:
    try:
        data = canonical_json(value)
    except ValueError:
        raise errors.InvalidRoster("The duty roster is not valid JSON of the expected form.") \
            from None
    if len(data) > MAX_ROSTER_BYTES:
        raise errors.InvalidRoster("The duty roster is larger than allowed.")
    try:
        return roster_from_json(value)
    except RosterError as exc:
        raise errors.InvalidRoster(str(exc)) from None


def _check_signed_by_org(signed: SignedRoster, org: Organisation | None, group_id: str) -> None:
    roster = signed.roster
    if roster.group_id != group_id:
        raise errors.InvalidRoster("The duty roster names another group than the one addressed.")
    if org is None or roster.organisation != org.name or \
            roster.organisation_key != org.certification_key:
        raise errors.InvalidRoster("The duty roster is not signed by your organisation's "
                                   "certification key.")


def _check_members(relay: Relay, tx: Tx, signed: SignedRoster, org_id: str) -> None:
    wanted = [m.fingerprint for m in signed.roster.members]
    known = directory.visible_among(tx, {org_id}, relay.now(), wanted)
    if len(known) != len(wanted):
        raise errors.InvalidRoster("A member of the duty roster is not a certified member of "
                                   "your organisation.")


def publish(relay: Relay, principal: Principal, group_id: str, value: object) -> dict[str, object]:
    """Blocking. Check and keep a new version of one of the principal's organisation's
    rosters; the stored entry as `view` shows it."""
    if not _ID.fullmatch(group_id):
        raise no_such_group()
    signed = _parse(value)
    now = relay.now()
    if signed.roster.issued.timestamp() > now + relay.limits.clock_skew:
        raise errors.InvalidRoster("The duty roster is dated in the future.")
    org_id = principal.member.org_id
    stored = db.StoredRoster(group_id, org_id, signed.roster.version, signed.to_bytes(), now,
                             principal.fingerprint)
    with relay.db.transaction() as tx:
        _check_signed_by_org(signed, directory.org_by_id(tx, org_id), group_id)
        _check_members(relay, tx, signed, org_id)
        if not db.put_roster(tx, stored):
            _refuse_existing(db.roster(tx, group_id), org_id)
        housekeeping.audit(tx, now, principal.fingerprint, "group.published", group_id,
                           f"org={org_id} version={stored.version} "
                           f"members={len(signed.roster.members)}")
    relay.db.sync()
    log_event("group.published", group=group_id, org=org_id, version=stored.version)
    return view(stored, signed.roster.organisation)


def _refuse_existing(existing: db.StoredRoster | None, org_id: str) -> None:
    if existing is not None and existing.org_id != org_id:
        # A random 128-bit id taken by another organisation: refused without saying whose.
        raise errors.InvalidRoster("This group id is not available; create the group under a "
                                   "new id.")
    version = existing.version if existing is not None else 0
    raise errors.RosterOutdated("A roster of this version or a newer one is already published "
                                "for this group.", published_version=version)


def view(stored: db.StoredRoster, organisation: str) -> dict[str, object]:
    return {"group_id": stored.group_id, "organisation": organisation,
            "version": stored.version, "published": stored.published,
            "roster": json.loads(stored.roster)}


def _names(tx: Tx) -> dict[str, str]:
    return {o.id: o.name for o in directory.list_orgs(tx)}


def listing(relay: Relay, principal: Principal) -> list[dict[str, object]]:
    """Blocking. The rosters of the principal's partition."""
    with relay.db.transaction() as tx:
        orgs = directory.partition(tx, principal.member.org_id)
        names = _names(tx)
        return [view(r, names.get(r.org_id, "")) for r in db.rosters_of(tx, orgs)]


def visible_roster(tx: Tx, principal: Principal, group_id: str) -> db.StoredRoster | None:
    """The roster if the principal may see it; None for an unknown group and for a group outside
    the partition alike."""
    if not _ID.fullmatch(group_id):
        return None
    stored = db.roster(tx, group_id)
    if stored is None or stored.org_id not in directory.partition(tx, principal.member.org_id):
        return None
    return stored


def show(relay: Relay, principal: Principal, group_id: str) -> dict[str, object]:
    with relay.db.transaction() as tx:
        stored = visible_roster(tx, principal, group_id)
        if stored is None:
            raise no_such_group()
        return view(stored, _names(tx).get(stored.org_id, ""))


def check_deposit_group(tx: Tx, principal: Principal, group_id: str,
                        recipients: list[str]) -> None:
    """An envelope addressed to a group: the group is in the sender's partition and every
    recipient is on its roster (the relay's check; the sender's client chose who is on duty)."""
    stored = visible_roster(tx, principal, group_id)
    if stored is None:
        raise errors.UnknownGroup("This group is not in your directory.")
    members = {m["fingerprint"] for m in json.loads(stored.roster)["roster"]["members"]}
    if not set(recipients) <= members:
        raise errors.InvalidRequest("A recipient is not a member of the group.")
