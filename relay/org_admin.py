"""Organisation administration over HTTP, for the organisation's own admin (relay/org_auth.py
authenticated the request with the organisation key): its record, invitations, its members and
their state, certification of a pending card (certified by the admin's own key, checked here),
revocation with a reason, its audit trail. Blocking functions (run off the event loop).

A fingerprint that is not a member of the requesting organisation, whether unknown or a member
of another one, answers `unknown_member` alike: one organisation learns nothing of another's.
"""

from __future__ import annotations

import json
from typing import Any

from crypto.identity import CardError, IdentityCard, parse_card
from crypto.org_admin import REVOCATION_REASONS
from crypto.sealed.codec import canonical_json
from relay import admin, errors
from relay.auth import stored_card
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db import org_admin as rows
from relay.db.directory import CERTIFIED, REVOKED, Member
from relay.logs import log_event
from relay.org_auth import OrgAdmin

MAX_AUDIT = 1000


def org_record(relay: Relay, who: OrgAdmin) -> dict[str, Any]:
    with relay.db.transaction() as tx:
        linked = sorted(o for o in directory.partition(tx, who.org.id) if o != who.org.id)
        names = {o.id: o.name for o in directory.list_orgs(tx)}
    return {"id": who.org.id, "name": who.org.name, "created": who.org.created,
            "linked": [names[o] for o in linked if o in names]}


def invite(relay: Relay, who: OrgAdmin, role: str, hours: int) -> admin.Invitation:
    try:
        invitation = admin.invite(relay.db, relay.now(), who.actor, who.org.name, role, hours)
    except admin.AdminError as exc:
        raise errors.InvalidRequest(str(exc)) from None
    log_event("org.invitation", org=who.org.id)
    return invitation


def members(relay: Relay, who: OrgAdmin) -> list[dict[str, Any]]:
    with relay.db.transaction() as tx:
        found = directory.list_members(tx, who.org.id)
        revoked = rows.revocations(tx, who.org.id)
    # The list leaves the cards out (an organisation may have thousands of members): name and
    # title come from the stored card, checked when it was stored; one member's route gives it.
    return [member_view(m, revoked.get(m.fingerprint), with_card=False) for m in found]


def member(relay: Relay, who: OrgAdmin, fingerprint: str) -> dict[str, Any]:
    with relay.db.transaction() as tx:
        found = _own_member(tx, who, fingerprint)
        revoked = rows.revocations(tx, who.org.id).get(found.fingerprint)
    return member_view(found, revoked)


def member_view(m: Member, revocation: rows.Revocation | None, *,
                with_card: bool = True) -> dict[str, Any]:
    card = json.loads(m.card)
    view = {"fingerprint": m.fingerprint, "role": m.role, "status": m.status,
            "name": card.get("name", ""), "title": card.get("role", ""),
            "card_expires": m.card_expires, "created": m.created, "updated": m.updated,
            "revoked": revocation.revoked if revocation else None,
            "reason": revocation.reason if revocation else None}
    if with_card:
        view["card"] = card
    return view


def _own_member(tx: Any, who: OrgAdmin, fingerprint: str) -> Member:
    found = directory.member(tx, fingerprint) if _is_fingerprint(fingerprint) else None
    if found is None or found.org_id != who.org.id:
        raise errors.UnknownMember("No member of your organisation has this fingerprint.")
    return found


def certify(relay: Relay, who: OrgAdmin, fingerprint: str, card_json: Any) -> dict[str, Any]:
    """Store a card the admin certified: the same card as the member's (keys, names, dates),
    carrying a valid certification by this organisation's key under its name."""
    now = relay.now()
    with relay.db.transaction() as tx:
        _own_member(tx, who, fingerprint)  # another organisation's member: unknown, first
    card = _certified_card(who, card_json, now)
    with relay.db.transaction() as tx:
        current = _own_member(tx, who, fingerprint)
        if current.status == REVOKED:
            raise errors.MemberStateConflict("This card was revoked; the member must enrol a "
                                             "new identity.")
        if card.body() != stored_card(current.card).body():
            raise errors.InvalidCertification("The certified card is not this member's card.")
        directory.update_member(tx, current.fingerprint, status=CERTIFIED,
                                card=card.to_bytes(), card_expires=int(card.expires.timestamp()),
                                now=now)
        housekeeping.audit(tx, now, who.actor, "member.certified", current.fingerprint,
                           f"org={who.org.id}")
    relay.db.sync()
    log_event("org.member_certified", org=who.org.id, member=fingerprint)
    return member(relay, who, fingerprint)


def _certified_card(who: OrgAdmin, card_json: Any, now: int) -> IdentityCard:
    try:
        card = parse_card(canonical_json(card_json))  # checks every signature it carries
        card.check_valid(as_datetime(now))
    except (CardError, ValueError, TypeError) as exc:
        detail = str(exc) if isinstance(exc, CardError) else "it is not a card"
        raise errors.InvalidCertification(f"The certified card is refused: {detail}") from None
    ours = [c for c in card.certifications if c.signing_key == who.org.certification_key]
    if not ours or ours[0].organisation != who.org.name:
        raise errors.InvalidCertification("The card carries no certification by this "
                                          "organisation's key under its name.")
    return card


def revoke(relay: Relay, who: OrgAdmin, fingerprint: str, reason: str) -> dict[str, Any]:
    if reason not in REVOCATION_REASONS:
        raise errors.InvalidRequest("The revocation reason must be one of "
                                    + ", ".join(REVOCATION_REASONS) + ".")
    now = relay.now()
    with relay.db.transaction() as tx:
        current = _own_member(tx, who, fingerprint)
        if current.status == REVOKED:
            raise errors.MemberStateConflict("This member's card is already revoked.")
        directory.update_member(tx, current.fingerprint, status=REVOKED, card=current.card,
                                card_expires=current.card_expires, now=now)
        rows.add_revocation(tx, current.fingerprint, reason, now)
        housekeeping.audit(tx, now, who.actor, "member.revoked", current.fingerprint,
                           f"org={who.org.id} reason={reason}")
    relay.db.sync()
    log_event("org.member_revoked", org=who.org.id, member=fingerprint)
    return member(relay, who, fingerprint)


def audit_trail(relay: Relay, who: OrgAdmin, limit: int) -> list[dict[str, Any]]:
    with relay.db.transaction() as tx:
        entries = rows.org_audit(tx, who.org.id, who.actor, max(1, min(limit, MAX_AUDIT)))
    return [e.__dict__ for e in entries]


def _is_fingerprint(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
