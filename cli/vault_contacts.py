"""Contacts and the holder's identity: `contacts [list|import|verify|show|remove]`, `identity`.

A contact is a correspondent's identity card pinned by fingerprint (app/vault/contacts.py).
Nothing can be sealed to it until the 60-digit safety number was compared with the person and
confirmed with `contacts verify ID --safety-number DIGITS`; the digits typed are checked
against the cards, so a number read from another pair of cards marks nothing.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.identities import IdentityCard, format_fingerprint, party_number, qr_text, safety_number
from app.times import format_time
from cli.common import CliInputError, check_output_path, staged_output
from cli.vault_docs import document_id
from cli.vault_output import print_json, print_table, safe, when
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.vault import Contact, VaultSession

STATES = ("unverified", "verified", "key_changed")  # app.vault.ContactState values


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "contacts", help="correspondents' identity cards (with --vault)",
        description="List contacts (default), import a card, verify a safety number, show or "
        "remove a contact.")
    group.add_argument("--json", action="store_true", help="print the list as JSON")
    commands = group.add_subparsers(dest="contacts_command", metavar="COMMAND")
    vault_command(group, run_list)
    _register_list(commands)
    _register_import(commands)
    _register_verify(commands)
    _register_show(commands)
    _register_remove(commands)
    _register_identity(subparsers)


def contact_json(contact: Contact, session: VaultSession) -> dict[str, Any]:
    return {**card_json(contact.card), "id": contact.id, "state": contact.state.value,
            "verified_at": when(contact.verified_at),
            "verified_method": contact.verified_method.value if contact.verified_method
            else None,
            "safety_number": safety_number(session.identity.card, contact.card)}


def card_json(card: IdentityCard) -> dict[str, Any]:
    return {"name": card.name, "role": card.role, "organisation": card.organisation,
            "fingerprint": card.fingerprint_hex, "created": format_time(card.created),
            "expires": format_time(card.expires), "valid_now": card.is_valid_at(),
            "post_quantum": card.has_hybrid}


# ---------------------------------------------------------------------------------------------
# list, import


def _register_list(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("list", help="list contacts")
    p.add_argument("--state", choices=STATES,
                   help="only contacts in this state")
    p.add_argument("--json", dest="sub_json", action="store_true", help="print as JSON")
    vault_command(p, run_list)


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    contacts = session.contacts.list(state=getattr(args, "state", None))
    if args.json or getattr(args, "sub_json", False):
        print_json([contact_json(c, session) for c in contacts])
        return 0
    rows = [(c.id, c.state.value, c.card.fingerprint_hex[:16], _holder(c.card))
            for c in contacts]
    print_table(("ID", "STATE", "FINGERPRINT", "NAME"), rows, right=(0,))
    return 0


def _holder(card: IdentityCard) -> str:
    details = ", ".join(part for part in (card.role, card.organisation) if part)
    return f"{card.name} ({details})" if details else card.name


def _register_import(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("import", help="import a correspondent's identity card",
                            description="Add (or update) a contact from an identity card "
                            "file. Its safety number must then be compared and verified.")
    p.add_argument("card", metavar="CARD.json", help="the identity card file")
    p.add_argument("--as-new", action="store_true",
                   help="a namesake: add it as a separate contact, not a key change")
    p.add_argument("--replaces", type=document_id, metavar="ID",
                   help="the contact whose keys this card replaces (several share the name)")
    p.add_argument("--json", dest="sub_json", action="store_true", help="print as JSON")
    vault_command(p, run_import)


def run_import(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    result = session.contacts.import_card_file(args.card, as_new=args.as_new,
                                               replaces=args.replaces)
    contact = result.contact
    if args.sub_json:
        print_json({**contact_json(contact, session), "outcome": result.outcome.value})
        return 0
    print(f"contact {contact.id}: {result.outcome.value} ({safe(_holder(contact.card))})")
    if not contact.verified:
        print("Compare this safety number with your correspondent, then run "
              f"`contacts verify {contact.id} --safety-number DIGITS`:")
        print(_indent(session.contacts.safety_number(contact.id)))
    return 0


# ---------------------------------------------------------------------------------------------
# verify, show, remove


def _register_verify(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("verify", help="mark a contact verified after comparing numbers",
                            description="Confirm that the 60-digit safety number you compared "
                            "with the correspondent is the one of your two cards.")
    p.add_argument("id", type=document_id, metavar="ID", help="contact id")
    p.add_argument("--safety-number", required=True, metavar="DIGITS",
                   help="the 60 digits as compared (spaces allowed)")
    vault_command(p, run_verify)


def run_verify(args: argparse.Namespace, context: VaultContext) -> int:
    contact = context.session().contacts.verify_safety_number(args.id, args.safety_number)
    print(f"contact {contact.id} verified")
    return 0


def _register_show(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("show", help="a contact's card, state and safety number")
    p.add_argument("id", type=document_id, metavar="ID", help="contact id")
    p.add_argument("--qr", action="store_true", help="also print the pair's QR code")
    p.add_argument("--json", dest="sub_json", action="store_true", help="print as JSON")
    vault_command(p, run_show)


def run_show(args: argparse.Namespace, context: VaultContext) -> int:
    session = context.session()
    contact = session.contacts.get(args.id)
    if args.sub_json:
        print_json({**contact_json(contact, session),
                    "qr_payload": session.contacts.qr_payload(contact.id),
                    "previous_fingerprints": [f.hex() for f in contact.previous_fingerprints]})
        return 0
    print(f"Contact:       {contact.id} ({contact.state.value})")
    print_card(contact.card)
    if contact.verified_at is not None:
        print(f"Verified:      {when(contact.verified_at)}")
    print("Safety number of the pair (compare all 60 digits with your correspondent):")
    print(_indent(session.contacts.safety_number(contact.id)))
    if args.qr:
        sys.stdout.write(qr_text(session.contacts.qr_payload(contact.id)))
    return 0


def _register_remove(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("remove", help="remove a contact")
    p.add_argument("id", type=document_id, metavar="ID", help="contact id")
    vault_command(p, run_remove)


def run_remove(args: argparse.Namespace, context: VaultContext) -> int:
    context.session().contacts.delete(args.id)
    print(f"contact {args.id} removed")
    return 0


def print_card(card: IdentityCard) -> None:
    print(f"Name:          {safe(card.name)}")
    print(f"Role:          {safe(card.role) or '-'}")
    print(f"Organisation:  {safe(card.organisation) or '-'}")
    print(f"Fingerprint:   {format_fingerprint(card.fingerprint)}")
    valid = "" if card.is_valid_at() else "  (NOT VALID NOW)"
    print(f"Valid:         {format_time(card.created)} to {format_time(card.expires)}{valid}")


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


# ---------------------------------------------------------------------------------------------
# identity: the holder's own card


def _register_identity(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "identity", help="the vault holder's identity card (with --vault)",
        description="Show the holder's card, or with -o write it to a file for "
        "correspondents to import (`contacts import`). The card holds no secret.")
    p.add_argument("-o", "--output", metavar="CARD.json",
                   help="write the card to this file (never overwritten); - for standard output")
    p.add_argument("--json", action="store_true", help="print the card's details as JSON")
    vault_command(p, run_identity, _check_identity)


def _check_identity(args: argparse.Namespace) -> None:
    if args.output and args.output != "-":
        check_output_path(args.output, overwrite=False)
    if args.output and args.json:
        raise CliInputError("-o and --json exclude each other")


def run_identity(args: argparse.Namespace, context: VaultContext) -> int:
    card = context.session().identity.card
    if args.output:
        with staged_output(args.output, overwrite=False) as out:
            out.write(card.to_bytes())
        return 0
    if args.json:
        print_json({**card_json(card), "safety_number": party_number(card)})
        return 0
    print_card(card)
    return 0
