"""`assureur`: the reference insurer client (app/brokerage/insurer_client.py, docs/courtage.md
§10), run unattended by an insurer's system with a machine identity's vault:

    scelle --vault V --passphrase-file P [--pin-file F] assureur enrol URL CODE [--relay-key ID]
    scelle --vault V --passphrase-file P [--pin-file F] assureur deposit FILE [--mapping M] --to FP
    scelle --vault V --passphrase-file P [--pin-file F] assureur status [--no-sync] [--json]

It never prompts: the passphrase (and a token's PIN) come from files that only the service's
user may read, checked before the vault is touched. Exit status: 0 done; 1 refused or not done
(a statement that does not validate, a relay refusal, a deposit still waiting in the outbox); 2 set-up error (a secret file open
to others, no passphrase file, an identity that is not a machine's, a usage error). What is
printed names statement ids and envelope ids, never a statement's content.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import passphrase_file_of
from cli.vault_output import print_json, print_table, safe
from cli.vault_unlock import VaultContext, option_of, vault_command

if TYPE_CHECKING:
    from app.brokerage.insurer_client import InsurerClient
    from app.relay_client import RelayService


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "assureur", help="reference insurer client: deposit statements to brokers (unattended)",
        description="An insurer's system depositing its premium and commission statements to "
        "brokers through the relay, with a machine identity, without any prompt. See "
        "docs/courtage.md.")
    sub = group.add_subparsers(dest="assureur_command", metavar="COMMAND", required=True)
    p = sub.add_parser("enrol", help="join the relay with an invitation code")
    p.add_argument("url", help="the relay's address")
    p.add_argument("code", help="the invitation code from the insurer organisation's admin")
    p.add_argument("--relay-key", metavar="ID", help="the relay's key id, to compare")
    p.add_argument("--allow-http", action="store_true",
                   help="allow a plain http:// relay address (loopback or a closed network)")
    vault_command(p, run_enrol, check_unattended)
    p = sub.add_parser("deposit", help="validate, seal and deposit a statement for a broker")
    p.add_argument("file", help="the statement: scelle-courtage-statement/1 JSON, or the "
                   "insurer's CSV with --mapping")
    p.add_argument("--mapping", help="the mapping file of the CSV (scelle-courtage-mapping/1)")
    p.add_argument("--to", required=True, metavar="FINGERPRINT",
                   help="the broker's card fingerprint (64 hex digits), given by the broker")
    p.add_argument("--days", type=int, default=30, help="availability on the relay (1-30)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    vault_command(p, run_deposit, check_unattended)
    p = sub.add_parser("status", help="the statements deposited and the proofs received")
    p.add_argument("--no-sync", action="store_true", help="do not contact the relay first")
    p.add_argument("--json", action="store_true", help="print as JSON")
    vault_command(p, run_status, check_unattended)


def check_unattended(args: argparse.Namespace) -> None:
    """Before the vault is touched: secrets come from files that only this user may read."""
    from app.brokerage.insurer_client import UnattendedError, require_private_file

    passphrase = passphrase_file_of(args)
    if not passphrase:
        raise UnattendedError("The insurer client runs unattended: give the vault's passphrase "
                              "with --passphrase-file (a file of mode 0600).")
    require_private_file(Path(passphrase), "passphrase file")
    pin = option_of(args, "pin_file")
    if pin:
        require_private_file(Path(pin), "PIN file")


def _client(context: VaultContext) -> tuple[InsurerClient, RelayService]:
    from app.brokerage.insurer_client import InsurerClient
    from app.relay_client import RelayService

    session = context.session()
    relay = RelayService(session)
    return InsurerClient(session, relay, session.audit), relay


def run_enrol(args: argparse.Namespace, context: VaultContext) -> int:
    client, relay = _client(context)
    try:
        membership = client.enrol(args.url, args.code, relay_key_id=args.relay_key,
                                  allow_plain_http=args.allow_http)
    finally:
        relay.close()
    print(f"enrolled: {safe(membership.status)}")
    return 0


def run_deposit(args: argparse.Namespace, context: VaultContext) -> int:
    client, relay = _client(context)
    try:
        done = client.deposit(Path(args.file), args.to,
                              mapping=Path(args.mapping) if args.mapping else None,
                              days=args.days)
    finally:
        relay.close()
    value = {"statement": done.statement, "insurer": done.insurer, "broker": done.broker,
             "lines": done.lines, "state": done.state, "envelope": done.envelope_id,
             "already_deposited": not done.new}
    if args.json:
        print_json(value)
    else:
        again = " (already deposited: nothing sent again)" if not done.new else ""
        print(f"statement {safe(done.statement)}: {done.state}"
              f"{' as envelope ' + done.envelope_id if done.envelope_id else ''}{again}")
    # Not on the relay yet (unreachable, refused): non-zero, so that a scheduler retries; the
    # retry finishes this same deposit.
    return 0 if done.state == "deposited" else 1


def run_status(args: argparse.Namespace, context: VaultContext) -> int:
    client, relay = _client(context)
    try:
        rows = client.status(sync=not args.no_sync)
    finally:
        relay.close()
    if args.json:
        print_json([{"statement": s.deposit.statement, "insurer": s.deposit.insurer,
                     "broker": s.deposit.broker, "state": s.deposit.state,
                     "envelope": s.deposit.envelope_id, "proofs": list(s.proofs)}
                    for s in rows])
    else:
        print_table(("STATEMENT", "STATE", "PROOFS", "BROKER"),
                    [(safe(s.deposit.statement), s.deposit.state, ", ".join(s.proofs) or "-",
                      s.deposit.broker[:16]) for s in rows])
    return 0
