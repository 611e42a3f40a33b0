"""`scelle proof …`: evidence bundles (issue 17, app/evidence/, docs/cli.md).

    scelle --vault V proof bundle MESSAGE -o FILE     one message of the vault's log
    scelle --vault V proof bundle --case CASE -o FILE every message of a case (number or name)
    scelle proof verify BUNDLE [--tsa-ca PEM] [--relay-key-id ID] [--json]
                                                      no vault, no network: exit 1 and the
                                                      part named if anything was altered
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import read_argument_bytes, staged_output
from cli.vault_output import info, print_json, safe
from cli.vault_unlock import VaultContext, vault_command


def register(subparsers: argparse._SubParsersAction) -> None:
    group = subparsers.add_parser(
        "proof", help="evidence bundles: make one (with --vault), verify one (no vault)",
        description="An evidence bundle holds the proofs, timestamps, audit entries, cards and "
                    "a French PDF report about a message or a case; anyone re-checks it with "
                    "`scelle proof verify`.")
    commands = group.add_subparsers(dest="proof_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    bundle = commands.add_parser("bundle", help="make the evidence bundle of a message or case")
    bundle.add_argument("message", nargs="?", type=int, help="message number (vault log)")
    bundle.add_argument("--case", help="every message of this case (number or name)")
    bundle.add_argument("-o", "--output", required=True, metavar="FILE",
                        help="the bundle to write (a new file)")
    vault_command(bundle, run_bundle, _check_bundle)
    verify = commands.add_parser("verify", help="verify an evidence bundle (no vault needed)")
    verify.add_argument("bundle")
    verify.add_argument("--tsa-ca", metavar="PEM", help="the relay's time-stamping authority "
                        "certificate, from its operator (else the bundle's own, said so)")
    verify.add_argument("--relay-key-id", help="the relay key id you trust (compared)")
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(func=run_verify)


def _check_bundle(args: argparse.Namespace) -> None:
    """Before the passphrase: one subject, a message or a case."""
    from cli.common import CliUsageError

    if (args.message is None) == (args.case is None):
        raise CliUsageError("Give either a message number or --case CASE (one of them).")


def run_bundle(args: argparse.Namespace, context: VaultContext) -> int:
    from app.evidence import Subject, case_subject, make_bundle

    session = context.session()
    subject = (Subject("message", args.message) if args.message is not None
               else case_subject(session, args.case))
    data = make_bundle(session, subject, Path(args.output).name)
    with staged_output(args.output, overwrite=False) as out:
        out.write(data)
    info(f"evidence bundle written to {args.output} ({len(data)} bytes); check it with: "
         f"scelle proof verify {args.output}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from app.evidence import verify_bundle

    report = verify_bundle(read_argument_bytes(args.bundle, "evidence bundle"),
                           relay_key_id=args.relay_key_id,
                           tsa_pem=read_argument_bytes(args.tsa_ca, "certificate file")
                           if args.tsa_ca else None)
    if args.json:
        print_json({"holder": report.holder, "subject": report.subject,
                    "timestamps": report.anchor, "parties": report.parties,
                    "audit": report.audit,
                    "proofs": [{"kind": p.proof.kind, "signer": p.signer,
                                "statement": p.proof.statement, "timestamp": p.timestamp}
                               for p in report.proofs]})
    else:
        print("\n".join(safe(line) for line in report.lines()))
    return 0
