"""`scelle-relay serve` and `sweep` options for issue 17: the time-stamping authority and how
long proofs are kept after their envelope (docs/relay.md "Proofs: timestamps and retention").

Both commands take them: a manual `sweep` dates pending proofs and applies the retention just as
the server's own sweeper does, so it must be told the same values.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crypto.errors import ScelleError
from crypto.timestamps import TimestampError
from relay.config import TimestampAuthority
from relay.timestamping import anchors

MAX_RETENTION_DAYS = 100 * 366


def add(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tsa-url", metavar="URL",
                        help="RFC 3161 time-stamping authority dating every proof "
                             "(http:// or https://; default: none, proofs undated)")
    parser.add_argument("--tsa-ca", type=Path, metavar="PEM",
                        help="the authority's root certificate(s); needed with --tsa-url")
    parser.add_argument("--tsa-timeout", type=float, default=2.0, metavar="SECONDS",
                        help="how long a deposit waits for its token before leaving it "
                             "pending for the sweeper (default 2)")
    parser.add_argument("--proof-retention-days", type=int, default=365, metavar="DAYS",
                        help="days proofs are kept after their envelope is gone (default 365)")


def config(args: argparse.Namespace) -> dict[str, Any]:
    """RelayConfig fields from the options (none when the command does not take them)."""
    if not hasattr(args, "proof_retention_days"):
        return {}
    if not 1 <= args.proof_retention_days <= MAX_RETENTION_DAYS:
        raise ScelleError(f"--proof-retention-days must be between 1 and {MAX_RETENTION_DAYS}.")
    fields: dict[str, Any] = {"proof_retention_days": args.proof_retention_days}
    if args.tsa_url is None:
        if args.tsa_ca is not None:
            raise ScelleError("--tsa-ca needs --tsa-url.")
        return fields
    if not args.tsa_url.startswith(("http://", "https://")):
        raise ScelleError("--tsa-url must start with http:// or https://.")
    if args.tsa_ca is None:
        raise ScelleError("--tsa-url needs --tsa-ca (the authority's root certificate, PEM): "
                          "its tokens are checked before they are kept.")
    if not 0 < args.tsa_timeout <= 60:
        raise ScelleError("--tsa-timeout must be above 0 and at most 60 seconds.")
    try:
        anchors(args.tsa_ca)
    except TimestampError as exc:
        raise ScelleError(str(exc)) from None
    fields["timestamp_authority"] = TimestampAuthority(args.tsa_url, args.tsa_ca,
                                                       timeout=args.tsa_timeout)
    return fields
