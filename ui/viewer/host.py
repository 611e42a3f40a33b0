"""What the viewer's helpers (text_tools.py, printing.py) use of their window, as a Protocol,
so that they do not import the window module that imports them."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStatusBar

from app.documents import Document
from ui.viewer.page_view import PageView
from ui.workers import JobHandle


class ViewerHost(Protocol):
    session: Any
    document: Document
    view: PageView
    _source: Any

    @property
    def current_page(self) -> int: ...

    @property
    def view_only(self) -> bool: ...

    @property
    def released(self) -> bool: ...

    def _action(self, text: str, keys: list[QKeySequence], slot: Any,
                short: str | None = None) -> QAction: ...

    def _submit(self, fn: Any, *args: Any, **kwargs: Any) -> JobHandle: ...

    def go_to(self, index: int) -> None: ...

    def refresh_marks(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 (Qt's name)
