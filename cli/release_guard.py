"""The frozen application's start-up check (app/updates/installed.py), for the `scelle` entry
point: when the workstation policy pins publisher keys, an application folder not signed by one
of them does not start, whichever face was asked for."""

from __future__ import annotations

from app.errors import ScelleError
from app.policy import PolicyError
from app.updates.installed import require_genuine_installation


def installation_refusal() -> ScelleError | None:
    """The refusal to start, or None. An invalid policy file is left to the faces, which
    already explain it (the GUI in a dialog) and stop."""
    try:
        require_genuine_installation()
    except PolicyError:
        return None
    except ScelleError as exc:
        return exc
    return None
