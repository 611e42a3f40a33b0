"""`scelle --vault DIR relay …`: the vault's relay client on the command line (app/relay_client).

    relay join URL CODE [--relay-key-id ID] [--ca-file F | --pin-sha256 HEX] [--proxy URL]
               [--insecure-plain-http]   (http:// beyond loopback is refused without it)
    relay status                     membership (adopts the card once certified)
    relay directory [WORDS…]         certified cards of our and linked organisations
    relay add FINGERPRINT            a directory card into the contacts (then `contacts verify`)
    relay send --to CONTACT… DOC…    seal into the outbox and upload (offline: waits for sync)
               [--on-behalf FINGERPRINT]   for a principal who delegated sending to you
    relay send --group G DOC… | groups | take ENVELOPE   duty groups (cli/relay_groups.py)
    relay sync [--accept-unverified] outbox up, inbox down into the vault, receipts, proofs
    relay inbox | sent | receipts    lists, with states and proofs (`--json` for scripts)
    relay accept|refuse ENVELOPE     decide on a held envelope
    relay withdraw OUTBOX_ID         delete a sent envelope from the relay
    relay proofs ENVELOPE [-o FILE]  show the proofs of one envelope, or export them
    relay proof verify FILE [--relay-key-id ID]   offline: no vault, no network
                                     (both in cli/relay_proofs.py)
    relay intake list|receive|reply  requests from outside, unauthenticated (cli/relay_intake.py)

Exit status: 0 done; 1 an error (one line on stderr); 2 bad usage; 3 `sync` could not reach
the relay (nothing lost: everything waits for the next sync).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cli import relay_groups, relay_intake, relay_proofs, relay_tsa
from cli.common import Progress
from cli.relay_prekeys import prekey_status, tell_long_term
from cli.vault_output import info, print_json, print_table, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.relay_client import RelayService

OFFLINE_EXIT = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "relay", help="exchange sealed files through a relay (with --vault)",
        description="Join a relay, find correspondents, send and receive sealed files, "
        "receipts and proofs. Only ciphertext, sizes, fingerprints and times reach the relay.")
    commands = group.add_subparsers(dest="relay_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    _join(commands)
    _simple(commands, "status", "membership on the relay", run_status)
    _directory(commands)
    _add(commands)
    _send(commands)
    _sync(commands)
    _simple(commands, "inbox", "envelopes received, with their state", run_inbox)
    _simple(commands, "sent", "envelopes sent, with their state", run_sent)
    _simple(commands, "receipts", "per recipient: delivered, opened, refused", run_receipts)
    _envelope(commands, "accept", "receive a held envelope from an unverified sender",
              run_accept)
    _envelope(commands, "refuse", "refuse a held envelope (signed refusal receipt)", run_refuse)
    _withdraw(commands)
    relay_groups.register_relay(commands)
    relay_proofs.register(commands)
    relay_tsa.register(commands)
    relay_intake.register(commands)


def _service(context: VaultContext) -> RelayService:
    from app.relay_client import RelayService

    return RelayService(context.session())


def _simple(commands: argparse._SubParsersAction, name: str, help_text: str, run: Any) -> None:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run)


# -- join, status ---------------------------------------------------------------------------------

def _join(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("join", help="join a relay with an invitation code",
                                 description="Register this vault's identity card on the relay "
                                 "with the one-time code from your organisation's admin.")
    parser.add_argument("url", help="the relay's address, https://…")
    parser.add_argument("code", help="invitation code (XXXX-XXXX-…)")
    parser.add_argument("--relay-key-id", help="the relay key id announced by the admin "
                        "(checked before anything is sent; else pinned on first contact)")
    parser.add_argument("--ca-file", help="trust only the certificates in this file")
    parser.add_argument("--pin-sha256", help="SHA-256 (hex) of the relay's TLS certificate")
    parser.add_argument("--proxy", help="proxy URL (default: HTTPS_PROXY and friends)")
    parser.add_argument("--no-env-proxy", action="store_true",
                        help="ignore proxy settings from the environment")
    parser.add_argument("--insecure-plain-http", action="store_true",
                        help="accept an unencrypted http:// relay address beyond this "
                             "computer (INSECURE: for a test network only)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run_join, _check_join)


def _check_join(args: argparse.Namespace) -> None:
    # Before the vault is unlocked: a relay the workstation policy excludes asks for nothing.
    # The transport refuses it again, whoever calls it (app/relay_client/http.py).
    from app.policy import require_relay_allowed, relay_proxy
    from app.relay_client.address import normalise_url, require_encrypted

    require_relay_allowed(args.url)
    relay_proxy(args.proxy)
    require_encrypted(normalise_url(args.url), allow_plain_http=args.insecure_plain_http)


def run_join(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client import ConnectionOptions

    options = ConnectionOptions(ca_file=args.ca_file, pin_sha256=args.pin_sha256,
                                proxy=args.proxy, use_env_proxy=not args.no_env_proxy)
    membership = _service(context).join(args.url, args.code, relay_key_id=args.relay_key_id,
                                        options=options,
                                        allow_plain_http=args.insecure_plain_http)
    return _print_membership(args, membership)


def run_status(args: argparse.Namespace, context: VaultContext) -> int:
    service = _service(context)
    return _print_membership(args, service.membership(), prekey_status(service))


def _print_membership(args: argparse.Namespace, m: Any, more: dict[str, Any] | None = None) -> int:
    value = {"url": m.url, "relay_key_id": m.relay_key_id, "fingerprint": m.fingerprint,
             "status": m.status, "organisation": m.organisation, "role": m.role,
             "card_certified": m.card_certified, **(more or {})}
    if args.json:
        print_json(value)
        return 0
    for key, text in value.items():
        print(f"{key}: {safe(str(text))}")
    if m.status == "pending":
        info("Waiting for your organisation's admin to certify your card; run "
             "'relay status' again later.")
    return 0


# -- directory ------------------------------------------------------------------------------------

def _directory(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("directory", help="find correspondents in the relay directory")
    parser.add_argument("words", nargs="*", help="words of a name, role or organisation")
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run_directory)


def run_directory(args: argparse.Namespace, context: VaultContext) -> int:
    entries = _service(context).directory(" ".join(args.words))
    rows = [{"fingerprint": e.fingerprint, "name": e.card.name, "role": e.card.role,
             "organisation": e.organisation, "organisation_key_pinned": e.org_key_ok,
             "contact": e.contact.id if e.contact else None,
             "contact_state": e.contact.state.value if e.contact else None} for e in entries]
    if args.json:
        print_json(rows)
        return 0
    print_table(["FINGERPRINT", "CONTACT", "ORGANISATION", "ROLE", "NAME"],
                [[r["fingerprint"][:16], r["contact"] or "-",
                  r["organisation"] + ("" if r["organisation_key_pinned"] else " (KEY CHANGED)"),
                  r["role"], r["name"]] for r in rows])
    return 0


def _add(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("add", help="add a directory card to the contacts")
    parser.add_argument("fingerprint", help="the card's fingerprint (64 hex digits)")
    parser.add_argument("--as-new", action="store_true", help="a namesake: a new contact")
    parser.add_argument("--replaces", type=int, metavar="ID",
                        help="the contact whose key this card replaces")
    vault_command(parser, run_add)


def run_add(args: argparse.Namespace, context: VaultContext) -> int:
    result = _service(context).add_contact(args.fingerprint, as_new=args.as_new,
                                           replaces=args.replaces)
    print(f"contact {result.contact.id}: {result.outcome.value}, {result.contact.state.value}")
    info("Compare the safety number with this person before sending "
         f"('contacts verify {result.contact.id}').")
    return 0


# -- send, sync -----------------------------------------------------------------------------------

def _send(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("send", help="seal documents for contacts and send them")
    parser.add_argument("documents", nargs="+", type=int, metavar="DOC_ID")
    parser.add_argument("--to", type=int, action="append", metavar="CONTACT_ID")
    relay_groups.add_send_option(parser)
    parser.add_argument("--subject", default="")
    parser.add_argument("--message", default="")
    parser.add_argument("--reference", default="")
    parser.add_argument("--days", type=int, default=7, help="availability on the relay, 1-30")
    parser.add_argument("--view-only", action="store_true")
    parser.add_argument("--consult-until", metavar="DATE",
                        help="with --view-only: the recipients' vaults destroy the documents "
                        "after this day (YYYY-MM-DD, local) or RFC 3339 time, and say so in a "
                        "signed receipt; within the availability (--days)")
    parser.add_argument("--allow-unverified", action="store_true",
                        help="send even to contacts whose safety number was not compared")
    parser.add_argument("--offline", action="store_true",
                        help="only seal into the outbox; the next sync uploads it")
    parser.add_argument("--on-behalf", metavar="FINGERPRINT",
                        help="send for this principal, under the delegation they gave you, "
                        "certified by your organisation (needs the relay)")
    vault_command(parser, run_send, _check_send)


def _check_send(args: argparse.Namespace) -> None:
    """Before the passphrase: a consultation end is a date, in the future, view-only only."""
    from cli.seal_options import consult_until_option

    relay_groups.check_send_target(args)
    args.consult_until_at = consult_until_option(args.consult_until, args.view_only)


def run_send(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client import Letter

    letter = Letter(args.subject, args.message, args.reference, view_only=args.view_only,
                    consult_until=args.consult_until_at)
    if args.group:
        return relay_groups.run_group_send(args, context, letter)
    bar = Progress("relay send")
    try:
        item = _service(context).send(
            args.documents, args.to, letter,
            availability_days=args.days, allow_unverified=args.allow_unverified,
            upload=not args.offline, progress=lambda _w, d, t: bar(d, t),
            on_behalf=args.on_behalf)
    finally:
        bar.finish()
    if item.state == "deposited":
        print(f"outbox {item.id}: deposited as envelope {item.envelope_id}")
    else:
        print(f"outbox {item.id}: waiting in the outbox ({item.last_error or 'offline'})")
    tell_long_term(_service(context), item)
    return 0


def _sync(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("sync", help="upload, download, receive, receipts, proofs")
    parser.add_argument("--accept-unverified", action="store_true",
                        help="also receive from senders not verified (or whose key changed)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run_sync)


def run_sync(args: argparse.Namespace, context: VaultContext) -> int:
    from app.intake.service import IntakeService, sync_all

    bar = Progress("relay sync")
    try:
        report, intake = sync_all(_service(context), IntakeService(context.session()),
                                  accept_unverified=args.accept_unverified,
                                  progress=lambda _w, d, t: bar(d, t))
    finally:
        bar.finish()
    report.errors += intake.errors
    value = {"offline": report.offline, "uploaded": report.uploaded,
             "received": report.received, "held": report.held, "refused": report.refused,
             "expired": report.expired, "proofs_collected": report.proofs_collected,
             "receipts_posted": report.receipts_posted, "errors": report.errors,
             "outside_requests_waiting": intake.waiting}
    if args.json:
        print_json(value)
    else:
        for key in ("uploaded", "received", "held", "refused", "expired"):
            print(f"{key}: {len(value[key])}")
        print(f"proofs collected: {report.proofs_collected}")
        if intake.waiting:
            print(f"outside requests waiting: {len(intake.waiting)} "
                  f"({relay_intake.UNAUTHENTICATED}; see 'relay intake list')")
        for line in report.errors:
            print(f"scelle: {line}", file=sys.stderr)
    return OFFLINE_EXIT if report.offline else (1 if report.errors else 0)


# -- lists ----------------------------------------------------------------------------------------

def _time(epoch: int | None) -> str | None:
    from app.times import format_epoch

    return format_epoch(epoch)


def run_inbox(args: argparse.Namespace, context: VaultContext) -> int:
    from cli.relay_inbox import inbox_rows, print_inbox

    rows = inbox_rows(_service(context), _time)
    if args.json:
        print_json(rows)
    else:
        print_inbox(rows)
        relay_intake.mention_waiting(context)  # requests from outside are listed apart
    return 0


def _sent_rows(service: RelayService) -> list[dict[str, Any]]:
    return [{"outbox_id": v.item.id, "envelope_id": v.envelope_id, "state": v.state,
             "subject": v.subject, "size": v.item.size, "deposited": _time(v.item.deposited),
             "available_until": _time(v.item.available_until), "error": v.item.last_error,
             "message": v.item.message_record,
             "recipients": [{"fingerprint": r.fingerprint, "name": r.name, "state": r.state}
                            for r in v.recipients]} for v in service.sent()]


def run_sent(args: argparse.Namespace, context: VaultContext) -> int:
    rows = _sent_rows(_service(context))
    if args.json:
        print_json(rows)
        return 0
    print_table(["OUTBOX", "ENVELOPE", "STATE", "SIZE", "SUBJECT"],
                [[r["outbox_id"], r["envelope_id"] or "-", r["state"], r["size"],
                  r["subject"]] for r in rows], right=[0, 3])
    return 0


def run_receipts(args: argparse.Namespace, context: VaultContext) -> int:
    rows = _sent_rows(_service(context))
    if args.json:
        print_json([{k: r[k] for k in ("outbox_id", "envelope_id", "state", "recipients")}
                    for r in rows])
        return 0
    print_table(["ENVELOPE", "RECIPIENT", "STATE", "NAME"],
                [[r["envelope_id"] or f"(outbox {r['outbox_id']})", p["fingerprint"][:16],
                  p["state"], p["name"] or ""] for r in rows for p in r["recipients"]])
    return 0


# -- decisions, withdraw ----------------------------------------------------------------------------

def _envelope(commands: argparse._SubParsersAction, name: str, help_text: str,
              run: Any) -> None:
    parser = commands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("envelope", help="envelope id (see 'relay inbox')")
    if name == "accept":
        parser.add_argument("--accept-different-key", action="store_true", help="also OTHER "
                            "KEYS under a contact's name: only after calling them")
    vault_command(parser, run)


def run_accept(args: argparse.Namespace, context: VaultContext) -> int:
    from cli.relay_inbox import accept_envelope

    return accept_envelope(_service(context), args.envelope, args.accept_different_key)


def run_refuse(args: argparse.Namespace, context: VaultContext) -> int:
    item = _service(context).refuse(args.envelope)
    print(f"envelope {item.envelope_id}: {item.state}")
    return 0


def _withdraw(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("withdraw", help="delete a sent envelope from the relay")
    parser.add_argument("outbox_id", type=int)
    vault_command(parser, run_withdraw)


def run_withdraw(args: argparse.Namespace, context: VaultContext) -> int:
    item = _service(context).withdraw(args.outbox_id)
    print(f"outbox {item.id}: {item.state}")
    return 0
