"""Enrolment with an invitation code, a member's own record, and the partitioned directory.

Cloisonnement: a member sees certified cards of its own organisation and of organisations linked
to it, and nothing else. A lookup outside that partition answers exactly like a lookup of a
fingerprint that does not exist: an empty list.
"""

from __future__ import annotations

import hashlib
import json

from crypto.identity import IdentityCard
from relay import errors
from relay.auth import Enrolment, Principal, stored_card
from relay.clock import as_datetime
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db.directory import PENDING, Member
from relay.logs import log_event
from relay.models import DirectoryEntry, MemberView


def invitation_hash(code: str) -> bytes:
    """Codes are stored hashed: a copy of the database does not hand out valid codes."""
    normalised = code.strip().replace("-", "").replace(" ", "").upper()
    return hashlib.sha256(b"scelle/v1 invitation\0" + normalised.encode("utf-8")).digest()


def card_json(card: IdentityCard) -> dict[str, object]:
    return json.loads(card.to_bytes())


def _check_invitation(relay: Relay, code_hash: bytes, now: int) -> directory.Invitation:
    with relay.db.transaction() as tx:
        invitation = directory.invitation(tx, code_hash)
    if invitation is None:
        raise errors.InvitationUnknown("This invitation code is not known to this relay.")
    if invitation.used is not None:
        raise errors.InvitationUsed("This invitation code was already used; ask for a new one.")
    if invitation.expires <= now:
        raise errors.InvitationExpired("This invitation code has expired; ask for a new one.")
    return invitation


def enrol(relay: Relay, enrolment: Enrolment) -> MemberView:
    """Blocking. Register the card under the invitation's organisation, pending certification."""
    now = relay.now()
    card = enrolment.card
    if not card.is_valid_at(as_datetime(now)):
        raise errors.InvalidCard("The identity card is outside its validity period.")
    code_hash = invitation_hash(enrolment.invitation)
    invitation = _check_invitation(relay, code_hash, now)
    fingerprint = card.fingerprint_hex
    member = Member(fingerprint, invitation.org_id, invitation.role, PENDING, card.to_bytes(),
                    int(card.expires.timestamp()), now, now)
    with relay.db.transaction() as tx:
        if directory.member(tx, fingerprint) is not None:
            raise errors.AlreadyEnrolled("This identity is already registered on this relay.")
        if not directory.use_invitation(tx, code_hash, now, fingerprint):
            # Someone used it between our check and now (or it just expired).
            raise errors.InvitationUsed("This invitation code was already used.")
        directory.add_member(tx, member)
        housekeeping.audit(tx, now, fingerprint, "member.enrolled", fingerprint,
                           f"org={invitation.org_id} role={invitation.role}")
        org = directory.org_by_id(tx, invitation.org_id)
    relay.db.sync()
    log_event("member.enrolled", member=fingerprint, org=invitation.org_id)
    return MemberView(fingerprint=fingerprint, organisation=org.name if org else "",
                      role=member.role, status="pending", card=card_json(card))


def me(relay: Relay, principal: Principal) -> MemberView:
    with relay.db.transaction() as tx:
        org = directory.org_by_id(tx, principal.member.org_id)
    member = principal.member
    return MemberView(fingerprint=member.fingerprint, organisation=org.name if org else "",
                      role=member.role, status=member.status,  # type: ignore[arg-type]
                      card=card_json(stored_card(member.card)))


def visible(relay: Relay, principal: Principal, fingerprint: str | None = None) -> list[Member]:
    """Blocking. Certified members in the principal's partition (optionally one fingerprint)."""
    now = relay.now()
    with relay.db.transaction() as tx:
        orgs = directory.partition(tx, principal.member.org_id)
        return directory.visible_members(tx, orgs, now, fingerprint)


def lookup(relay: Relay, principal: Principal, fingerprint: str | None) -> list[DirectoryEntry]:
    if fingerprint is not None and not _is_fingerprint(fingerprint):
        return []  # malformed or outside: the same nothing
    members = visible(relay, principal, fingerprint)
    with relay.db.transaction() as tx:
        names = {o.id: o.name for o in directory.list_orgs(tx)}
    return [DirectoryEntry(fingerprint=m.fingerprint, organisation=names.get(m.org_id, ""),
                           role=m.role, card=card_json(stored_card(m.card))) for m in members]


def _is_fingerprint(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)
