"""`scelle id …`: private identities, identity cards, safety numbers, export to age.

Identities, cards and safety numbers are made and checked by `app.identities`; this module maps
options onto it and prints.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.common import (
    CliInputError,
    CliUsageError,
    check_output_path,
    load_identity_arg,
    add_passphrase_file_option,
    obtain_passphrase,
    passphrase_file_of,
    read_argument_bytes,
    staged_output,
    write_new_private_file,
)
from app import identities
from app.identities import (
    DEFAULT_VALIDITY_DAYS as DEFAULT_DAYS,
    MAX_VALIDITY_DAYS as MAX_DAYS,
    CardError,
    FileKind,
    IdentityCard,
    format_fingerprint,
    parse_card,
)
from app.times import format_time


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "id", help="identities and identity cards",
        description="Create identities, export their public cards, compare safety numbers.",
    )
    commands = group.add_subparsers(dest="id_command", metavar="COMMAND")
    group.set_defaults(func=lambda _args: _usage(group))
    _register_new(commands)
    _register_card(commands)
    _register_show(commands)
    _register_export_age(commands)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# ---------------------------------------------------------------------------------------------
# new


def _register_new(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("new", help="create a private identity file",
                            description="Create a private identity (signing key, X25519 and "
                            "post-quantum hybrid age keys) and its self-signed card.")
    p.add_argument("--name", required=True, help="holder's name, as shown to correspondents")
    p.add_argument("--role", default="", help="role (avocat, notaire, OPJ, greffier…)")
    p.add_argument("--org", default="", help="organisation (bar, office, court, station…)")
    p.add_argument("-o", "--output", required=True, metavar="ID_FILE",
                   help="identity file to create (0600; never overwritten)")
    p.add_argument("--unprotected", action="store_true",
                   help="store the identity without a passphrase (only on protected storage)")
    p.add_argument("--days", type=int, default=DEFAULT_DAYS, metavar="N",
                   help=f"validity of the card in days (default {DEFAULT_DAYS})")
    add_passphrase_file_option(p, "read the new identity's passphrase from F (first line)")
    p.set_defaults(func=run_new)


def run_new(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= MAX_DAYS:
        raise CliUsageError(f"--days must be between 1 and {MAX_DAYS}")
    if args.unprotected and passphrase_file_of(args):
        raise CliUsageError("--unprotected and --passphrase-file exclude each other")
    # Checked before the passphrase is asked: a refusal after typing it twice is unkind.
    check_output_path(args.output, overwrite=False)
    passphrase = None
    if not args.unprotected:
        passphrase = obtain_passphrase(args, "Passphrase for the new identity", confirm=True)
    card = identities.create_identity_file(args.output, args.name, args.role, args.org,
                                           days=args.days, passphrase=passphrase)
    print(f"Identity created in {args.output}"
          + (" (UNPROTECTED: no passphrase)" if args.unprotected else ""), file=sys.stderr)
    _print_card(card)
    return 0


# ---------------------------------------------------------------------------------------------
# card


def _register_card(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("card", help="export the public identity card of an identity",
                            description="Write the public, self-signed identity card (JSON) "
                            "to give to correspondents.")
    p.add_argument("identity", metavar="ID_FILE", help="identity file")
    p.add_argument("-o", "--output", metavar="CARD.json",
                   help="card file to create (never overwritten); standard output if omitted")
    add_passphrase_file_option(p, "passphrase of the identity file, first line of F")
    p.set_defaults(func=run_card)


def run_card(args: argparse.Namespace) -> int:
    if args.output and args.output != "-":
        check_output_path(args.output, overwrite=False)
    identity = load_identity_arg(args.identity, args)
    with staged_output(args.output, overwrite=False) as out:
        out.write(identity.card.to_bytes())
    return 0


# ---------------------------------------------------------------------------------------------
# show


def _register_show(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("show", help="show a card's holder, fingerprint and safety number",
                            description="Show an identity card (or an identity file's card). "
                            "With --with, the 60-digit safety number of the pair, to compare "
                            "with the correspondent in person or by phone.")
    p.add_argument("card", metavar="CARD_OR_ID", help="identity card or identity file")
    p.add_argument("--with", dest="other", metavar="CARD2",
                   help="the correspondent's card or identity file: show the pair's number")
    p.add_argument("--qr", action="store_true",
                   help="also print the pair's QR code in the terminal (needs --with)")
    p.add_argument("--json", action="store_true", help="print the information as JSON")
    add_passphrase_file_option(p, "passphrase of a protected identity file, first line of F")
    p.set_defaults(func=run_show)


def _card_or_identity(path: str, args: argparse.Namespace) -> IdentityCard:
    """The card in `path`, which may be a card or an identity file (protected or not)."""
    data = read_argument_bytes(path, "card or identity file")
    kind = identities.kind_of_file(data)
    if kind is FileKind.NEITHER:
        raise CliInputError(f"'{path}' is neither an identity card nor an identity file")
    if kind is FileKind.IDENTITY:
        return load_identity_arg(path, args).card
    try:
        return parse_card(data)
    except CardError as exc:
        raise CliInputError(f"identity card '{path}': {exc}") from None


def run_show(args: argparse.Namespace) -> int:
    if args.qr and not args.other:
        raise CliUsageError("--qr shows the pair's code: give the other card with --with")
    card = _card_or_identity(args.card, args)
    other = _card_or_identity(args.other, args) if args.other else None
    if args.json:
        print(json.dumps(_card_json(card, other), ensure_ascii=False, indent=2))
        return 0
    _print_card(card)
    if other is not None:
        print()
        print(f"With:          {_holder(other)}")
        print(f"Fingerprint:   {format_fingerprint(other.fingerprint)}")
        print("Safety number of the pair (compare all 60 digits with your correspondent):")
        print(_indent(identities.format_safety_number(identities.safety_number(card, other))))
        if card.same_keys(other):
            print("Note: both cards carry the same keys (same identity).")
    if args.qr and other is not None:
        print()
        sys.stdout.write(identities.qr_text(identities.qr_payload(card, other)))
    return 0


def _holder(card: IdentityCard) -> str:
    details = ", ".join(part for part in (card.role, card.organisation) if part)
    return f"{card.name} ({details})" if details else card.name


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def _print_card(card: IdentityCard) -> None:
    print(f"Name:          {card.name}")
    print(f"Role:          {card.role or '-'}")
    print(f"Organisation:  {card.organisation or '-'}")
    print(f"Fingerprint:   {format_fingerprint(card.fingerprint)}")
    valid = "" if card.is_valid_at() else "  (NOT VALID NOW)"
    print(f"Valid:         {format_time(card.created)} to {format_time(card.expires)}{valid}")
    print(f"Post-quantum:  {'yes' if card.has_hybrid else 'no'}")
    for cert in card.certifications:
        # The signature verified when the card was parsed; whether the organisation's key is
        # the genuine one is for the reader to check against the organisation.
        print(f"Certified by:  {cert.organisation} (on {format_time(cert.created)})")
    print("Safety number: " + " ".join(_groups(identities.party_number(card))))


def _groups(digits: str) -> list[str]:
    return [digits[i:i + 5] for i in range(0, len(digits), 5)]


def _card_json(card: IdentityCard, other: IdentityCard | None) -> dict[str, object]:
    value: dict[str, object] = {
        "name": card.name, "role": card.role, "organisation": card.organisation,
        "fingerprint": card.fingerprint_hex, "created": format_time(card.created),
        "expires": format_time(card.expires), "valid_now": card.is_valid_at(),
        "post_quantum": card.has_hybrid, "safety_number": identities.party_number(card),
        "certified_by": [c.organisation for c in card.certifications],
    }
    if other is not None:
        value["with"] = {"name": other.name, "fingerprint": other.fingerprint_hex}
        value["pair_safety_number"] = identities.safety_number(card, other)
        value["qr_payload"] = identities.qr_payload(card, other)
    return value


# ---------------------------------------------------------------------------------------------
# export-age


def _register_export_age(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("export-age", help="write an identity's secret keys for age -d -i",
                            description="Write the identity's age secret keys (X25519, then the "
                            "hybrid key) in age's identity-file layout, for `age -d -i`. "
                            "The output is SECRET.")
    p.add_argument("identity", metavar="ID_FILE", help="identity file")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="file to create (0600, never overwritten); standard output if omitted")
    p.add_argument("--classic", action="store_true",
                   help="only the X25519 key: age before 1.3 rejects the whole file otherwise")
    add_passphrase_file_option(p, "passphrase of the identity file, first line of F")
    p.set_defaults(func=run_export_age)


def run_export_age(args: argparse.Namespace) -> int:
    to_file = bool(args.output) and args.output != "-"
    if to_file:
        check_output_path(args.output, overwrite=False)
    identity = load_identity_arg(args.identity, args)
    text = identities.age_identities_text(identity, classic=args.classic)
    if to_file:
        write_new_private_file(args.output, text.encode("utf-8"))
        print(f"age identities written to {Path(args.output)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0
