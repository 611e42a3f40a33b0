"""Options shared by `scelle seal` and its `--vault` variant (cli/seal_cmd.py,
cli/vault_exchange.py); the rules behind them are the core's (app/sealing)."""

from __future__ import annotations

from datetime import datetime

from app import sealing
from app.sealing.consultation_end import NOT_VIEW_ONLY, ConsultationEndError, \
    parse_consultation_end
from cli.common import CliUsageError


def expires_option(text: str | None) -> datetime | None:
    """`--expires` as a moment (app/sealing/expiry.py says what a typed expiry means)."""
    if not text:
        return None
    try:
        return sealing.parse_expiry(text)
    except sealing.ExpiryError as exc:
        raise CliUsageError(f"--expires '{exc.text}' {exc.detail}") from None


def consult_until_option(text: str | None, view_only: bool) -> datetime | None:
    """`--consult-until` as a moment (app/sealing/consultation_end.py: view-only files only)."""
    if not text:
        return None
    try:
        return parse_consultation_end(text, view_only=view_only)
    except ConsultationEndError as exc:
        detail = "needs --view-only" if exc.detail == NOT_VIEW_ONLY else exc.detail
        raise CliUsageError(f"--consult-until '{exc.text}' {detail}") from None
