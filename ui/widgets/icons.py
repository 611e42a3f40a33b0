"""The application's icons: simple SVG files in `resources/icons`, loaded by name.

Icons are drawn for this application (no third-party icon set to license). `icon("lock")`
returns a QIcon; a missing name returns an empty icon rather than failing, so that a typo never
stops a dialog from opening (tests check that every name used exists).
"""

from __future__ import annotations

import sys
from functools import cache, lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon, QPixmap


@cache  # resolved once: every icon asked for it (system calls on the GUI thread)
def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


@lru_cache(maxsize=None)
def icon(name: str) -> QIcon:
    path = icon_path(name)
    return QIcon(str(path)) if path.is_file() else QIcon()


def pixmap(name: str, size: int) -> QPixmap:
    return icon(name).pixmap(size, size)
