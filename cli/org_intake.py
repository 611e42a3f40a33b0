"""`scelle --vault DIR org intake …`: the organisation's intake point (app/org/intake.py).

    org intake publish NAME --group GROUP --title T [--max-mb N] [--max-files N]
                                 open the page /depot/NAME for the group's members, or publish
                                 it again (unset options keep the published version's)
    org intake show NAME [--json]    the published document, the organisation key's
                                 fingerprint and the page's address to publish elsewhere
    org intake list [--json]     every intake point of the organisation
    org intake withdraw NAME     the page stops taking requests

Signed with the organisation key like every `org` command (`--organisation`, `--pin-file`).
Members who cannot be listed are named on standard error, to the admin only.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cli.org_cmd import add_signer_options, org_signer_of
from cli.org_intake_output import print_left_out
from cli.vault_output import info, print_json, safe, when
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.org.intake import IntakeAdmin, IntakePoint

MB = 1_000_000  # decimal megabytes, as the page shows sizes


def register_org(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "intake", help="your intake point: a page where people without an account write to "
        "your organisation", description="Open, show or withdraw the intake point: a page "
        "of the relay where anyone writes a request, encrypted in their browser for the "
        "members of your intake group.")
    sub = group.add_subparsers(dest="org_intake_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    publish = _command(sub, "publish", "open or publish again an intake point", run_publish)
    publish.add_argument("name", help="the page's address: /depot/NAME (a-z, 0-9, -)")
    publish.add_argument("--group", help="the intake group (a duty group: its name or id)")
    publish.add_argument("--title", help="the heading shown on the page")
    publish.add_argument("--max-mb", type=int, metavar="N",
                         help="the largest request, its files together, in MB (default 25)")
    publish.add_argument("--max-files", type=int, metavar="N",
                         help="how many files a request may attach, 0 to 20 (default 10)")
    show = _command(sub, "show", "the published document, key fingerprint and address",
                    run_show)
    show.add_argument("name")
    _command(sub, "list", "every intake point of the organisation", run_list)
    withdraw = _command(sub, "withdraw", "close an intake point", run_withdraw)
    withdraw.add_argument("name")


def _command(sub: argparse._SubParsersAction, name: str, help_text: str,
             run: Callable[[argparse.Namespace, VaultContext], int]) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_signer_options(parser)
    vault_command(parser, run)
    return parser


@contextmanager
def _intake(args: argparse.Namespace, context: VaultContext) -> Iterator[IntakeAdmin]:
    from app.org.admin import OrgAdministration
    from app.org.intake import IntakeAdmin

    with org_signer_of(args, context) as signer, \
            OrgAdministration.open(context.session(), signer) as org:
        yield IntakeAdmin(org)


def run_publish(args: argparse.Namespace, context: VaultContext) -> int:
    from app.org.intake import IntakeRefused

    max_bytes = None if args.max_mb is None else args.max_mb * MB
    with _intake(args, context) as intake:
        try:
            done = intake.publish(args.name, group=args.group, title=args.title,
                                  max_bytes=max_bytes, max_files=args.max_files)
        except IntakeRefused as exc:
            print_left_out(exc.left_out)
            raise
    _print_point(done.point, args.json)
    print_left_out(done.left_out)
    return 0


def run_show(args: argparse.Namespace, context: VaultContext) -> int:
    with _intake(args, context) as intake:
        _print_point(intake.show(args.name), args.json)
    return 0


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    with _intake(args, context) as intake:
        points = intake.points()
    if args.json:
        print_json([point_json(p) for p in points])
    for point in [] if args.json else points:
        print(f"{point.name}  v{point.document.version}  {_state(point)}  "
              f"{safe(point.document.title)}")
    return 0


def run_withdraw(args: argparse.Namespace, context: VaultContext) -> int:
    with _intake(args, context) as intake:
        point = intake.withdraw(args.name)
    if args.json:
        print_json(point_json(point))
    info(f"The intake point {point.name} was withdrawn: its page takes no more requests. "
         "Requests already made stay with their readers.")
    return 0


def point_json(point: IntakePoint) -> dict[str, Any]:
    return {"name": point.name, "version": point.document.version,
            "published": when(point.published), "withdrawn": when(point.withdrawn),
            "current": point.current, "key_fingerprint": point.key_fingerprint,
            "address": point.address, "intake": point.signed.to_json()}


def _state(point: IntakePoint) -> str:
    if point.withdrawn is not None:
        return "withdrawn"
    return "open" if point.current else "outdated"


def _size(size: int) -> str:
    return f"{size // MB} MB" if size % MB == 0 else f"{size} bytes"


def _print_point(point: IntakePoint, as_json: bool) -> None:
    if as_json:
        print_json(point_json(point))
        return
    document = point.document
    print(f"Intake point: {point.name} (version {document.version}, {_state(point)})")
    print(f"Title: {safe(document.title)}")
    print(f"Organisation: {safe(document.organisation)}")
    print(f"Intake group: {document.group_id}")
    print(f"Limits: {_size(document.max_bytes)}, {document.max_files} files")
    print(f"Readers ({len(document.recipients)}):")
    for fingerprint in document.fingerprints():
        print(f"  {fingerprint}")
    print("Organisation key fingerprint (compare it with the page's):")
    print(f"  {point.key_fingerprint}")
    print("Page address, with the key (publish it on your website, letterhead, notices):")
    print(f"  {point.address}")
    if point.withdrawn is None and not point.current:
        info("This page answers intake_outdated: a listed reader is no longer valid. "
             f"Publish it again: scelle org intake publish {point.name}")
