"""What the Intake point tab runs on worker threads (ui/workers.py): each call opens the
administration over the vault's relay connection, signs with the window's `OrgSigner`
(app/org/intake.py), and closes the connection. Nothing here touches Qt."""

from __future__ import annotations

from dataclasses import dataclass

from app.org.admin import OrgAdministration
from app.org.intake import IntakeAdmin, IntakePoint, Publication
from app.org.signer import OrgSigner
from app.relay_client.groups import DutyGroup
from app.vault import VaultSession


@dataclass(frozen=True)
class IntakeSnapshot:
    points: list[IntakePoint]
    groups: list[DutyGroup]  # the organisation's duty groups: the possible intake groups


@dataclass(frozen=True)
class IntakeRequest:
    """What the Publish dialog collects."""

    name: str
    group_id: str
    title: str
    max_bytes: int
    max_files: int


def load(session: VaultSession, signer: OrgSigner) -> IntakeSnapshot:
    with OrgAdministration.open(session, signer) as org:
        intake = IntakeAdmin(org)
        return IntakeSnapshot(intake.points(), intake.groups())


def publish(session: VaultSession, signer: OrgSigner, request: IntakeRequest) -> Publication:
    with OrgAdministration.open(session, signer) as org:
        return IntakeAdmin(org).publish(request.name, group=request.group_id,
                                        title=request.title, max_bytes=request.max_bytes,
                                        max_files=request.max_files)


def withdraw(session: VaultSession, signer: OrgSigner, name: str) -> IntakePoint:
    with OrgAdministration.open(session, signer) as org:
        return IntakeAdmin(org).withdraw(name)
