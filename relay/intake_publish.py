"""Intake points on the relay: an organisation's admin publishes and withdraws its signed intake
documents (docs/format.md §12.1, docs/relay.md "Intake"), and the relay says whether the one
published is still *current*: every recipient it lists still a valid member of the intake group.

The relay checks, it never signs: a document is accepted only if the organisation's
certification key signed it, it names that organisation and the addressed name, its group is a
duty group of that organisation, and each recipient is a certified, unexpired, unrevoked member
of it, on the group's roster, whose card holds the hybrid recipient listed. A name belongs to
the first organisation that publishes it, withdrawn or not, and a version never goes back.
"""

from __future__ import annotations

import json
from typing import Any

from crypto.intake_document import NAME_RE, IntakeDocument, IntakeDocumentError, SignedIntake, \
    intake_from_json, parse_intake
from relay import errors, intake_errors
from relay.auth import stored_card
from relay.context import Relay
from relay.db import directory, housekeeping
from relay.db import groups as group_rows
from relay.db import intake as rows
from relay.db.base import Tx
from relay.db.directory import CERTIFIED
from relay.logs import log_event
from relay.org_auth import OrgAdmin

# /depot/static/… serves the page's files, /v1/intake/replies… the replies.
RESERVED_NAMES = frozenset({"static", "replies"})


def valid_name(name: str) -> bool:
    return NAME_RE.fullmatch(name) is not None and name not in RESERVED_NAMES


def no_such_intake() -> errors.RelayError:
    return errors.NotFound("No such intake point.")


def _parse(value: object) -> SignedIntake:
    try:
        return intake_from_json(value)
    except IntakeDocumentError as exc:
        raise intake_errors.InvalidIntake(str(exc)) from None


def recipient_problem(relay: Relay, tx: Tx, org_id: str, document: IntakeDocument) -> str | None:
    """Why one of the document's recipients may not receive its requests now, or None."""
    stored = group_rows.roster(tx, document.group_id)
    if stored is None or stored.org_id != org_id:
        return "its group is not a duty group of your organisation"
    roster = {m["fingerprint"] for m in json.loads(stored.roster)["roster"]["members"]}
    org = directory.org_by_id(tx, org_id)
    now = relay.now()
    for recipient in document.recipients:
        member = directory.member(tx, recipient.fingerprint)
        if member is None or member.org_id != org_id or member.status != CERTIFIED or \
                member.card_expires <= now:
            return "a recipient is not a certified member of your organisation"
        card = stored_card(member.card)
        if org is None or card.certified_by(org.certification_key) is None:
            return "a recipient's card is not certified by your organisation's key"
        if card.age_pq_recipient != recipient.age_pq_recipient:
            return "a recipient's hybrid key is not the one on their card"
        if recipient.fingerprint not in roster:
            return "a recipient is not on the intake group's roster"
    return None


def _check(relay: Relay, tx: Tx, who: OrgAdmin, name: str, signed: SignedIntake) -> None:
    document = signed.document
    if document.name != name:
        raise intake_errors.InvalidIntake("The intake document names another intake point "
                                          "than the one addressed.")
    if document.organisation != who.org.name or \
            document.organisation_key != who.org.certification_key:
        raise intake_errors.InvalidIntake("The intake document is not signed by your "
                                          "organisation's certification key under its name.")
    if document.issued.timestamp() > relay.now() + relay.limits.clock_skew:
        raise intake_errors.InvalidIntake("The intake document is dated in the future.")
    cap = relay.limits.intake_max_bytes
    if document.max_bytes > cap:
        raise intake_errors.InvalidIntake(f"The intake document's max_bytes is above this "
                                          f"relay's cap ({cap} bytes).")
    problem = recipient_problem(relay, tx, who.org.id, document)
    if problem is not None:
        raise intake_errors.InvalidIntake(f"The intake document is refused: {problem}.")


def publish(relay: Relay, who: OrgAdmin, name: str, value: object) -> dict[str, Any]:
    """Blocking. Check and keep a new version of one of the organisation's intake documents."""
    if not valid_name(name):
        raise intake_errors.InvalidIntake("This is not a usable intake point name (3 to 64 "
                                          "characters of a-z, 0-9 and -; not 'static' nor "
                                          "'replies').")
    signed = _parse(value)
    now = relay.now()
    stored = rows.IntakePoint(name, who.org.id, signed.document.group_id,
                              signed.document.version, signed.to_bytes(), now, None)
    with relay.db.transaction() as tx:
        held = rows.point(tx, name)
        if held is not None and held.org_id != who.org.id:
            raise intake_errors.IntakeNameTaken("This intake point's name belongs to another "
                                                "organisation; choose another.")
        _check(relay, tx, who, name, signed)
        if not rows.put_point(tx, stored):
            _refuse_existing(rows.point(tx, name), who.org.id)
        housekeeping.audit(tx, now, who.actor, "intake.published", who.org.id,
                           f"intake={name} version={stored.version} "
                           f"recipients={len(signed.document.recipients)}")
    relay.db.sync()
    log_event("intake.published", org=who.org.id, intake=name, version=stored.version)
    return show(relay, who, name)


def _refuse_existing(existing: rows.IntakePoint | None, org_id: str) -> None:
    if existing is not None and existing.org_id != org_id:
        raise intake_errors.IntakeNameTaken("This intake point's name belongs to another "
                                            "organisation; choose another.")
    version = existing.version if existing is not None else 0
    raise intake_errors.IntakeVersionOutdated("An intake document of this version or a newer "
                                              "one is already published.",
                                              published_version=version)


def withdraw(relay: Relay, who: OrgAdmin, name: str) -> dict[str, Any]:
    """Blocking. The page and its routes answer `not_found`; deposits already made stay."""
    now = relay.now()
    with relay.db.transaction() as tx:
        _own(tx, who, name)
        if rows.withdraw(tx, name, who.org.id, now):
            housekeeping.audit(tx, now, who.actor, "intake.withdrawn", who.org.id,
                               f"intake={name}")
    relay.db.sync()
    log_event("intake.withdrawn", org=who.org.id, intake=name)
    return show(relay, who, name)


def _own(tx: Tx, who: OrgAdmin, name: str) -> rows.IntakePoint:
    stored = rows.point(tx, name) if NAME_RE.fullmatch(name) else None
    if stored is None or stored.org_id != who.org.id:
        raise no_such_intake()  # another organisation's name answers like an unknown one
    return stored


def _entry(relay: Relay, tx: Tx, stored: rows.IntakePoint) -> dict[str, Any]:
    document = parse_intake(stored.document).document
    current = stored.withdrawn is None and \
        recipient_problem(relay, tx, stored.org_id, document) is None
    return {"name": stored.name, "version": stored.version, "published": stored.published,
            "withdrawn": stored.withdrawn, "current": current,
            "intake": json.loads(stored.document)}


def show(relay: Relay, who: OrgAdmin, name: str) -> dict[str, Any]:
    with relay.db.transaction() as tx:
        return _entry(relay, tx, _own(tx, who, name))


def listing(relay: Relay, who: OrgAdmin) -> list[dict[str, Any]]:
    with relay.db.transaction() as tx:
        return [_entry(relay, tx, p) for p in rows.points_of(tx, who.org.id)]


def published(relay: Relay, name: str) -> tuple[rows.IntakePoint, SignedIntake]:
    """Blocking. The intake point the page addresses, if published, not withdrawn and current;
    `not_found` or `intake_outdated` otherwise."""
    if not valid_name(name):
        raise no_such_intake()
    with relay.db.transaction() as tx:
        stored = rows.point(tx, name)
        if stored is None or stored.withdrawn is not None:
            raise no_such_intake()
        signed = parse_intake(stored.document)  # checked when published; parsed, not trusted
        if recipient_problem(relay, tx, stored.org_id, signed.document) is not None:
            raise intake_errors.IntakeOutdated("This intake point is being updated by its "
                                               "organisation; try again later.")
    return stored, signed


def exists(relay: Relay, name: str) -> bool:
    """Blocking. Whether the page at /depot/<name> has an intake point (outdated or not)."""
    if not valid_name(name):
        return False
    with relay.db.transaction() as tx:
        stored = rows.point(tx, name)
    return stored is not None and stored.withdrawn is None


def served(relay: Relay, name: str) -> dict[str, Any]:
    """Blocking. What `GET /v1/intake/{name}` answers."""
    _, signed = published(relay, name)
    document = signed.document
    return {**signed.served_json(),
            "limits": {"max_bytes": document.max_bytes, "max_files": document.max_files,
                       "max_request_bytes": max_request_bytes(document)},
            "pow": {"difficulty": relay.limits.intake_pow_bits}}


def max_request_bytes(document: IntakeDocument) -> int:
    """The request header, the age header for the recipients and age's 16 bytes per 64 KiB
    fit in 1 MiB beside the files."""
    return document.max_bytes + 1024 * 1024
