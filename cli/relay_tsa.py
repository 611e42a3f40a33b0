"""`scelle --vault V relay tsa [FILE]`: the relay's time-stamping authority, and the timestamp
lines `relay proofs` prints (issue 17, docs/cli.md).

The authority's root certificate comes from the relay's operator, beside the relay key id: the
vault checks every token the relay hands over against it (app/relay_client/stamps.py).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cli.common import read_argument_bytes
from cli.vault_output import info, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.relay_client import RelayService
    from app.relay_client.state import StoredProof


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "tsa", help="the relay's time-stamping authority certificate (set or show)",
        description="Without FILE, show the configured certificate; with FILE (PEM, from the "
                    "relay's operator), check every proof timestamp against it from now on.")
    parser.add_argument("file", nargs="?", help="root certificate(s) of the authority, PEM")
    vault_command(parser, run_tsa)


def run_tsa(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client import RelayService

    service = RelayService(context.session())
    if args.file is not None:
        count = service.set_tsa_anchors(read_argument_bytes(args.file, "certificate file"))
        info(f"{count} authority certificate(s) configured: proof timestamps are checked "
             "against them")
        return 0
    pem = service.tsa_anchors()
    if pem is None:
        info("no time-stamping authority configured: timestamps are kept but not checked")
        return 0
    print(pem.decode("ascii", "replace"), end="")
    return 0


def stamp_line(service: RelayService, stored: StoredProof) -> str:
    """`  timestamp: <time> by <authority> (verified)` or why not, for `relay proofs`."""
    check = service.proof_stamp(stored.proof)
    if check is None:
        return "  timestamp: none yet (the relay's authority has not dated it, or no authority)"
    if check.status == "invalid":
        return f"  timestamp: INVALID: {safe(check.reason)}"
    state = ("verified" if check.status == "verified"
             else "not checked: no authority certificate configured (relay tsa FILE)")
    return f"  timestamp: {check.time} by {safe(check.authority)} ({state})"
