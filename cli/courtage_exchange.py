"""The broker's side of the exchanges with insurers over the relay (docs/courtage.md §8):

    scelle --vault V courtage insurers key CODE (--org-key HEX | --forget)
    scelle --vault V courtage statement inbox [--no-sync] [--json]
    scelle --vault V courtage notices --from D1 --to D2 [--receipts] --send

`inbox` syncs with the relay, receives the held envelopes of senders certified by a pinned
insurer key, then imports every statement received (app/brokerage/statement_inbox.py). Exit
status: 0 when every statement was imported (or none was waiting), 1 when one was refused.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from cli.courtage_reports import print_statement_report, statement_report_json
from cli.vault_output import print_json, safe
from cli.vault_unlock import VaultContext, vault_command


def register_insurer_key(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("key", help="pin the organisation key that certifies an insurer's "
                       "machine identity on the relay (compare it with the insurer first)")
    p.add_argument("code", help="the insurer's code")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--org-key", metavar="HEX",
                       help="the insurer organisation's public key, 64 hex digits")
    which.add_argument("--forget", action="store_true", help="unpin the insurer's key")
    vault_command(p, run_insurer_key)


def register_inbox(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("inbox", help="import the statements insurers deposited on the relay")
    p.add_argument("--no-sync", action="store_true",
                   help="only the statements already received into the vault")
    p.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    vault_command(p, run_inbox)


def run_insurer_key(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage import Brokerage

    inbox = Brokerage(context.session()).inbox
    insurer = inbox.pin_insurer_key(args.code, None if args.forget else args.org_key)
    print(f"insurer {safe(insurer.code)}: organisation key "
          f"{'forgotten' if args.forget else 'pinned'}")
    return 0


def run_inbox(args: argparse.Namespace, context: VaultContext) -> int:
    from app.brokerage import Brokerage

    session = context.session()
    inbox = Brokerage(session).inbox
    errors: list[str] = []
    if not args.no_sync:
        from app.relay_client import RelayService

        relay = RelayService(session)
        try:
            report = relay.sync()
            errors = report.errors
            inbox.accept_held(relay)
        finally:
            relay.close()
    outcomes = inbox.import_pending()
    if args.json:
        print_json({"outcomes": [_outcome_json(o) for o in outcomes], "sync_errors": errors})
    else:
        _print(outcomes, errors)
    return 1 if any(not o.imported for o in outcomes) else 0


def _outcome_json(outcome: Any) -> dict[str, Any]:
    return {"document": outcome.document_id, "imported": outcome.imported,
            "insurer": outcome.insurer, "statement": outcome.statement,
            "reason": outcome.reason,
            "report": statement_report_json(outcome.report) if outcome.report else None}


def _print(outcomes: list[Any], errors: list[str]) -> None:
    for line in errors:
        print(f"relay: {line}")
    if not outcomes:
        print("no statement waiting")
    for o in outcomes:
        who = f"{safe(o.insurer) or 'unknown sender'} {safe(o.statement)}".strip()
        if o.imported:
            print(f"document {o.document_id}: {who}: imported")
            print_statement_report(o.report, False, "  ")
        else:
            print(f"document {o.document_id}: {who}: refused: {o.reason}")


def send_notices(context: VaultContext, notices: Any, start: date, end: date,
                 receipts: bool) -> int:
    """`courtage notices --send`: through the relay, one envelope per linked client."""
    from app.relay_client import RelayService

    relay = RelayService(context.session())
    try:
        sent = notices.send_for_clients(start, end, relay, receipts=receipts)
    finally:
        relay.close()
    for done in sent:
        if done.refused:
            print(f"  {safe(done.client)}: not sent: {done.refused}")
        elif done.envelope_id is None:
            print(f"  {safe(done.client)}: {done.state}")
        else:
            print(f"  {safe(done.client)}: {done.documents} document(s) {done.state} as "
                  f"envelope {done.envelope_id}")
    return 1 if any(d.refused for d in sent) else 0
