"""`scelle --vault DIR org …`: administer an organisation from its admin's vault (app/org/).

    org key import FILE --organisation NAME [--key-passphrase-file F]
                                     keep the key file `scelle-relay org create` wrote
    org key create --organisation NAME [--public-key-file OUT]
                                     a new organisation key inside the vault
    org key token --organisation NAME --token LABEL [--token-serial S] [--pkcs11-module LIB]
                  [--pin-file F] [--public-key-file OUT]
                                     a new organisation key on a PKCS#11 token
    org key list | org key remove --organisation NAME
    org info                         the organisation the key administers on the relay
    org invite [--role member|admin] [--valid-hours N]
    org members                      every member and its state
    org certify FINGERPRINT [--yes]  shows the card, asks to compare, certifies it here
    org revoke FINGERPRINT --reason removed-from-roll|lost-key|departure
    org audit [--limit N]            the organisation's own audit trail on the relay

Requests to the relay are signed with the organisation key (in the vault or on the token; the
token's PIN comes from `--pin-file` or is asked), over the relay connection of the vault, which
must have joined the relay (`relay join`). `--organisation NAME` picks the key when the vault
holds several. Every list takes `--json`.

Other command modules add subcommands to `org` (duty groups, delegations): list the module in
`SUBCOMMAND_MODULES`; its `register_org(commands)` adds parsers to the `org` subparsers, and
may use `org_signer_of(args, context)` and `add_signer_options(parser)` from here.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cli.common import CliUsageError, _terminal_available, write_new_private_file
from cli.org_output import (
    print_audit,
    print_invitation,
    print_key,
    print_keys,
    print_member,
    print_members,
    show_card_to_compare,
)
from cli.vault_unlock import VaultContext, option_of, pin_provider, read_secret_file, \
    vault_command

if TYPE_CHECKING:
    from app.org.admin import OrgAdministration
    from app.org.keys import OrgKeyRecord
    from app.org.signer import OrgSigner

#: Modules adding subcommands to `org`, each with `register_org(commands)` (one line each).
SUBCOMMAND_MODULES: tuple[str, ...] = ("cli.org_delegations", "cli.org_groups",
                                       "cli.org_intake")
REASONS = ("removed-from-roll", "lost-key", "departure")  # crypto/org_admin.py, kept light


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "org", help="administer your organisation on the relay (with --vault)",
        description="Invite, certify and revoke members and read the audit trail of your "
        "organisation, with its certification key kept in your vault or on a token.")
    commands = group.add_subparsers(dest="org_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    _key_commands(commands)
    _request(commands, "info", "the organisation this key administers", run_info)
    invite = _request(commands, "invite", "a one-time invitation code", run_invite)
    invite.add_argument("--role", choices=("member", "admin"), default="member")
    invite.add_argument("--valid-hours", type=int, default=72, metavar="N")
    _request(commands, "members", "every member and its state", run_members)
    certify = _request(commands, "certify", "certify a member's card after comparing its "
                       "fingerprint", run_certify)
    certify.add_argument("fingerprint", help="the card's fingerprint, as the member reads it")
    certify.add_argument("--yes", action="store_true",
                         help="certify without asking (the fingerprint was compared)")
    revoke = _request(commands, "revoke", "revoke a member's card", run_revoke)
    revoke.add_argument("fingerprint")
    revoke.add_argument("--reason", required=True, choices=REASONS,
                        help="removal from the roll, lost or compromised key, departure")
    audit = _request(commands, "audit", "the organisation's audit trail on the relay",
                     run_audit)
    audit.add_argument("--limit", type=int, default=100, metavar="N")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register_org(commands)


def add_signer_options(parser: argparse.ArgumentParser) -> None:
    """Which key signs, and the token's PIN: for every command that signs for the org."""
    parser.add_argument("--organisation", metavar="NAME",
                        help="the organisation's key to use (when the vault holds several)")
    parser.add_argument("--pin-file", dest="sub_pin_file", metavar="F",
                        help="the token's PIN in a file (else asked on the terminal)")
    parser.add_argument("--json", action="store_true", help="print JSON")


def _request(commands: argparse._SubParsersAction, name: str, help_text: str,
             run: object) -> argparse.ArgumentParser:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    add_signer_options(parser)
    vault_command(parser, run)  # type: ignore[arg-type]
    return parser


@contextmanager
def org_signer_of(args: argparse.Namespace, context: VaultContext) -> Iterator[OrgSigner]:
    """The organisation key of the vault (PIN from --pin-file or asked), closed afterwards."""
    from app.org.signer import org_signer

    pin = pin_provider(args, "Organisation key token PIN")
    with org_signer(context.session(), organisation=args.organisation, pin=pin) as signer:
        yield signer


@contextmanager
def _administration(args: argparse.Namespace, context: VaultContext
                    ) -> Iterator[OrgAdministration]:
    from app.org.admin import OrgAdministration

    with org_signer_of(args, context) as signer, \
            OrgAdministration.open(context.session(), signer) as org:
        yield org


def run_info(args: argparse.Namespace, context: VaultContext) -> int:
    with _administration(args, context) as org:
        info = org.organisation()
    if args.json:
        from cli.vault_output import print_json

        print_json({"id": info.id, "name": info.name, "linked": list(info.linked)})
    else:
        print(f"Organisation: {info.name}")
        print("Linked with: " + (", ".join(info.linked) or "no other organisation"))
    return 0


def run_invite(args: argparse.Namespace, context: VaultContext) -> int:
    with _administration(args, context) as org:
        print_invitation(org.invite(args.role, args.valid_hours), as_json=args.json)
    return 0


def run_members(args: argparse.Namespace, context: VaultContext) -> int:
    with _administration(args, context) as org:
        print_members(org.members(), as_json=args.json)
    return 0


def run_certify(args: argparse.Namespace, context: VaultContext) -> int:
    if not args.yes and not _terminal_available():
        raise CliUsageError("no terminal to confirm on; compare the fingerprint with the "
                            "member, then give --yes")
    with _administration(args, context) as org:
        member = org.pending_card(args.fingerprint)
        # The comparison is for the person: on stderr when stdout carries JSON.
        show_card_to_compare(member, context.session().identity.card,
                             sys.stderr if args.json else sys.stdout)
        if not args.yes and not _confirmed():
            print("Nothing was certified.", file=sys.stderr)
            return 1
        print_member(org.certify(member), as_json=args.json)
    return 0


def _confirmed() -> bool:
    with open("/dev/tty", "r+", encoding="utf-8") as tty:
        tty.write("Certify this card? Type yes to confirm: ")
        tty.flush()
        return tty.readline().strip().lower() == "yes"


def run_revoke(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.intake_sync import revoke_member  # republishes the intake points listing them
    from cli.org_intake_output import print_republished

    with _administration(args, context) as org:
        member, republished = revoke_member(org, args.fingerprint, args.reason)
        print_member(member, as_json=args.json)
        print_republished(republished)
    return 0


def run_audit(args: argparse.Namespace, context: VaultContext) -> int:
    with _administration(args, context) as org:
        print_audit(org.audit(args.limit), as_json=args.json)
    return 0


# -- org key ----------------------------------------------------------------------------------

def _key_commands(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("key", help="the organisation key held by this vault",
                                description="Import, make or list the organisation's "
                                "certification key (in the vault or on a PKCS#11 token).")
    keys = group.add_subparsers(dest="org_key_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    imported = _key_parser(keys, "import", "keep the key file `scelle-relay org create` wrote",
                           run_key_import)
    imported.add_argument("file", help="the organisation key file (PEM)")
    imported.add_argument("--key-passphrase-file", metavar="F",
                          help="the key file's passphrase, if it has one")
    created = _key_parser(keys, "create", "a new organisation key inside the vault",
                          run_key_create)
    created.add_argument("--public-key-file", metavar="OUT",
                         help="also write the public key (hex) to this new file")
    token = _key_parser(keys, "token", "a new organisation key on a PKCS#11 token",
                        run_key_token)
    token.add_argument("--token", metavar="LABEL", help="the token's label")
    token.add_argument("--token-serial", metavar="S", help="the token's serial number")
    token.add_argument("--pkcs11-module", dest="sub_pkcs11_module", metavar="LIB",
                       help="the token's PKCS#11 library")
    token.add_argument("--pin-file", dest="sub_pin_file", metavar="F",
                       help="the token's PIN in a file (else asked on the terminal)")
    token.add_argument("--public-key-file", metavar="OUT",
                       help="also write the public key (hex) to this new file")
    _key_parser(keys, "list", "the organisation keys this vault holds", run_key_list,
                named=False)
    _key_parser(keys, "remove", "forget an organisation key (a token keeps its key)",
                run_key_remove)


def _key_parser(keys: argparse._SubParsersAction, name: str, help_text: str, run: object,
                *, named: bool = True) -> argparse.ArgumentParser:
    parser = keys.add_parser(name, help=help_text, description=help_text)
    if named:
        parser.add_argument("--organisation", metavar="NAME", required=True,
                            help="the organisation's name on the relay")
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run)  # type: ignore[arg-type]
    return parser


def run_key_import(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.signer import import_key_file

    passphrase = (read_secret_file(args.key_passphrase_file, "key passphrase file").encode()
                  if args.key_passphrase_file else None)
    record = import_key_file(context.session(), args.file, args.organisation,
                             passphrase=passphrase)
    print_key(record, as_json=args.json)
    print(f"The key is now in the vault. Shred the file {args.file} and every copy of it "
          "(e.g. shred -u FILE): it is no longer needed.", file=sys.stderr)
    return 0


def run_key_create(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.signer import create_vault_key

    record = create_vault_key(context.session(), args.organisation)
    _public_key_out(args, record)
    return 0


def run_key_token(args: argparse.Namespace, context: VaultContext) -> int:
    from app.key_factors import TokenSelector
    from app.org.signer import create_token_key

    if not args.token and not args.token_serial:
        raise CliUsageError("name the token with --token LABEL or --token-serial S")
    record = create_token_key(
        context.session(), args.organisation,
        token=TokenSelector(label=args.token, serial=args.token_serial),
        module_path=option_of(args, "pkcs11_module"),
        pin=pin_provider(args, "Token PIN"))
    _public_key_out(args, record)
    return 0


def _public_key_out(args: argparse.Namespace, record: OrgKeyRecord) -> None:
    if args.public_key_file:
        write_new_private_file(args.public_key_file, (record.public_key_hex + "\n").encode())
    print_key(record, as_json=args.json)
    print("Give the public key to the relay's operator: scelle-relay org create "
          f"{record.organisation!r} --public-key {record.public_key_hex}", file=sys.stderr)


def run_key_list(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.signer import org_keys

    print_keys(org_keys(context.session()).list(), as_json=args.json)
    return 0


def run_key_remove(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.signer import org_keys

    org_keys(context.session()).remove(args.organisation)
    print(f"The key of {args.organisation} was removed from the vault.", file=sys.stderr)
    return 0
