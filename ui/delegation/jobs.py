"""What the delegation windows run on worker threads (ui/workers.py): each call opens a
`DelegationService` over the vault's relay connection and closes it. Nothing here touches Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.delegation.service import DelegationService
from app.relay_client.delegations import PublishedDelegation
from app.sealing.expiry import end_of_day
from app.vault import VaultSession


@dataclass(frozen=True)
class DelegationLists:
    given: list[PublishedDelegation]  # by this vault's holder, as principal
    received: list[PublishedDelegation]  # to this vault's holder, as delegate


def load(session: VaultSession) -> DelegationLists:
    service = DelegationService(session)
    try:
        given, received = service.mine()
    finally:
        service.close()
    return DelegationLists(given, received)


def create(session: VaultSession, to: str, scope: tuple[str, ...], last_day: date
           ) -> PublishedDelegation:
    """A delegation in force until the end of `last_day`, local time (the expiry rule)."""
    service = DelegationService(session)
    try:
        return service.create(to, scope, end_of_day(last_day))
    finally:
        service.close()


def revoke(session: VaultSession, delegation_id: str) -> PublishedDelegation:
    service = DelegationService(session)
    try:
        return service.revoke(delegation_id)
    finally:
        service.close()


def senders_for(session: VaultSession) -> list[PublishedDelegation]:
    """The delegations in force that let this vault send on someone's behalf."""
    return [d for d in load(session).received
            if d.state == "active" and "send" in d.delegation.scope
            and d.principal_card is not None]

