"""The consultation end of a view-only sealed file: the optional metadata key `consult_until`.

The sender of a view-only file may say until when its recipients may consult it (docs/format.md
§10). The key is a UTC time like `expires`, present only when set, so a file without it keeps
the bytes an older writer produced. It is meaningful only for a view-only file (a file that may
be exported cannot be taken back), and it must come after the file's creation. The vault refuses
to open the file's documents after that time and destroys them (app/vault/consultation.py).
"""

from __future__ import annotations

from datetime import datetime

from crypto.sealed.codec import Obj
from crypto.sealed.errors import SealingRefused

KEY = "consult_until"


def consultation_problem(consult_until: datetime, *, view_only: bool,
                         created: datetime) -> str | None:
    """What is wrong with a consultation end, or None; shared by the writer and the reader."""
    if not view_only:
        return "is set on a file that is not view-only"
    if consult_until <= created:
        return "is not after the creation time"
    return None


def parse_consult_until(obj: Obj, *, view_only: bool, created: datetime) -> datetime | None:
    """The key's value, None when absent; the reader's error (MalformedMetadata) when invalid."""
    if not obj.has(KEY):
        return None
    moment = obj.time(KEY)  # a time, never null: absence is the only way to say "no end"
    problem = consultation_problem(moment, view_only=view_only, created=created)
    if problem is not None:
        raise obj.fail(KEY, problem)
    return moment


def checked_consult_until(consult_until: datetime | None, *, view_only: bool,
                          created: datetime) -> datetime | None:
    """The writer's check: never write a consultation end a reader would refuse."""
    if consult_until is None:
        return None
    moment = consult_until.replace(microsecond=0)
    if not view_only:
        raise SealingRefused("A consultation end can only be set on a view-only sealed file.")
    if moment <= created:
        raise SealingRefused("The consultation end of the sealed file is already past.")
    return moment
