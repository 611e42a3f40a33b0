"""Importing dropped or chosen files and folders (the job runs on a worker thread).

Files go into the selected case (or in no case); a folder goes into the selected case too, or,
when no case is selected, into a new case named after the folder (the app layer's rule). One
job imports everything, reporting the bytes done over the bytes of every file, and stops at
the next chunk when cancelled: each document already imported is complete, the one in progress
leaves no trace. `lock()` cancels the job too (`session.guard`).

Sealed files (`.scelle`) are not imported as documents: the window opens them with the
exchange dialog instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl

from app.importer import ImportSourceError
from app.records import InvalidValueError

SEALED_SUFFIX = ".scelle"


@dataclass
class DroppedPaths:
    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    sealed: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.files or self.folders or self.sealed)


def classify(urls: Iterable[QUrl]) -> DroppedPaths:
    """Local files, folders and sealed files among dropped URLs (remote URLs are ignored)."""
    dropped = DroppedPaths()
    for url in urls:
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            dropped.folders.append(path)
        elif path.suffix.lower() == SEALED_SUFFIX:
            dropped.sealed.append(path)
        elif path.exists():
            dropped.files.append(path)
    return dropped


@dataclass
class ImportSummary:
    imported: list[int] = field(default_factory=list)  # document ids
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, reason): shown only
    cancelled: bool = False
    new_case_ids: list[int] = field(default_factory=list)


def _tree_size(folder: Path) -> int:
    total = 0
    for root, _dirs, names in os.walk(folder, followlinks=False):
        for name in names:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
    return total


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


class _Progress:
    """Adds each item's bytes to what the items before it did, naming the file in progress."""

    def __init__(self, report: Callable[..., None] | None, total: int) -> None:
        self._report = report
        self.total = max(total, 1)
        self.base = 0
        self.name = ""

    def item(self, done: int, _total: int = 0) -> None:
        if self._report is not None:
            self._report(min(self.base + done, self.total), self.total, self.name)

    def folder(self, fp: Any) -> None:
        self.name = Path(fp.current).name if fp.current else self.name
        self.item(fp.bytes_done)


def import_paths(session: Any, files: list[Path], folders: list[Path], case_id: int | None, *,
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> ImportSummary:
    """Job function: import `files` then `folders` into `case_id` (see module doc)."""
    summary = ImportSummary()
    sizes = {path: _size(path) for path in files}
    sizes.update({folder: _tree_size(folder) for folder in folders})
    meter = _Progress(progress, sum(sizes.values()))
    with session.guard(cancel) as stop:
        importer = session.importer
        for path in files:
            if stop():
                summary.cancelled = True
                return summary
            meter.name = path.name
            meter.item(0)
            try:
                doc = importer.import_file(path, case=case_id, progress=meter.item, cancel=stop)
                summary.imported.append(doc.id)
            except (ImportSourceError, InvalidValueError) as exc:
                summary.skipped.append((path.name, type(exc).__name__))
            except BaseException:
                if stop():
                    summary.cancelled = True
                    return summary
                raise
            meter.base += sizes[path]
        for folder in folders:
            report = importer.import_folder(folder, case=case_id, progress=meter.folder,
                                            cancel=stop)
            summary.imported.extend(report.imported)
            summary.skipped.extend((rel, "skipped") for rel, _why in report.skipped)
            if case_id is None:
                summary.new_case_ids.append(report.case_id)
            if report.cancelled:
                summary.cancelled = True
                return summary
            meter.base += sizes[folder]
    return summary
