"""`scelle --vault DIR org delegation …`: the organisation admin certifies delegations.

    org delegation list                 the organisation's delegations waiting for certification
    org delegation certify ID           checks the principal's signature and both cards, then
                                        countersigns with the organisation key
    org delegation revoke ID --principal FINGERPRINT
                                        revoke a delegation in force, as the organisation

Registered into `org` by cli/org_cmd.py (`SUBCOMMAND_MODULES`); the key options are theirs.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cli.delegation_cmd import as_json, print_entries
from cli.org_cmd import add_signer_options, org_signer_of
from cli.vault_output import print_json
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.delegation.service import DelegationService


def register_org(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("delegation", help="certify the members' delegations",
                                description="Delegations principals gave to assistants wait "
                                "for the organisation's certification before they are in force.")
    sub = group.add_subparsers(dest="org_delegation_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    listing = sub.add_parser("list", help="delegations waiting for certification")
    listing.add_argument("--json", action="store_true", help="print JSON")
    vault_command(listing, run_list)
    certify = sub.add_parser("certify", help="certify a pending delegation")
    certify.add_argument("delegation_id", metavar="ID")
    add_signer_options(certify)
    vault_command(certify, run_certify)
    revoke = sub.add_parser("revoke", help="revoke a delegation in force, as the organisation")
    revoke.add_argument("delegation_id", metavar="ID")
    revoke.add_argument("--principal", required=True, metavar="FINGERPRINT")
    add_signer_options(revoke)
    vault_command(revoke, run_revoke)


def _service(context: VaultContext) -> DelegationService:
    from app.delegation.service import DelegationService

    return DelegationService(context.session())


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    entries = [as_json(e) for e in _service(context).pending()]
    if args.json:
        print_json(entries)
    else:
        print_entries(entries, "principal")
    return 0


def run_certify(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.signer import org_keys

    organisation = org_keys(context.session()).get(args.organisation).organisation
    with org_signer_of(args, context) as signer:
        entry = _service(context).certify(args.delegation_id, signer, organisation)
    if args.json:
        print_json(as_json(entry))
    else:
        print(f"delegation {entry.id_hex}: certified ({entry.state})")
    return 0


def run_revoke(args: argparse.Namespace, context: VaultContext) -> int:
    with org_signer_of(args, context) as signer:
        entry = _service(context).revoke_as_organisation(args.delegation_id, args.principal,
                                                         signer)
    if args.json:
        print_json(as_json(entry))
    else:
        print(f"delegation {entry.id_hex}: revoked ({entry.state})")
    return 0
