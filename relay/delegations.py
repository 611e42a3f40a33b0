"""Delegations in the directory: publication, certification, revocation, listing.

A principal publishes the delegation they signed (state `pending`); their organisation's admin
reads the pending ones, countersigns one with the organisation key (which never reaches the
relay) and publishes the certified copy (`active`). The relay checks what it stores, so a
client never has to trust a listing blindly (it checks again, offline, crypto/delegation.py):

- the principal's signature, against the principal's card as certified here;
- principal and delegate are certified members of the same organisation;
- a certification is made with that organisation's certification key;
- a revocation is signed by the principal or by that key.

Listings follow the directory's partition (relay/membership.py): another organisation's
delegations are visible only when it is linked, and never while pending.
"""

from __future__ import annotations

import json
import re
from typing import Any

from crypto.delegation import (
    Delegation,
    DelegationError,
    check_certification,
    check_principal_signature,
    check_revocation,
    parse_delegation,
    parse_revocation,
)
from crypto.sealed.codec import canonical_json
from relay import errors
from relay.auth import Principal, stored_card
from relay.context import Relay
from relay.db import delegations as db
from relay.db import directory, housekeeping
from relay.db.directory import CERTIFIED, Member
from relay.logs import log_event

LISTS = ("principal", "delegate", "pending", "revoked")
_HEX64 = re.compile("[0-9a-f]{64}")  # anything else finds nothing, like an unknown member
MAX_LOOKUP = 1000  # fingerprints in one listing: the recipients of one envelope at most


def _invalid(message: str) -> errors.RelayError:
    return errors.InvalidDelegation(f"The delegation is refused: {message}")


def _document(value: Any, parse: Any) -> Any:
    try:
        return parse(canonical_json(value))
    except DelegationError as exc:
        raise _invalid(str(exc)) from None
    except ValueError:
        raise _invalid("it is not valid JSON.") from None


def _certified_member(tx: Any, fingerprint: str, org_id: str, now: int) -> Member:
    member = directory.member(tx, fingerprint)
    if member is None or member.org_id != org_id or member.status != CERTIFIED \
            or member.card_expires <= now:
        raise _invalid("principal and delegate must be certified members of one organisation.")
    return member


def publish(relay: Relay, who: Principal, value: Any) -> dict[str, Any]:
    """Blocking. Keep a delegation signed by its principal, or its certified copy."""
    delegation: Delegation = _document(value, parse_delegation)
    now = relay.now()
    org_id = who.member.org_id
    with relay.db.transaction() as tx:
        principal = _certified_member(tx, delegation.principal.hex(), org_id, now)
        _certified_member(tx, delegation.delegate.hex(), org_id, now)
        org = directory.org_by_id(tx, org_id)
        assert org is not None
        _check(delegation, principal, org.certification_key, who, now)
        row = _stored(tx, delegation, org_id, now)
        housekeeping.audit(tx, now, who.fingerprint, "delegation.published", row.id,
                           f"state={row.state(now)}")
    relay.db.sync()
    log_event("delegation.published", member=who.fingerprint, delegation=row.id)
    return view(relay, row, now)


def _check(delegation: Delegation, principal: Member, org_key: bytes, who: Principal,
           now: int) -> None:
    try:
        check_principal_signature(delegation, stored_card(principal.card))
        if delegation.certification is not None:
            check_certification(delegation, org_key)
    except DelegationError as exc:
        raise _invalid(str(exc)) from None
    if delegation.certification is None and who.fingerprint != principal.fingerprint:
        raise _invalid("only the principal publishes a delegation before its certification.")
    if int(delegation.valid_until.timestamp()) <= now:
        raise _invalid("it has already ended.")


def _stored(tx: Any, delegation: Delegation, org_id: str, now: int) -> db.DelegationRow:
    data = delegation.to_bytes()
    certified = now if delegation.certification is not None else None
    row = db.DelegationRow(delegation.id_hex, org_id, delegation.principal.hex(),
                           delegation.delegate.hex(), ",".join(delegation.scope),
                           int(delegation.valid_from.timestamp()),
                           int(delegation.valid_until.timestamp()), data, certified, None, None,
                           now)
    if db.add(tx, row):
        return row
    existing = db.get(tx, row.id)
    assert existing is not None
    if existing.document == data:
        return existing  # the same publication again: a retry
    same_terms = parse_delegation(existing.document).body() == delegation.body()
    if certified is not None and same_terms and db.certify(tx, row.id, data, now):
        found = db.get(tx, row.id)
        assert found is not None
        return found
    raise errors.DelegationExists("This delegation id is already published with other "
                               "content, or was certified or revoked.")


def revoke(relay: Relay, who: Principal, delegation_id: str, value: Any) -> dict[str, Any]:
    """Blocking. Record a revocation signed by the principal or their organisation."""
    revocation = _document(value, parse_revocation)
    now = relay.now()
    with relay.db.transaction() as tx:
        row = db.get(tx, delegation_id)
        if row is None or row.org_id != who.member.org_id:
            raise errors.NotFound("No such delegation in your organisation.")
        principal = directory.member(tx, row.principal)
        assert principal is not None
        try:
            check_revocation(revocation, parse_delegation(row.document),
                             stored_card(principal.card))
        except DelegationError as exc:
            raise _invalid(str(exc)) from None
        db.revoke(tx, row.id, revocation.to_bytes(), now)
        row = db.get(tx, row.id)
        assert row is not None
        housekeeping.audit(tx, now, who.fingerprint, "delegation.revoked", row.id,
                           f"by={revocation.by}")
    relay.db.sync()
    log_event("delegation.revoked", member=who.fingerprint, delegation=row.id)
    return view(relay, row, now)


def listing(relay: Relay, who: Principal, which: str, fingerprints: list[str] | None
            ) -> list[dict[str, Any]]:
    """Blocking. `principal`/`delegate` FPs: those members' certified delegations in force
    (all of one's own, pending and past included); `pending`: the organisation's, for its
    admins; `revoked`: the partition's revocations (for readers of delegated files)."""
    now = relay.now()
    with relay.db.transaction() as tx:
        if which == "pending":
            if who.member.role != "admin":
                raise errors.NotFound("Only an organisation's admin lists pending delegations.")
            rows = db.pending(tx, who.member.org_id)
        elif which == "revoked":
            rows = db.revoked_in(tx, directory.partition(tx, who.member.org_id))
        else:
            rows = _of_members(tx, who, which, fingerprints or [who.fingerprint], now)
    return [view(relay, r, now) for r in rows]


def _of_members(tx: Any, who: Principal, which: str, fingerprints: list[str], now: int
                ) -> list[db.DelegationRow]:
    orgs = directory.partition(tx, who.member.org_id)
    rows: list[db.DelegationRow] = []
    for target in dict.fromkeys(f for f in fingerprints if _HEX64.fullmatch(f)):
        found = db.of_principal(tx, target) if which == "principal" else \
            db.of_delegate(tx, target)
        found = [r for r in found if r.org_id in orgs]
        if target != who.fingerprint:  # others see what is in force, between certified members
            found = [r for r in found if r.state(now) == "active" and all(
                _in_force(tx, fp, now) for fp in (r.principal, r.delegate))]
        rows.extend(found)
    return rows


def _in_force(tx: Any, fingerprint: str, now: int) -> bool:
    member = directory.member(tx, fingerprint)
    return member is not None and member.status == CERTIFIED and member.card_expires > now


def view(relay: Relay, row: db.DelegationRow, now: int) -> dict[str, Any]:
    """The row as published: state, document, both current cards, the revocation."""
    with relay.db.transaction() as tx:
        cards = {fp: directory.member(tx, fp) for fp in (row.principal, row.delegate)}
    return {"id": row.id, "state": row.state(now), "document": json.loads(row.document),
            "principal_card": _card(cards[row.principal]),
            "delegate_card": _card(cards[row.delegate]),
            "revocation": None if row.revocation is None else json.loads(row.revocation)}


def _card(member: Member | None) -> dict[str, Any] | None:
    return None if member is None else json.loads(member.card)


def receiving_delegates(relay: Relay, principal: str) -> set[str]:
    with relay.db.transaction() as tx:
        return db.receiving_delegates(tx, principal)
