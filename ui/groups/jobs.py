"""What the roster editor runs on worker threads (ui/workers.py): each call opens the admin's
relay connection with the organisation's `OrgSigner` (app/relay_client/group_admin.py) and
closes it. Nothing here touches Qt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.org.intake_sync import IntakeAwareGroupAdmin
from app.org.signer import OrgSigner
from app.relay_client.group_admin import GroupAdmin
from app.relay_client.groups import DutyGroup
from app.vault import VaultSession


@dataclass(frozen=True)
class RosterSnapshot:
    groups: list[DutyGroup]
    names: dict[str, str]  # fingerprint -> name on the certified directory card
    now: datetime


def load(session: VaultSession, signer: OrgSigner) -> RosterSnapshot:
    admin = GroupAdmin(session, signer)
    try:
        return RosterSnapshot(admin.groups(), admin.names(), datetime.now(UTC))
    finally:
        admin.close()


def create(session: VaultSession, signer: OrgSigner, name: str) -> DutyGroup:
    admin = GroupAdmin(session, signer)
    try:
        return admin.create(name)
    finally:
        admin.close()


def change(session: VaultSession, signer: OrgSigner, group_id: str,
           edit: Callable[[Any], Any]) -> DutyGroup:
    admin = IntakeAwareGroupAdmin(session, signer)  # republishes the group's intake points
    try:
        return admin.change(group_id, edit)
    finally:
        admin.close()
