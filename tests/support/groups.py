"""Duty rosters for tests: signed with an organisation key as its admin would sign them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from crypto.groups import DutyWindow, Roster, RosterMember, sign_roster
from crypto.org_signer import SoftwareOrgSigner
from crypto.sealed.codec import b64encode

GROUP = "9" * 32
NAME = "Permanence pénale — Barreau"


def signed_roster(key: Ed25519PrivateKey, organisation: str, members: Sequence[str], *,
                  issued: datetime, version: int = 1, group_id: str = GROUP, name: str = NAME,
                  windows: dict[str, tuple[DutyWindow, ...]] | None = None,
                  org_key: bytes | None = None) -> dict[str, Any]:
    """The roster's JSON value. `org_key` names another key than the signing one (a forgery:
    signed raw, without sign_roster's check)."""
    windows = windows or {}
    roster = Roster(group_id=group_id, organisation=organisation,
                    organisation_key=org_key or key.public_key().public_bytes_raw(), name=name,
                    version=version, issued=issued,
                    members=tuple(RosterMember(m, windows.get(m, ())) for m in sorted(members)))
    if org_key is not None:
        return {"roster": roster.to_json(),
                "signature": b64encode(key.sign(roster.signed_message()))}
    return json.loads(sign_roster(roster, SoftwareOrgSigner(key)).to_bytes())
