"""`relay inbox` and `relay accept` on the command line: a held envelope is listed with the name
on its signed card (never by fingerprint only), and one signed by other keys under a contact's
name or organisation is flagged and received only with `--accept-different-key`
(app/vault/sender_check.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from app.errors import ScelleError
from app.relay_client import InboxView, RelayService
from cli.relay_groups import inbox_fields, taken_text
from cli.sender_warning import warn_if_impersonation
from cli.vault_output import print_table


def card_sender(service: RelayService, view: InboxView) -> tuple[str | None, str | None]:
    """The sender's name (contacts, else the downloaded envelope's signed card) and, before
    receipt, the card's status (`impersonation`, `unknown`…)."""
    if view.sender_name is not None or view.item.state not in ("held", "downloaded"):
        return view.sender_name, None
    try:
        card, check = service.held_sender(view.envelope_id)
    except ScelleError:
        return None, None
    return card.name, check.kind.value


def inbox_rows(service: RelayService,
               time_text: Callable[[int | None], str | None]) -> list[dict[str, Any]]:
    rows = []
    for v in service.inbox():
        name, status = card_sender(service, v)
        rows.append({"envelope_id": v.envelope_id, "state": v.state, "sender": v.item.sender,
                     "sender_name": name, "sender_status": status, "subject": v.subject,
                     "size": v.item.size, "deposited": time_text(v.item.deposited),
                     "available_until": time_text(v.item.available_until),
                     "reason": v.item.reason, "message": v.item.message_record,
                     "proofs": [p.kind for p in v.proofs], **inbox_fields(service, v)})
    return rows


def print_inbox(rows: list[dict[str, Any]]) -> None:
    flag = {"impersonation": " (DIFFERENT KEY UNDER A KNOWN NAME)"}
    print_table(["ENVELOPE", "STATE", "SIZE", "FROM", "SUBJECT"],
                [[r["envelope_id"], r["state"] + flag.get(r["sender_status"] or "", "")
                  + taken_text(r),
                  r["size"], r["sender_name"] or r["sender"][:16], r["subject"]]
                 for r in rows], right=[2])


def accept_envelope(service: RelayService, envelope_id: str, accept_different_key: bool) -> int:
    item = service.accept(envelope_id, accept_key_mismatch=accept_different_key)
    if item.state == "held":  # still held: other keys under a contact's name
        card, check = service.held_sender(item.envelope_id)
        warn_if_impersonation(check, card.name, card.fingerprint_hex)
        print(f"scelle: envelope {item.envelope_id} is still held: {item.reason}",
              file=sys.stderr)
        return 1
    print(f"envelope {item.envelope_id}: {item.state}")
    return 0
