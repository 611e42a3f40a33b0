"""What `scelle org …` prints: tables for people, `--json` for scripts (cli/org_cmd.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from app.identities import format_fingerprint, format_safety_number, safety_number
from app.times import format_time
from cli.vault_output import print_json, print_table, safe, when

if TYPE_CHECKING:
    from app.identities import IdentityCard
    from app.org.admin import InvitationCode, OrgAuditRow, OrgMember
    from app.org.keys import OrgKeyRecord

REASON_TEXT = {"removed-from-roll": "removed from the roll", "lost-key": "lost key",
               "departure": "departure"}


def key_json(record: OrgKeyRecord) -> dict[str, Any]:
    return {"organisation": record.organisation, "kind": record.kind,
            "public_key": record.public_key_hex, "token_label": record.token_label,
            "token_serial": record.token_serial,
            "key_id": record.key_id.hex() if record.key_id else None, "added": record.added_at}


def print_key(record: OrgKeyRecord, *, as_json: bool) -> None:
    if as_json:
        print_json(key_json(record))
        return
    where = "in the vault" if record.kind == "vault" else \
        f"on the token {record.token_label or record.token_serial}"
    print(f"Organisation key of {safe(record.organisation)}, {where}.")
    print(f"Public key: {record.public_key_hex}")


def print_keys(records: Sequence[OrgKeyRecord], *, as_json: bool) -> None:
    if as_json:
        print_json([key_json(r) for r in records])
        return
    print_table(("KEPT", "PUBLIC KEY", "ORGANISATION"),
                [(r.kind, r.public_key_hex, r.organisation) for r in records])


def print_invitation(code: InvitationCode, *, as_json: bool) -> None:
    if as_json:
        print_json({"code": code.code, "organisation": code.organisation, "role": code.role,
                    "expires": when(code.expires)})
        return
    print(f"Invitation code ({code.role} of {safe(code.organisation)}), valid until "
          f"{format_time(code.expires)}:")
    print(f"  {code.code}")
    print("It works once. Hand it over by a trusted channel.")


def member_json(member: OrgMember) -> dict[str, Any]:
    return {"fingerprint": member.fingerprint, "name": member.name, "title": member.title,
            "role": member.role, "status": member.status,
            "card_expires": when(member.card_expires), "revoked": when(member.revoked),
            "reason": member.reason}


def _state(member: OrgMember) -> str:
    if member.status == "revoked" and member.reason:
        return f"revoked ({REASON_TEXT.get(member.reason, member.reason)})"
    return member.status


def print_members(members: Sequence[OrgMember], *, as_json: bool) -> None:
    if as_json:
        print_json([member_json(m) for m in members])
        return
    print_table(("FINGERPRINT", "STATE", "ROLE", "CARD UNTIL", "NAME"),
                [(m.fingerprint[:16], _state(m), m.role, m.card_expires.date().isoformat(),
                  m.name) for m in members])


def print_member(member: OrgMember, *, as_json: bool) -> None:
    if as_json:
        print_json(member_json(member))
    else:
        print(f"{safe(member.name)}: {_state(member)}")


def show_card_to_compare(member: OrgMember, own_card: IdentityCard, file: TextIO) -> None:
    """The card about to be certified, and what to compare with the member."""
    card = member.card
    assert card is not None  # pending_card always carries it
    lines = [f"Name:          {safe(card.name)}",
             f"Title:         {safe(card.role)}",
             f"Organisation:  {safe(card.organisation)}",
             f"Valid:         {format_time(card.created)} to {format_time(card.expires)}",
             f"Fingerprint:   {format_fingerprint(card.fingerprint)}",
             f"Safety number: {format_safety_number(safety_number(own_card, card))}",
             "Compare the fingerprint with the one the member reads on their own device "
             "(scelle identity), in person or by a call you placed yourself."]
    print("\n".join(lines), file=file, flush=True)


def print_audit(rows: Sequence[OrgAuditRow], *, as_json: bool) -> None:
    if as_json:
        print_json([{"time": when(r.time), "actor": r.actor, "action": r.action,
                     "subject": r.subject, "detail": r.detail} for r in rows])
        return
    print_table(("TIME", "ACTION", "ACTOR", "SUBJECT", "DETAIL"),
                [(format_time(r.time), r.action, r.actor[:20], r.subject[:16], r.detail)
                 for r in rows])
