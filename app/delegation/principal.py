"""The principal's and the organisation admin's delegation use cases.

A principal signs a delegation to an assistant's own identity and publishes it (pending); the
organisation's admin lists the pending ones, checks the principal's signature and that both
cards carry the organisation's certification, countersigns with the organisation key
(app/org/signer.py: in the vault or on a token) and publishes the certified copy, which is
then in force. Either of them may revoke it. Audit entries name the action only.
"""

from __future__ import annotations

from datetime import datetime

from app.relay_client import delegations as directory
from app.delegation.errors import DelegationRefused
from app.relay_client.delegations import PublishedDelegation
from app.relay_client.context import HEX64, Context
from crypto.delegation import (
    SCOPES,
    DelegationError,
    certify_delegation,
    check_principal_signature,
    issue,
    revoke,
)
from crypto.org_signer import OrgSigner

MAX_DAYS = 3 * 366  # a delegation outliving the cards it names would be refused anyway


def parse_scope(text: str) -> tuple[str, ...]:
    """"send", "receive" or both, comma-separated, in any order."""
    parts = {p.strip().lower() for p in text.split(",") if p.strip()}
    if not parts or not parts <= set(SCOPES):
        raise DelegationRefused("The scope is send, receive, or send,receive.")
    return tuple(sorted(parts))


def _fingerprint(text: str) -> str:
    value = text.strip().lower().replace(" ", "")
    if not HEX64.fullmatch(value):
        raise DelegationRefused("A fingerprint is 64 hexadecimal digits.")
    return value


def create(ctx: Context, to: str, scope: tuple[str, ...], until: datetime, *,
           start: datetime | None = None) -> PublishedDelegation:
    """Sign a delegation to the identity `to` and publish it for certification."""
    delegate = _fingerprint(to)
    identity = ctx.session.identity
    if delegate == identity.card.fingerprint_hex:
        raise DelegationRefused("A delegation is given to someone else's identity.")
    now = ctx.now_datetime()
    start = start or now
    if until <= max(start, now):
        raise DelegationRefused("The delegation's end must be in the future, after its start.")
    if (until - start).days > MAX_DAYS:
        raise DelegationRefused(f"A delegation lasts at most {MAX_DAYS} days.")
    try:
        delegation = issue(identity, bytes.fromhex(delegate), scope, start, until, now)
    except DelegationError as exc:
        raise DelegationRefused(str(exc)) from None
    published = directory.publish(ctx, delegation)
    ctx.session.audit.record("delegation.create")
    return published


def mine(ctx: Context) -> tuple[list[PublishedDelegation], list[PublishedDelegation]]:
    """(given by me as principal, given to me as delegate), every state."""
    return directory.listing(ctx, "principal"), directory.listing(ctx, "delegate")


def _find(entries: list[PublishedDelegation], delegation_id: str) -> PublishedDelegation:
    wanted = delegation_id.strip().lower()
    found = next((e for e in entries if e.id_hex == wanted), None)
    if found is None:
        raise DelegationRefused("No such delegation among those you may act on.")
    return found


def revoke_own(ctx: Context, delegation_id: str) -> PublishedDelegation:
    """The principal revokes one of their delegations."""
    entry = _find(directory.listing(ctx, "principal"), delegation_id)
    if entry.state == "revoked":
        return entry
    revocation = revoke(entry.delegation, ctx.session.identity, ctx.now_datetime())
    published = directory.post_revocation(ctx, revocation)
    ctx.session.audit.record("delegation.revoke")
    return published


def pending(ctx: Context) -> list[PublishedDelegation]:
    """The organisation's delegations waiting for certification (its admins only)."""
    return directory.listing(ctx, "pending")


def certify(ctx: Context, delegation_id: str, signer: OrgSigner,
            organisation: str) -> PublishedDelegation:
    """Countersign a pending delegation with the organisation key, after checking it."""
    entry = _find(pending(ctx), delegation_id)
    principal, delegate = entry.principal_card, entry.delegate_card
    key = signer.public_key_raw()
    if principal is None or delegate is None:
        raise DelegationRefused("The principal or the delegate is no longer in the directory.")
    try:
        check_principal_signature(entry.delegation, principal)
    except DelegationError as exc:
        raise DelegationRefused(str(exc)) from None
    if entry.delegation.delegate != delegate.fingerprint or \
            principal.certified_by(key) is None or delegate.certified_by(key) is None:
        raise DelegationRefused("The principal and the delegate must both carry this "
                                "organisation key's certification.")
    certified = certify_delegation(entry.delegation, signer, organisation, ctx.now_datetime())
    published = directory.publish(ctx, certified)
    ctx.session.audit.record("delegation.certify")
    return published


def revoke_as_organisation(ctx: Context, delegation_id: str, principal: str,
                           signer: OrgSigner) -> PublishedDelegation:
    """The admin revokes a delegation in force (found among `principal`'s)."""
    entry = _find(directory.listing(ctx, "principal", _fingerprint(principal)),
                  delegation_id)
    revocation = revoke(entry.delegation, signer, ctx.now_datetime())
    published = directory.post_revocation(ctx, revocation)
    ctx.session.audit.record("delegation.revoke")
    return published
