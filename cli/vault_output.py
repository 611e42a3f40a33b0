"""How the vault commands print: JSON for scripts (`--json`), aligned columns for people.

JSON is what integrators parse: every listing has a `--json` form, every document carries its
`id`, times are UTC RFC 3339, and the shapes below do not change between versions without a
note in docs/cli.md. Text output is for reading and may change.

Names typed by clients (documents, cases, contacts) can hold any printable character; before
being printed in text form they lose control characters, so a crafted name cannot drive the
terminal (JSON escapes them itself).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from app.times import format_time

if TYPE_CHECKING:
    from app.cases import Case
    from app.documents import Document


def print_json(value: object) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True))


def safe(text: str) -> str:
    """Text for a terminal: control characters (escape sequences) shown as U+FFFD."""
    return "".join("\ufffd" if unicodedata.category(ch) == "Cc" else ch for ch in text)


def when(moment: datetime | None) -> str | None:
    return None if moment is None else format_time(moment)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]],
                right: Sequence[int] = ()) -> None:
    """Columns separated by two spaces; the last column is not padded (names go last)."""
    cells = [[safe(str(c)) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [list(headers), *cells]) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(parts).rstrip()

    print(line(headers))
    for row in cells:
        print(line(row))


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - loop always returns


def document_json(doc: Document, case_names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": doc.id, "name": doc.name, "media_type": doc.media_type, "size": doc.size,
        "sha256": doc.sha256.hex(), "case_id": doc.case_id,
        "case": case_names.get(doc.case_id) if doc.case_id is not None else None,
        "tags": list(doc.tags), "version": doc.version,
        "created_at": when(doc.created_at), "imported_at": when(doc.imported_at),
    }


def print_documents(docs: Sequence[Document], case_names: dict[int, str]) -> None:
    rows = [(d.id, human_size(d.size), d.media_type,
             "-" if d.case_id is None else d.case_id, d.name) for d in docs]
    print_table(("ID", "SIZE", "TYPE", "CASE", "NAME"), rows, right=(0, 1, 3))


def case_json(case: Case) -> dict[str, Any]:
    return {
        "id": case.id, "name": case.name, "reference": case.reference,
        "documents": case.document_count, "legal_hold": case.legal_hold,
        "retention_until": None if case.retention_until is None
        else case.retention_until.isoformat(),
        "created_at": when(case.created_at),
    }


def info(message: str) -> None:
    """A remark for the person at the terminal (standard error: stdout stays parseable)."""
    print(message, file=sys.stderr)
