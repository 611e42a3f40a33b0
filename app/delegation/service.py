"""`DelegationService`: the delegation use cases of one open vault, as both faces call them."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

from app.delegation import principal as cases
from app.delegation.errors import DelegationRefused
from app.relay_client import on_behalf
from app.relay_client.context import Context
from app.relay_client.delegations import PublishedDelegation
from app.sealing.expiry import ExpiryError, parse_expiry
from app.vault.session import VaultSession
from crypto.org_signer import OrgSigner
from crypto.proofs import Proof


def parse_until(text: str, now: datetime | None = None) -> datetime:
    """A delegation's end as a person types it: the expiry rule (app/sealing/expiry.py), a day
    meaning until its end, local time."""
    try:
        return parse_expiry(text.strip(), now)
    except ExpiryError as exc:
        raise DelegationRefused(f"The end of the delegation '{exc.text}' {exc.detail}.") from None


class DelegationService:
    """See app/delegation/principal.py. Each call reaches the relay."""

    def __init__(self, session: VaultSession, *,
                 clock: Callable[[], float] = time.time) -> None:
        self._ctx = Context(session, clock)

    def close(self) -> None:
        self._ctx.close()

    def create(self, to: str, scope: str | tuple[str, ...], until: datetime, *,
               start: datetime | None = None) -> PublishedDelegation:
        scopes = cases.parse_scope(scope) if isinstance(scope, str) else scope
        return cases.create(self._ctx, to, scopes, until, start=start)

    def mine(self) -> tuple[list[PublishedDelegation], list[PublishedDelegation]]:
        """(given, received)."""
        return cases.mine(self._ctx)

    def revoke(self, delegation_id: str) -> PublishedDelegation:
        return cases.revoke_own(self._ctx, delegation_id)

    def pending(self) -> list[PublishedDelegation]:
        return cases.pending(self._ctx)

    def certify(self, delegation_id: str, signer: OrgSigner,
                organisation: str) -> PublishedDelegation:
        return cases.certify(self._ctx, delegation_id, signer, organisation)

    def revoke_as_organisation(self, delegation_id: str, principal: str,
                               signer: OrgSigner) -> PublishedDelegation:
        return cases.revoke_as_organisation(self._ctx, delegation_id, principal, signer)

    def delegate_receipts(self, envelope_id: str) -> list[Proof]:
        """Who of your delegates opened (or refused) an envelope addressed to you: their
        signed receipts, verified (app/relay_client/on_behalf.py)."""
        return on_behalf.delegate_receipts(self._ctx, envelope_id)
