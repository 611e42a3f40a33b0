"""`scelle-relay serve` options of the intake point (docs/relay.md "Intake", "Limits")."""

from __future__ import annotations

import argparse
from typing import Any

from crypto.errors import ScelleError
from crypto.intake_document import MAX_REQUEST_BYTES

MAX_POW_BITS = 32  # a page must still solve it in seconds


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--intake-max-bytes", type=int, metavar="BYTES",
                        help="largest request an intake page may accept (default and maximum "
                             f"{MAX_REQUEST_BYTES})")
    parser.add_argument("--intake-pow-bits", type=int, metavar="BITS",
                        help="proof of work of an intake deposit, in leading zero bits "
                             "(default 18; 0: none)")
    parser.add_argument("--intake-rate", type=float, nargs=2, metavar=("PER_SECOND", "BURST"),
                        help="intake page requests per client address, counted in memory only "
                             "(default 1 per second, bursts of 60)")
    parser.add_argument("--intake-deposit-rate", type=float, nargs=2,
                        metavar=("PER_HOUR", "BURST"),
                        help="intake deposits per client address (default 10 per hour, "
                             "bursts of 10)")


def limits(args: argparse.Namespace) -> dict[str, Any]:
    """The `Limits` fields the options set; a bad value is one clear error."""
    found: dict[str, Any] = {}
    if args.intake_max_bytes is not None:
        if not 1 <= args.intake_max_bytes <= MAX_REQUEST_BYTES:
            raise ScelleError(f"--intake-max-bytes must be from 1 to {MAX_REQUEST_BYTES}.")
        found["intake_max_bytes"] = args.intake_max_bytes
    if args.intake_pow_bits is not None:
        if not 0 <= args.intake_pow_bits <= MAX_POW_BITS:
            raise ScelleError(f"--intake-pow-bits must be from 0 to {MAX_POW_BITS}.")
        found["intake_pow_bits"] = args.intake_pow_bits
    for option, rate_field, burst_field in (
            ("intake_rate", "intake_rate_per_second", "intake_rate_burst"),
            ("intake_deposit_rate", "intake_deposits_per_hour", "intake_deposit_burst")):
        value = getattr(args, option)
        if value is None:
            continue
        rate, burst = value
        if not (rate > 0 and burst >= 1 and burst == int(burst)):
            raise ScelleError(f"--{option.replace('_', '-')} needs a rate above 0 and a whole "
                              "burst of at least 1.")
        found[rate_field], found[burst_field] = rate, int(burst)
    return found
