"""The warning printed when a sealed file's card bears a contact's name or organisation but
other keys (the wire-fraud case; the rule is app/vault/sender_check.py)."""

from __future__ import annotations

import sys

from app.vault.sender_check import MatchedField, SenderCheck, SenderKind
from cli.vault_output import safe

_FIELDS = {MatchedField.NAME: "name", MatchedField.ORGANISATION: "organisation"}


def impersonation_lines(check: SenderCheck, card_name: str, fingerprint: str) -> list[str]:
    lines = ["WARNING: DIFFERENT KEY UNDER A KNOWN NAME",
             f"  This file's identity card says '{safe(card_name)}', but it is signed by keys "
             "that none of your contacts has",
             f"  (sender key {fingerprint})."]
    for clash in check.clashes:
        contact = clash.contact
        fields = " and ".join(_FIELDS[f] for f in clash.fields)
        state = "verified" if contact.verified else "not verified"
        lines.append(f"  Same {fields} as your contact {contact.id} '{safe(contact.name)}' "
                     f"({state}, key {contact.card.fingerprint_hex[:16]}…).")
    lines += ["  It may be a new computer, or someone impersonating your contact (a changed",
              "  bank account number is the classic fraud). Call them on a telephone number you",
              "  already know, never one from this message, and compare the safety number.",
              "  Only then receive it with --accept-different-key."]
    return lines


def warn_if_impersonation(check: SenderCheck | None, card_name: str, fingerprint: str) -> None:
    """Print the warning on standard error if `check` is an impersonation."""
    if check is not None and check.kind is SenderKind.IMPERSONATION:
        print("\n".join(impersonation_lines(check, card_name, fingerprint)), file=sys.stderr)

