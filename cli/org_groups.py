"""`scelle --vault DIR org group …`: an organisation's admin keeps its duty groups
(app/relay_client/group_admin.py). Every change is a new roster version signed with the
organisation key (in the vault or on a token: the `org` key options) and published on the relay.

    org group list                          the organisation's groups, members and windows
    org group create NAME [--member FP]…    a new group (members: certified fingerprints)
    org group set GROUP --name NAME         rename
    org group add GROUP FINGERPRINT         a member (always on duty until windows are set)
    org group remove GROUP FINGERPRINT
    org group window GROUP FINGERPRINT --from T --until T [--keep]
    org group window GROUP FINGERPRINT --always
                                            duty windows (UTC, end excluded): replace the
                                            member's windows (--keep: keep those not over yet);
                                            --always: no window, always on duty

GROUP is a group's id or name. Registered into `org` by cli/org_cmd.py (`SUBCOMMAND_MODULES`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from cli.org_cmd import add_signer_options, org_signer_of
from cli.org_intake_output import print_republished
from cli.vault_output import print_json, print_table, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.org.intake_sync import IntakeAwareGroupAdmin
    from app.relay_client.groups import DutyGroup


def register_org(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("group", help="the organisation's duty groups (rosters)",
                                description="Duty groups: who is addressed when a sender "
                                "names a role; signed with the organisation key.")
    sub = group.add_subparsers(dest="org_group_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    _command(sub, "list", "the organisation's groups, members and windows", run_list)
    create = _command(sub, "create", "create a group", run_create)
    create.add_argument("name")
    create.add_argument("--member", action="append", default=[], metavar="FINGERPRINT")
    rename = _command(sub, "set", "rename a group", run_set)
    rename.add_argument("group", metavar="GROUP")
    rename.add_argument("--name", required=True)
    for name, help_text, run in (("add", "add a member", run_add),
                                 ("remove", "remove a member", run_remove)):
        parser = _command(sub, name, help_text, run)
        parser.add_argument("group", metavar="GROUP")
        parser.add_argument("fingerprint")
    window = _command(sub, "window", "set a member's duty windows", run_window)
    window.add_argument("group", metavar="GROUP")
    window.add_argument("fingerprint")
    window.add_argument("--from", dest="start", metavar="TIME", help="UTC, 2026-12-07T08:00:00Z")
    window.add_argument("--until", dest="end", metavar="TIME", help="UTC, end excluded")
    window.add_argument("--keep", action="store_true",
                        help="keep the member's windows not over yet and add this one")
    window.add_argument("--always", action="store_true", help="no window: always on duty")


def _command(sub: argparse._SubParsersAction, name: str, help_text: str,
             run: Callable[[argparse.Namespace, VaultContext], int]) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help_text, description=help_text)
    add_signer_options(parser)
    vault_command(parser, run, _check_window if name == "window" else None)
    return parser


def _check_window(args: argparse.Namespace) -> None:
    """Before the passphrase: either a window (both ends) or --always."""
    from cli.common import CliUsageError

    window = bool(args.start and args.end) and not args.always
    always = args.always and not (args.start or args.end)
    if not (window or always):
        raise CliUsageError("org group window: give --from and --until, or --always")


@contextmanager
def _admin(args: argparse.Namespace, context: VaultContext) -> Iterator[IntakeAwareGroupAdmin]:
    from app.org.intake_sync import IntakeAwareGroupAdmin  # republishes intake points

    with org_signer_of(args, context) as signer:
        admin = IntakeAwareGroupAdmin(context.session(), signer)
        try:
            yield admin
        finally:
            admin.close()


def _group_json(group: DutyGroup, names: dict[str, str]) -> dict[str, Any]:
    roster = group.roster
    return {"group_id": roster.group_id, "name": roster.name, "version": roster.version,
            "organisation": roster.organisation,
            "members": [{**m.to_json(), "name": names.get(m.fingerprint)}
                        for m in roster.members]}


def _print(args: argparse.Namespace, rows: list[dict[str, Any]]) -> None:
    if args.json:
        print_json(rows)
        return
    for row in rows:
        print(f"{row['group_id']}  v{row['version']}  {safe(row['name'])}")
        print_table(["  FINGERPRINT", "WINDOWS (UTC)", "NAME"],
                    [["  " + m["fingerprint"], ", ".join(f"{w['from']}/{w['until']}"
                                                         for w in m["windows"]) or "always",
                      m["name"] or ""] for m in row["members"]])


def run_list(args: argparse.Namespace, context: VaultContext) -> int:
    with _admin(args, context) as admin:
        names = admin.names()
        _print(args, [_group_json(g, names) for g in admin.groups()])
    return 0


def _changed(args: argparse.Namespace, context: VaultContext, edit_of: Callable[[], Any]) -> int:
    with _admin(args, context) as admin:
        group = admin.change(args.group, edit_of())
        _print(args, [_group_json(group, admin.names())])
        print_republished(admin.republished)
    return 0


def run_create(args: argparse.Namespace, context: VaultContext) -> int:
    with _admin(args, context) as admin:
        group = admin.create(args.name, args.member)
        _print(args, [_group_json(group, admin.names())])
    return 0


def run_set(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client.group_admin import rename

    return _changed(args, context, lambda: rename(args.name))


def run_add(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client.group_admin import add_member

    return _changed(args, context, lambda: add_member(args.fingerprint))


def run_remove(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client.group_admin import remove_member

    return _changed(args, context, lambda: remove_member(args.fingerprint))


def run_window(args: argparse.Namespace, context: VaultContext) -> int:
    from datetime import UTC, datetime

    from app.relay_client.group_admin import set_windows, window

    windows = [] if args.always else [window(args.start, args.end)]
    keep = datetime.now(UTC) if args.keep else None
    return _changed(args, context, lambda: set_windows(args.fingerprint, windows,
                                                       keep_from=keep))
