"""What the admin is told about intake points that a change touched (cli/org_intake.py, and the
roster and revocation commands that republish them): members left out, named on standard
error to the admin only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cli.vault_output import info, safe

if TYPE_CHECKING:
    from app.org.intake import LeftOut, Publication


def print_left_out(left_out: Sequence[LeftOut]) -> None:
    for member in left_out:
        info(f"Left out: {safe(member.name)} ({member.fingerprint[:16]}…): {member.reason}")


def print_republished(done: Sequence[Publication]) -> None:
    """After a roster change or a revocation that republished intake points."""
    for publication in done:
        point = publication.point
        info(f"The intake point {point.name} was published again (version "
             f"{point.document.version}, {len(point.document.recipients)} readers).")
        print_left_out(publication.left_out)
