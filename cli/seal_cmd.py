"""`scelle seal`, `scelle open`, `scelle verify`: sealed files (`.scelle`) without a vault.

The use cases are `app.sealing`'s; this module resolves the three things they need from the
command line, each in its own small function so that vault-backed variants (`--vault`) can
replace one source without touching the handlers:

* who I am            -> `resolve_identity(args)`      (today: --identity ID_FILE)
* who the sender is   -> `resolve_sender(args)`        (today: --from CARD.json, pinned)
* what I have seen    -> `resolve_replay_guard(args)`  (today: a file beside the identity)

With `--vault DIR` (before the command) the same three commands work on a vault instead: its
documents, identity, contacts and record of received messages (cli/vault_exchange.py).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app import sealing
from app.identities import IdentityCard, PrivateIdentity
from cli import vault_exchange as _vault  # the --vault variants of the three commands
from cli.common import (
    CliInputError,
    CliUsageError,
    Progress,
    add_passphrase_file_option,
    check_output_path,
    load_card_arg,
    load_identity_arg,
    read_argument_text,
    require_input_file,
)
from cli.seal_options import consult_until_option, expires_option


def register(subparsers: argparse._SubParsersAction) -> None:
    _register_seal(subparsers)
    _register_open(subparsers)
    _register_verify(subparsers)


def _add_identity_option(parser: argparse.ArgumentParser) -> None:
    # Not `required=True`: the resolvers below check it, so a vault-backed variant can make
    # it optional without touching the parsers.
    parser.add_argument("--identity", metavar="ID_FILE",
                        help="your identity file (asks its passphrase if protected)")
    add_passphrase_file_option(parser, "passphrase of the identity file, first line of F")


# ---------------------------------------------------------------------------------------------
# Sources of identity, sender and replay guard (the places a --vault variant plugs in)


def resolve_identity(args: argparse.Namespace) -> PrivateIdentity:
    if not args.identity:
        raise CliUsageError("missing --identity ID_FILE: whose identity seals or opens")
    return load_identity_arg(args.identity, args)


@dataclass(frozen=True)
class SenderSource:
    """The sender a sealed file must come from: a pinned card (later: a vault's contacts)."""

    card: IdentityCard | None = None
    check: Callable[[IdentityCard], bool] | None = None


def resolve_sender(args: argparse.Namespace) -> SenderSource:
    if not args.sender:
        raise CliUsageError("missing --from CARD.json: the sender's verified identity card")
    return SenderSource(card=load_card_arg(args.sender, "sender's card (--from)"))


def resolve_replay_guard(args: argparse.Namespace,
                         identity: PrivateIdentity) -> sealing.FileReplayGuard:
    # Beside the identity file: opening the same message twice with this identity is refused.
    path = sealing.default_replay_path(args.identity)
    return sealing.FileReplayGuard.for_identity(identity, path)


# ---------------------------------------------------------------------------------------------
# seal


def _register_seal(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "seal", help="seal files for recipients into a .scelle file",
        description="Seal FILE… for the holders of the given cards (and for yourself), signed "
        "with your identity. Names, subject and message are encrypted with the files.")
    _add_identity_option(p)
    p.add_argument("--to", action="append", required=True, metavar="CARD.json",
                   help="a recipient's identity card; repeatable")
    p.add_argument("--subject", default="", help="subject (encrypted)")
    message = p.add_mutually_exclusive_group()
    message.add_argument("--message", default="", metavar="TEXT", help="message body (encrypted)")
    message.add_argument("--message-file", metavar="F", help="read the message body from F")
    p.add_argument("--reference", default="", help="case reference (encrypted)")
    p.add_argument("--expires", metavar="DATE",
                   help="last day it may be opened (YYYY-MM-DD, local) or an RFC 3339 time")
    p.add_argument("--view-only", action="store_true",
                   help="ask recipients' software to show, not save, the files")
    p.add_argument("--consult-until", metavar="DATE",
                   help="with --view-only: recipients' vaults destroy the files after this day "
                   "(YYYY-MM-DD, local) or RFC 3339 time")
    p.add_argument("--classic", action="store_true",
                   help="X25519 only, no post-quantum keys (readable by age 1.1 with "
                   "`scelle id export-age`)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.scelle",
                   help="sealed file to create (never overwritten)")
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="files to seal (with --vault: document ids)")
    _vault.add_vault_options(p, "seal")
    p.set_defaults(func=run_seal)


def run_seal(args: argparse.Namespace) -> int:
    if _vault.vault_variant(args, "seal"):
        return _vault.run(args, "seal")
    # Every argument is checked before the passphrase is asked and before any byte is written.
    expires = expires_option(args.expires)
    consult_until = consult_until_option(args.consult_until, args.view_only)
    check_output_path(args.output, overwrite=False)
    for path in args.files:
        require_input_file(path, "file to seal")
    cards = [load_card_arg(path, "recipient's card (--to)") for path in args.to]
    message = args.message
    if args.message_file:
        message = read_argument_text(args.message_file, "message file")
    identity = resolve_identity(args)
    progress = Progress("sealing")
    try:
        result = sealing.seal_paths(
            identity, cards, args.files, args.output, subject=args.subject, message=message,
            reference=args.reference, expires=expires, view_only=args.view_only,
            classic=args.classic, progress=progress, consult_until=consult_until)
    finally:
        progress.finish()
    print(f"Sealed {len(args.files)} file(s) into {result.path} ({result.size} bytes)")
    print(f"Message id:    {result.message_id}")
    print(f"Recipients:    {len(result.recipients)} (the file also opens with your own identity)")
    print(f"Post-quantum:  {'yes' if result.hybrid else 'no (X25519 only)'}")
    return 0


# ---------------------------------------------------------------------------------------------
# open and verify


def _add_reader_options(p: argparse.ArgumentParser) -> None:
    _add_identity_option(p)
    p.add_argument("--from", dest="sender", metavar="CARD.json",
                   help="the expected sender's identity card (verified beforehand)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("input", metavar="IN.scelle", help="sealed file")


def _register_open(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "open", help="verify a sealed file, then write its files and message.json",
        description="Run every check, then write the files and message.json into DIR. "
        "On any failure nothing is written. A message can be opened only once per identity.")
    _add_reader_options(p)
    # Not `required=True`: with --vault, files are received into the vault instead.
    p.add_argument("-o", "--output", metavar="DIR",
                   help="destination folder (created if missing; must not hold the same names)")
    _vault.add_vault_options(p, "open")
    p.set_defaults(func=run_open)


def _register_verify(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "verify", help="run every check on a sealed file without writing anything",
        description="Decrypt and check a sealed file (envelope, signature, sender, addressee, "
        "replay) and print a summary. Nothing is written.")
    _add_reader_options(p)
    _vault.add_vault_options(p, "verify")
    p.set_defaults(func=run_verify)


def _prepare_reader(args: argparse.Namespace) -> tuple[PrivateIdentity, SenderSource]:
    require_input_file(args.input, "sealed file")
    sender = resolve_sender(args)
    return resolve_identity(args), sender


def run_open(args: argparse.Namespace) -> int:
    if _vault.vault_variant(args, "open"):
        return _vault.run(args, "open")
    if not args.output:
        raise CliUsageError("missing -o DIR: the folder to write the files into")
    # The workstation policy first: no passphrase asked, no folder made, if export is refused.
    sealing.require_open_to_folder_allowed()
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise CliInputError(f"destination '{args.output}' is not a folder")
    if not out_dir.parent.is_dir():
        raise CliInputError(f"the folder containing '{out_dir}' does not exist")
    identity, sender = _prepare_reader(args)
    progress = Progress("opening")
    try:
        result = sealing.open_to_directory(
            args.input, out_dir, identity, expected_sender_card=sender.card,
            sender_check=sender.check, replay_guard=resolve_replay_guard(args, identity),
            progress=progress, create=True)
    finally:
        progress.finish()
    _print_summary(result.summary, args.json, "Opened")
    if not args.json:
        for path in [*result.files, result.summary_path]:
            print(f"  wrote {path}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    if _vault.vault_variant(args, "verify"):
        return _vault.run(args, "verify")
    identity, sender = _prepare_reader(args)
    progress = Progress("verifying")
    try:
        result = sealing.verify_file(
            args.input, identity, expected_sender_card=sender.card, sender_check=sender.check,
            replay_guard=resolve_replay_guard(args, identity), progress=progress)
    finally:
        progress.finish()
    _print_summary(result.summary, args.json, "Verified")
    return 0


def _print_summary(summary: dict[str, object], as_json: bool, verb: str) -> None:
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, sort_keys=True))
        return
    sender = summary["sender"]
    files = summary["files"]
    assert isinstance(sender, dict) and isinstance(files, list)
    print(f"{verb}: every check passed (envelope, signature, sender, addressee, first opening)")
    print(f"From:          {sender['name']} ({sender['role']}, {sender['organisation']})")
    print(f"Sender key:    {sender['fingerprint']}")
    print(f"Message id:    {summary['id']}")
    print(f"Created:       {summary['created']}")
    print(f"Subject:       {summary['subject']}")
    if summary["reference"]:
        print(f"Reference:     {summary['reference']}")
    if summary["expires"]:
        print(f"Expires:       {summary['expires']}")
    if summary["view_only"]:
        print("View-only:     yes (the sender asked that the files be shown, not saved)")
    if summary.get("consult_until"):
        print(f"Consult until: {summary['consult_until']} (then a vault destroys them)")
    if summary["message"]:
        print("Message:")
        for line in str(summary["message"]).splitlines():
            print(f"  {line}")
    print(f"Files:         {len(files)}")
    for entry in files:
        print(f"  {entry['name']}  ({entry['size']} bytes, {entry['type']})")
