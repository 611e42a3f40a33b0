"""What the relay answers to an organisation's admin, read strictly into values for the faces.

A malformed answer (a broken or hostile relay) is a `RelayProtocolError`, never a traceback;
cards are parsed and their signatures checked (crypto/identity.parse_card).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.relay_client.errors import RelayProtocolError
from crypto.identity import CardError, IdentityCard, parse_card
from crypto.org_admin import REVOCATION_REASONS
from crypto.text_rules import shown

STATES = ("pending", "certified", "revoked")


@dataclass(frozen=True)
class OrgInfo:
    id: str
    name: str
    linked: tuple[str, ...]


@dataclass(frozen=True)
class InvitationCode:
    code: str  # shown once, to hand over by a trusted channel
    organisation: str
    role: str
    expires: datetime


@dataclass(frozen=True)
class OrgMember:
    fingerprint: str
    role: str  # member | admin (on the relay)
    status: str  # pending | certified | revoked
    card_expires: datetime
    revoked: datetime | None
    reason: str | None  # a key of REVOCATION_REASONS, when revoked from the desktop
    name: str  # from the card (checked when it is there; escaped for display when not)
    title: str
    card: IdentityCard | None  # one member's answer carries it; the list does not


@dataclass(frozen=True)
class OrgAuditRow:
    time: datetime
    actor: str
    action: str
    subject: str
    detail: str


def _field(obj: Any, key: str, kind: type | tuple[type, ...]) -> Any:
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise RelayProtocolError("The relay's answer about the organisation is malformed.")
    return value


def _time(value: int) -> datetime:
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        raise RelayProtocolError("The relay's answer holds an impossible time.") from None


def org_info(obj: Any) -> OrgInfo:
    linked = _field(obj, "linked", list)
    if not all(isinstance(n, str) for n in linked):
        raise RelayProtocolError("The relay's answer about the organisation is malformed.")
    return OrgInfo(_field(obj, "id", str), _field(obj, "name", str), tuple(linked))


def invitation(obj: Any) -> InvitationCode:
    return InvitationCode(_field(obj, "code", str), _field(obj, "organisation", str),
                          _field(obj, "role", str), _time(_field(obj, "expires", int)))


def member_view(obj: Any) -> OrgMember:
    status = _field(obj, "status", str)
    reason = obj.get("reason")
    revoked = obj.get("revoked")
    if status not in STATES or (reason is not None and reason not in REVOCATION_REASONS) or \
            (revoked is not None and (type(revoked) is not int)):
        raise RelayProtocolError("The relay's answer about a member is malformed.")
    fingerprint = _field(obj, "fingerprint", str)
    card = _card(obj.get("card"), fingerprint)
    name = card.name if card else shown(_field(obj, "name", str)[:200])
    title = card.role if card else shown(_field(obj, "title", str)[:200])
    return OrgMember(fingerprint, _field(obj, "role", str), status,
                     _time(_field(obj, "card_expires", int)),
                     _time(revoked) if revoked is not None else None, reason, name, title, card)


def _card(value: Any, fingerprint: str) -> IdentityCard | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise RelayProtocolError("The relay's answer about a member is malformed.")
    try:
        card = parse_card(json.dumps(value).encode())
    except (CardError, ValueError):
        raise RelayProtocolError("The relay sent a member's card that is not valid.") from None
    if card.fingerprint_hex != fingerprint:
        raise RelayProtocolError("The relay sent a card that does not match its fingerprint.")
    return card


def audit_row(obj: Any) -> OrgAuditRow:
    # The relay's words are shown as they are only once escaped: they cannot fake a line.
    texts = [shown(_field(obj, key, str)[:500]) for key in ("actor", "action", "subject",
                                                            "detail")]
    return OrgAuditRow(_time(_field(obj, "time", int)), *texts)
