"""`scelle --vault DIR delegation …`: a principal's delegations to assistants (app/delegation).

    delegation create --to FINGERPRINT --scope send,receive --until DATE [--from DATE]
                          sign a delegation and publish it; it is in force once the
                          organisation's admin certified it (`org delegation certify`)
    delegation list       delegations given (as principal) and received (as delegate)
    delegation revoke ID  revoke one of yours (a signed revocation, in the directory)
    delegation opened ENVELOPE
                          who of your delegates opened (or refused) an envelope addressed to
                          you: their signed receipts, verified

An assistant sends on behalf of a principal with `relay send --on-behalf FINGERPRINT …`.
Exit status: 0 done; 1 an error (one line on stderr); 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cli.vault_output import print_json, print_table
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.delegation.service import DelegationService
    from app.relay_client.delegations import PublishedDelegation


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "delegation", help="delegate sending and receiving to an assistant (with --vault)",
        description="A principal (lawyer, notary) lets an assistant's own identity send on "
        "their behalf and receive what is addressed to them; certified by the organisation.")
    commands = group.add_subparsers(dest="delegation_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    create = commands.add_parser("create", help="sign and publish a delegation")
    create.add_argument("--to", required=True, metavar="FINGERPRINT",
                        help="the assistant's identity fingerprint (64 hex digits)")
    create.add_argument("--scope", required=True, help="send, receive, or send,receive")
    create.add_argument("--until", required=True, metavar="DATE",
                        help="last day in force (YYYY-MM-DD, local) or an RFC 3339 time")
    create.add_argument("--from", dest="start", metavar="DATE",
                        help="first moment in force (default: now)")
    create.add_argument("--json", action="store_true", help="print JSON")
    vault_command(create, run_create, _check_create)
    listing = commands.add_parser("list", help="delegations given and received")
    listing.add_argument("--json", action="store_true", help="print JSON")
    vault_command(listing, run_list)
    revoke = commands.add_parser("revoke", help="revoke a delegation you gave")
    revoke.add_argument("delegation_id", metavar="ID", help="the delegation id (32 hex digits)")
    revoke.add_argument("--json", action="store_true", help="print JSON")
    vault_command(revoke, run_revoke)
    opened = commands.add_parser("opened", help="your delegates' receipts for an envelope")
    opened.add_argument("envelope", metavar="ENVELOPE", help="the envelope id (32 hex digits)")
    opened.add_argument("--json", action="store_true", help="print JSON")
    vault_command(opened, run_opened)


def _check_create(args: argparse.Namespace) -> None:
    """Before the passphrase: the scope and the dates are well formed."""
    from app.delegation.principal import parse_scope
    from app.delegation.service import parse_until
    from cli.common import CliUsageError
    from app.errors import ScelleError

    try:
        args.scopes = parse_scope(args.scope)
        args.until_at = parse_until(args.until)
        args.start_at = parse_until(args.start) if args.start else None
    except ScelleError as exc:
        raise CliUsageError(str(exc)) from None


def _service(context: VaultContext) -> DelegationService:
    from app.delegation.service import DelegationService

    return DelegationService(context.session())


def as_json(entry: PublishedDelegation) -> dict[str, Any]:
    d = entry.delegation
    cards = {"principal": entry.principal_card, "delegate": entry.delegate_card}
    return {"id": entry.id_hex, "state": entry.state, "principal": d.principal.hex(),
            "delegate": d.delegate.hex(), "scope": list(d.scope),
            "valid_from": d.valid_from.isoformat(), "valid_until": d.valid_until.isoformat(),
            "certified_by": d.certification.organisation if d.certification else None,
            **{f"{k}_name": c.name if c else None for k, c in cards.items()}}


def print_entries(entries: list[dict[str, Any]], role: str) -> None:
    other = "delegate" if role == "principal" else "principal"
    print_table(["ID", "STATE", "SCOPE", "UNTIL", other.upper()],
                [[e["id"], e["state"], ",".join(e["scope"]), e["valid_until"][:10],
                  e[f"{other}_name"] or e[other][:16]] for e in entries])


def _show(args: argparse.Namespace, entry: PublishedDelegation, verb: str) -> int:
    value = as_json(entry)
    if args.json:
        print_json(value)
    else:
        print(f"delegation {value['id']}: {verb} ({value['state']})")
    return 0


def run_create(args: argparse.Namespace, context: VaultContext) -> int:
    entry = _service(context).create(args.to, args.scopes, args.until_at, start=args.start_at)
    return _show(args, entry, "published, waiting for the organisation's certification"
                 if entry.state == "pending" else "published")


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    given, received = _service(context).mine()
    value = {"given": [as_json(e) for e in given], "received": [as_json(e) for e in received]}
    if args.json:
        print_json(value)
        return 0
    print("Given (you are the principal):")
    print_entries(value["given"], "principal")
    print("Received (you act for the principal):")
    print_entries(value["received"], "delegate")
    return 0


def run_revoke(args: argparse.Namespace, context: VaultContext) -> int:
    return _show(args, _service(context).revoke(args.delegation_id), "revoked")


def run_opened(args: argparse.Namespace, context: VaultContext) -> int:
    receipts = _service(context).delegate_receipts(args.envelope.strip().lower())
    rows = [{"recipient": r.statement["recipient"], "event": r.statement["event"],
             "time": r.statement["time"]} for r in receipts]
    if args.json:
        print_json(rows)
    else:
        print_table(["TIME", "EVENT", "DELEGATE"],
                    [[r["time"], r["event"], r["recipient"]] for r in rows])
    return 0
