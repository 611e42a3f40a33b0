"""`scelle --vault DIR relay intake …`: requests from outside, made on an intake page (issue 14,
app/intake).

    relay intake list [--all] [--json]     requests waiting to be received (`relay sync` fetches)
    relay intake receive ENVELOPE [--case NAME]   into the vault (the case is made if missing)
    relay intake reply ENVELOPE --message-file F [--subject S] [--attach FILE…]

A request comes from someone nobody authenticated: every listing says so, and the vault keeps
it marked as such (app/intake/note.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.common import read_argument_text
from cli.vault_output import info, print_json, print_table
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.intake.service import IntakeService
    from app.intake.state import IntakeItem

UNAUTHENTICATED = "unauthenticated outside request (demande extérieure non authentifiée)"


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "intake", help="requests from outside made on an intake page (unauthenticated)",
        description="Requests written on the organisation's intake page by people without an "
        "account. Nobody vouches for who sent them. 'relay sync' fetches them.")
    sub = group.add_subparsers(dest="intake_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    listing = sub.add_parser("list", help="requests waiting to be received")
    listing.add_argument("--all", action="store_true", help="also those received, refused or "
                         "expired")
    listing.add_argument("--json", action="store_true", help="print JSON")
    vault_command(listing, run_list)
    receive = sub.add_parser("receive", help="receive a request into the vault")
    receive.add_argument("envelope", help="envelope id (see 'relay intake list')")
    receive.add_argument("--case", metavar="NAME", help="file it in this case (made if missing)")
    vault_command(receive, run_receive)
    reply = sub.add_parser("reply", help="answer a received request (sealed for its reply key)")
    reply.add_argument("envelope", help="envelope id of the request")
    reply.add_argument("--message-file", metavar="F", required=True,
                       help="the reply's message (UTF-8 text)")
    reply.add_argument("--subject", default="", help="the reply's subject")
    reply.add_argument("--attach", nargs="+", default=[], metavar="FILE",
                       help="files to attach (at most 20)")
    vault_command(reply, run_reply)


def _service(context: VaultContext) -> IntakeService:
    from app.intake.service import IntakeService

    return IntakeService(context.session())


def row(item: IntakeItem) -> dict[str, Any]:
    from app.times import format_epoch

    return {"envelope_id": item.envelope_id, "state": item.state, "origin": UNAUTHENTICATED,
            "intake": item.intake, "intake_version": item.intake_version, "size": item.size,
            "deposited": format_epoch(item.deposited),
            "available_until": format_epoch(item.available_until), "subject": item.subject,
            "case": item.case_id, "note_document": item.note_document,
            "reply_possible": None if item.state != "received" else
            item.reply_recipient is not None, "reason": item.reason}


def mention_waiting(context: VaultContext) -> None:
    """One line under `relay inbox` when requests from outside wait (never their content)."""
    waiting = _service(context).waiting()
    if waiting:
        info(f"{len(waiting)} {UNAUTHENTICATED}(s) waiting: see 'relay intake list'")


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    service = _service(context)
    rows = [row(i) for i in (service.items() if args.all else service.waiting())]
    if args.json:
        print_json(rows)
        return 0
    info(f"every request below is an {UNAUTHENTICATED}: nobody vouches for who sent it")
    print_table(["ENVELOPE", "STATE", "SIZE", "INTAKE POINT", "SUBJECT"],
                [[r["envelope_id"], r["state"], r["size"], r["intake"], r["subject"] or ""]
                 for r in rows], right=[2])
    return 0


def run_receive(args: argparse.Namespace, context: VaultContext) -> int:
    from cli.vault_docs import find_case

    case_id = find_case(context.session(), args.case, create=True) if args.case else None
    item = _service(context).receive(args.envelope, case_id=case_id)
    if item.state != "received":
        info(f"request {item.envelope_id} was refused: {item.reason}")
        return 1
    where = f"case {item.case_id}" if item.case_id is not None else "the vault (no case)"
    print(f"request {item.envelope_id}: received into {where}, note document "
          f"{item.note_document}")
    info(f"{UNAUTHENTICATED}: the requester's name and contact are what they typed")
    if item.reply_recipient is None:
        info("the requester asked for no reply")
    return 0


def run_reply(args: argparse.Namespace, context: VaultContext) -> int:
    from app.intake.reply import ReplyDraft

    message = read_argument_text(args.message_file, "message file")
    draft = ReplyDraft(message=message, subject=args.subject,
                       attachments=tuple(Path(p) for p in args.attach))
    service = _service(context)
    service.check_reply(args.envelope, draft)  # refusals before the files are read
    sent = service.reply(args.envelope, draft)
    print(f"reply {sent.reply_id} posted ({sent.size} bytes, readable only with the "
          f"requester's reply code); copy filed as document {sent.note_document}")
    return 0
