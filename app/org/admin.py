"""Administering an organisation on its relay, from the admin's vault (issue 13).

    with OrgAdministration.open(session, signer) as org:     # signer: open_org_signer(...)
        org.organisation()                 # its name and linked organisations
        org.invite(role="member")          # a one-time code to hand over
        org.members()                      # every member with its state
        card = org.pending_card(fp)        # the card to compare before certifying
        org.certify(card)                  # certified here, with the organisation key
        org.revoke(fp, "departure")        # removed-from-roll | lost-key | departure
        org.audit()                        # the organisation's own audit trail

Every request is signed with the organisation key (crypto/org_admin.py, docs/format.md §6),
over the relay connection of the admin's vault (its pinned relay key, TLS options and the
workstation policy's rules, app/relay_client). Certification happens here, never on the relay:
the card is fetched, checked (its fingerprint must be the one the admin was given by the
member, it must be valid and carry the organisation's name), certified with the signer, and
sent back; the relay checks it again. Calls block: run them off the GUI thread.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.org.errors import OrgError
from app.org.views import (
    InvitationCode,
    OrgAuditRow,
    OrgInfo,
    OrgMember,
    audit_row,
    invitation,
    member_view,
    org_info,
)
from app.relay_client.context import Context
from app.relay_client.errors import RelayProtocolError, RelayRefused
from app.vault.session import VaultSession
from crypto.httpsig import RequestSigner
from crypto.identity import IdentityCard, certify
from crypto.org_admin import INVITATION_ROLES, REVOCATION_REASONS, org_key_id
from crypto.org_signer import OrgSigner

__all__ = ["InvitationCode", "OrgAdministration", "OrgAuditRow", "OrgInfo", "OrgMember",
           "normalise_fingerprint"]


def normalise_fingerprint(text: str) -> str:
    """A card fingerprint as people copy it (groups of four, any case) -> 64 lowercase hex."""
    cleaned = "".join(text.split()).lower()
    if len(cleaned) != 64 or any(c not in "0123456789abcdef" for c in cleaned):
        raise OrgError("A card fingerprint is 64 hexadecimal characters (spaces allowed).")
    return cleaned


@dataclass
class OrgAdministration:
    """Administration requests to the vault's relay, signed by one organisation key."""

    session: VaultSession
    signer: OrgSigner
    context: Context

    @classmethod
    def open(cls, session: VaultSession, signer: OrgSigner, *,
             clock: Callable[[], float] = time.time) -> OrgAdministration:
        """Over the relay this vault joined (its connection settings and pinned key; the
        requests are signed by `signer`, not by the vault's identity)."""
        context = Context(session, clock)
        context.state.require_account()  # NotJoined, before anything else is asked
        return cls(session, signer, context)

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> OrgAdministration:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- requests -------------------------------------------------------------------------------
    def organisation(self) -> OrgInfo:
        return org_info(self._call("GET", ""))

    def invite(self, role: str = "member", hours: int = 72) -> InvitationCode:
        if role not in INVITATION_ROLES:
            raise OrgError("The role must be one of " + ", ".join(INVITATION_ROLES) + ".")
        if not 1 <= hours <= 24 * 30:
            raise OrgError("An invitation is valid for 1 hour to 30 days.")
        answer = self._call("POST", "/invitations", {"role": role, "hours": hours})
        with self.session.store.db.transaction():
            self.session.audit.record("org.invite")
        return invitation(answer)

    def members(self) -> list[OrgMember]:
        answer = self._call("GET", "/members")
        items = answer.get("members") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise RelayProtocolError("The relay's list of members is malformed.")
        return [member_view(item) for item in items]

    def member(self, fingerprint: str) -> OrgMember:
        return member_view(self._call("GET", f"/members/{normalise_fingerprint(fingerprint)}"))

    def pending_card(self, fingerprint: str) -> OrgMember:
        """The member whose card is to be certified, checked to be the one asked for: the
        admin compares its fingerprint with the one the member reads from their own device."""
        wanted = normalise_fingerprint(fingerprint)
        found = self.member(wanted)
        if found.card is None or found.card.fingerprint_hex != wanted:
            raise OrgError("The relay answered with another card than the one asked for; "
                           "nothing was certified.")
        if found.status == "revoked":
            raise OrgError("This card was revoked; the member must enrol a new identity.")
        return found

    def certify(self, member: OrgMember) -> OrgMember:
        """Certify the card the admin compared (`pending_card`) and send it to the relay."""
        card = member.card
        if card is None:
            raise OrgError("Fetch the member's card first (pending_card), then compare it.")
        if not card.is_valid_at(self._now()):
            raise OrgError("This card is outside its validity period: the member must renew "
                           "it before it can be certified.")
        name = self.organisation().name
        certified = certify(card, self.signer, name, created=self._now())
        answer = self._call("POST", f"/members/{card.fingerprint_hex}/certify",
                            {"card": _card_json(certified)})
        with self.session.store.db.transaction():
            self.session.audit.record("org.certify")
        return member_view(answer)

    def revoke(self, fingerprint: str, reason: str) -> OrgMember:
        if reason not in REVOCATION_REASONS:
            raise OrgError("The reason must be one of " + ", ".join(REVOCATION_REASONS) + ".")
        answer = self._call("POST", f"/members/{normalise_fingerprint(fingerprint)}/revoke",
                            {"reason": reason})
        with self.session.store.db.transaction():
            self.session.audit.record("org.revoke")
        return member_view(answer)

    def audit(self, limit: int = 100) -> list[OrgAuditRow]:
        answer = self._call("GET", f"/audit?limit={max(1, min(limit, 1000))}")
        items = answer.get("entries") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise RelayProtocolError("The relay's audit trail is malformed.")
        return [audit_row(item) for item in items]

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """A request under /v1/org signed with the organisation key (app/org/intake.py's)."""
        return self._call(method, path, body)

    # -- internals ------------------------------------------------------------------------------
    def _call(self, method: str, path: str, body: Any = None) -> Any:
        key_id = org_key_id(self.signer.public_key_raw())
        signer = RequestSigner(self.signer, key_id)
        try:
            return self.context.transport().call(method, "/v1/org" + path, json_body=body,
                                                 signer=signer)
        except RelayRefused as exc:
            if exc.code != "signature_invalid":
                raise
            # Our own signer made the signature: the relay does not know the key.
            raise OrgError("The relay knows no organisation with this key: its operator "
                           "creates it with the public key (scelle-relay org create NAME "
                           f"--public-key {key_id}).") from None

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self.context.now(), UTC)


def _card_json(card: IdentityCard) -> Any:
    return json.loads(card.to_bytes())
