"""Options shared by `scelle seal` and its `--vault` variant (cli/seal_cmd.py,
cli/vault_exchange.py); the rules behind them are the core's (app/sealing)."""

from __future__ import annotations

from datetime import datetime

from app import sealing
from cli.common import CliUsageError


def expires_option(text: str | None) -> datetime | None:
    """`--expires` as a moment (app/sealing/expiry.py says what a typed expiry means)."""
    if not text:
        return None
    try:
        return sealing.parse_expiry(text)
    except sealing.ExpiryError as exc:
        raise CliUsageError(f"--expires '{exc.text}' {exc.detail}") from None
