"""Keeping intake points true when the admin changes who may read them (issue 14).

An intake document lists members of its group's roster (app/org/intake.py); the relay stops
serving it (`intake_outdated`) as soon as one of them leaves the roster or is revoked. So the
admin's own changes republish it in the same operation: `IntakeAwareGroupAdmin.change` (a
roster edit) and `revoke_member` (a revocation) do the change, then republish every live intake
point it concerns with the readers it has now. If that fails, `IntakeOutdated` says the change
was made, which page now refuses requests, and how to fix it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.org.admin import OrgAdministration, OrgMember
from app.org.intake import IntakeAdmin, Publication
from app.relay_client.group_admin import GroupAdmin
from app.relay_client.groups import DutyGroup
from app.vault.session import VaultSession
from crypto.groups import Roster
from crypto.org_signer import OrgSigner


class IntakeAwareGroupAdmin(GroupAdmin):
    """`GroupAdmin` whose roster changes republish the group's intake points."""

    def __init__(self, session: VaultSession, signer: OrgSigner, *,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(session, signer, clock=clock)
        self.republished: list[Publication] = []  # by the last change, for the faces to say

    def change(self, group_text: str, edit: Callable[[Roster], Roster]) -> DutyGroup:
        group = super().change(group_text, edit)
        # Shares this admin's relay connection: not closed here.
        org = OrgAdministration(self._ctx.session, self._signer, self._ctx)
        self.republished = IntakeAdmin(org).refresh(
            lambda point: point.document.group_id == group.group_id)
        return group


def revoke_member(org: OrgAdministration, fingerprint: str, reason: str
                  ) -> tuple[OrgMember, list[Publication]]:
    """Revoke a member, then republish the intake points that listed them."""
    member = org.revoke(fingerprint, reason)
    done = IntakeAdmin(org).refresh(
        lambda point: member.fingerprint in point.document.fingerprints())
    return member, done
