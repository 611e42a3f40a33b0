"""`scelle --vault DIR relay proofs ENVELOPE` and `scelle relay proof verify FILE`: a sealed
envelope's deposit, delivery and receipt proofs with their timestamps, shown, exported as a
bundle, or checked offline without a vault (docs/cli.md, "Relay")."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cli import relay_tsa
from cli.common import read_argument_bytes, staged_output
from cli.vault_output import info, print_json, safe
from cli.vault_unlock import VaultContext, vault_command

if TYPE_CHECKING:
    from app.relay_client import StoredProof


def register(commands: argparse._SubParsersAction) -> None:
    _proofs(commands)
    _proof_verify(commands)


def _proofs(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("proofs", help="the proofs of one envelope")
    parser.add_argument("envelope", help="envelope id")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="export them as a bundle (verifiable offline)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    vault_command(parser, run_proofs)


def run_proofs(args: argparse.Namespace, context: VaultContext) -> int:
    from app.relay_client import RelayService

    service = RelayService(context.session())
    stored = service.proofs(args.envelope)
    if args.output:
        with staged_output(args.output, overwrite=False) as out:
            out.write(service.export_proofs(args.envelope))
        info(f"{len(stored)} proofs written to {args.output}")
        return 0
    if args.json:
        print_json([_proof_json(p) for p in stored])
        return 0
    for p in stored:
        print(f"{p.kind}{' ' + p.event if p.event else ''}"
              f"{' ' + p.party if p.party else ''}{'' if p.posted else ' (not posted yet)'}")
        print(relay_tsa.stamp_line(service, p))
    return 0


def _proof_json(stored: StoredProof) -> dict[str, Any]:
    return {"kind": stored.kind, "direction": stored.direction, "party": stored.party,
            "event": stored.event, "posted": stored.posted, "proof": stored.proof.to_json()}


def _proof_verify(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("proof", help="proof files (no vault needed)")
    sub = group.add_subparsers(dest="proof_command", metavar="COMMAND")
    group.set_defaults(func=lambda _a: (group.print_help(sys.stderr), 2)[1])
    parser = sub.add_parser("verify", help="verify a proof or proof bundle offline")
    parser.add_argument("file")
    parser.add_argument("--relay-key-id", help="the relay key id you trust (compared)")
    parser.add_argument("--tsa-ca", metavar="PEM", help="the relay's time-stamping authority "
                        "root certificate: check the timestamps against it")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_proof_verify)


def run_proof_verify(args: argparse.Namespace) -> int:
    from app.relay_client import verify_proof_file

    verified = verify_proof_file(
        read_argument_bytes(args.file, "proof file"), args.relay_key_id,
        read_argument_bytes(args.tsa_ca, "certificate file") if args.tsa_ca else None)
    untrusted = [v for v in verified if v.trusted_relay is False]
    if args.json:
        print_json([{"kind": v.proof.kind, "signer": v.signer, "trusted_relay": v.trusted_relay,
                     "statement": v.proof.statement, "timestamp": v.timestamp}
                    for v in verified])
    else:
        for v in verified:
            print("\n".join(safe(line) for line in v.describe()))
    if untrusted:
        print("scelle: a proof is signed by another relay key than the one given",
              file=sys.stderr)
        return 1
    return 0
