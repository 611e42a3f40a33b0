"""Refusals of the delegation use cases (a file sent on behalf of someone is refused by
app/vault/on_behalf.py `OnBehalfRefused`)."""

from __future__ import annotations

from crypto.errors import ScelleError


class DelegationRefused(ScelleError):
    """A delegation use case cannot be done (unknown id, bad date, not in force…)."""

