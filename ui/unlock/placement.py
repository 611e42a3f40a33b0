"""A fixed size for the unlock window, measured once, and its place: centred on its screen.

The window used to size itself from its content (`SetMinimumSize`): a long error or progress
sentence made it taller at each failure, until it ran off a small screen, while a size taken
before any text was shown clipped the two-line French progress text. Here the size is chosen
once, when the window first shows: a width that fits the screen, and the height the layout
needs at that width with the tallest texts it will hold shown (word-wrapped labels grow in
height, never in width). Then it never changes.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QLabel, QWidget

#: The width the form is drawn for; less on a screen narrower than this plus a margin.
PREFERRED_WIDTH = 600
SCREEN_MARGIN = 48


def place_fixed(window: QWidget, worst_case: Callable[[], list[tuple[QLabel, str]]]) -> None:
    """Fix `window`'s size for its tallest content and centre it on the screen it opens on."""
    area = _screen(window).availableGeometry()
    width = max(min(PREFERRED_WIDTH, area.width() - SCREEN_MARGIN),
                window.minimumSizeHint().width())
    height = min(_tallest_height(window, width, worst_case()), area.height() - SCREEN_MARGIN)
    window.setFixedSize(width, height)
    centre_on_screen(window)


def centre_on_screen(window: QWidget) -> None:
    """Put the centre of `window`'s frame at the centre of its screen's free area.

    A top-level `move()` places the frame, whose margins are known only once the window
    system has made the window: before that, centring by the bare size leaves the window
    off centre by the frame's width (a 1-pixel rounding became 2 px on a machine whose
    fonts made the window 601 px wide). The window calls this again once it is shown.
    """
    centre = _screen(window).availableGeometry().center()
    frame = window.frameGeometry().size()
    window.move(QPoint(centre.x() - frame.width() // 2, centre.y() - frame.height() // 2))


def _screen(window: QWidget) -> QScreen:
    """The screen `window` opens on: its own, else the one under the pointer."""
    return window.screen() or QGuiApplication.screenAt(QCursor.pos()) \
        or QGuiApplication.primaryScreen()


def _tallest_height(window: QWidget, width: int, texts: list[tuple[QLabel, str]]) -> int:
    """The layout's height at `width` with each label showing its text (then put back)."""
    layout = window.layout()
    saved = [(label, label.text(), label.isVisibleTo(window)) for label, _ in texts]
    shown = [label.parentWidget() for label, _ in texts]
    parents = [(w, w.isVisibleTo(window)) for w in shown if w is not None and w is not window]
    try:
        for widget, _ in parents:
            widget.setVisible(True)
        for label, text in texts:
            label.setText(text)
            label.setVisible(True)
        layout.invalidate()
        natural = max(layout.sizeHint().height(), layout.minimumSize().height())
        return max(natural, layout.totalHeightForWidth(width))
    finally:
        for label, text, visible in saved:
            label.setText(text)
            label.setVisible(visible)
        for widget, visible in parents:
            widget.setVisible(visible)
        layout.invalidate()
