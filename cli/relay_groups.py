"""Duty groups on the command line, for every member (app/relay_client/groups.py, group_send.py).

    relay groups                       the groups you can address or belong to, with who is on
                                       duty now
    relay send --group NAME|ID DOC…    seal for the members on duty and send (see relay_cmd.py);
                                       members who cannot receive are named on stderr
    relay take ENVELOPE                take an opened group envelope for the others

`relay inbox` shows the group a message went to and who took it (`inbox_fields`).
Registered by cli/relay_cmd.py; heavy imports stay inside the functions.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cli.vault_output import info, print_json, print_table, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.relay_client import InboxView, RelayService
    from app.relay_client.groups import DutyGroup


def register_relay(commands: argparse._SubParsersAction) -> None:
    listing = commands.add_parser("groups", help="duty groups you can address or belong to",
                                  description="Duty groups of your organisation and of linked "
                                  "ones, verified with each organisation's key, and who is on "
                                  "duty now.")
    listing.add_argument("--json", action="store_true", help="print JSON")
    vault_command(listing, run_groups)
    take = commands.add_parser("take", help="take an opened group envelope for the others",
                               description="Tell the other members of the group (and the "
                               "sender) that you take this envelope: a signed receipt, "
                               "accepted once per envelope.")
    take.add_argument("envelope", help="envelope id (see 'relay inbox')")
    vault_command(take, run_take)


def add_send_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group", metavar="NAME_OR_ID",
                        help="address a duty group: its members on duty now (instead of --to)")


def check_send_target(args: argparse.Namespace) -> None:
    """`relay send` goes to contacts (--to) or to a group (--group): one of the two."""
    from cli.common import CliUsageError

    if bool(args.to) == bool(args.group):
        raise CliUsageError("relay send: give --to CONTACT_ID (one or more) or --group, "
                            "not both")


def _service(context: VaultContext) -> RelayService:
    from app.relay_client import RelayService

    return RelayService(context.session())


def group_json(group: DutyGroup, on_duty: tuple[str, ...]) -> dict[str, Any]:
    roster = group.roster
    return {"group_id": roster.group_id, "name": roster.name,
            "organisation": roster.organisation, "version": roster.version,
            "member": group.member, "on_duty": list(on_duty),
            "members": [m.to_json() for m in roster.members]}


def run_groups(args: argparse.Namespace, context: VaultContext) -> int:
    from datetime import UTC, datetime

    from app.times import format_time

    service = _service(context)
    now = datetime.now(UTC).replace(microsecond=0)
    rows = [group_json(g, g.on_duty(now)) for g in service.groups()]
    if args.json:
        print_json({"time": format_time(now), "groups": rows})
        return 0
    print_table(["GROUP", "VERSION", "ON DUTY", "YOU", "ORGANISATION", "NAME"],
                [[r["group_id"], r["version"], f"{len(r['on_duty'])}/{len(r['members'])}",
                  "member" if r["member"] else "-", r["organisation"], r["name"]]
                 for r in rows], right=[1])
    return 0


def run_group_send(args: argparse.Namespace, context: VaultContext, letter: Any) -> int:
    """`relay send --group`: the group, who is on duty, the unusable members named, then sent."""
    from cli.common import Progress

    service = _service(context)
    target = service.group_address(service.find_group(args.group))
    for member in target.unusable:
        who = f"{member.name} ({member.fingerprint[:16]})" if member.name else \
            member.fingerprint
        info(f"scelle: not sent to {safe(who)}: {member.reason}")
    bar = Progress("relay send")
    try:
        item = service.send_to_group(args.documents, target, letter,
                                     availability_days=args.days, upload=not args.offline,
                                     progress=lambda _w, d, t: bar(d, t))
    finally:
        bar.finish()
    names = ", ".join(safe(c.name) for c in target.cards)
    print(f"to the group {safe(target.group.roster.name)}: {names}")
    if item.state == "deposited":
        print(f"outbox {item.id}: deposited as envelope {item.envelope_id}")
    else:
        print(f"outbox {item.id}: waiting in the outbox ({item.last_error or 'offline'})")
    return 0


def run_take(args: argparse.Namespace, context: VaultContext) -> int:
    proof = _service(context).take(args.envelope)
    print(f"envelope {args.envelope}: taken ({proof.statement['time']})")
    return 0


def inbox_fields(service: RelayService, view: InboxView) -> dict[str, Any]:
    """The group a received message went to, and who took it for the group."""
    group = service.message_group(view.item.message_record, view.envelope_id)
    taker = service.taken_by(view.envelope_id)
    return {"group": None if group is None else {**group.group.to_json(),
                                                 "confirmed_by_relay": group.confirmed},
            "taken_by": None if taker is None else {
                "fingerprint": taker.fingerprint, "name": taker.name, "you": taker.mine}}


def taken_text(row: dict[str, Any]) -> str:
    taker = row.get("taken_by")
    if not taker:
        return ""
    return " (taken by you)" if taker["you"] else \
        f" (taken by {taker['name'] or taker['fingerprint'][:16]})"
