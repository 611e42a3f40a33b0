"""Input noticed per window (ui/window_input.py), as the idle lock needs it, without an
application-wide event filter: windows existing at start, shown later, or focused are
watched; only input counts; stopping removes every filter."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QLabel

from ui.window_input import WindowInputTap


def _key(window) -> None:
    QApplication.sendEvent(window, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_A,
                                             Qt.KeyboardModifier.NoModifier, "a"))


def _move(window) -> None:
    QApplication.sendEvent(window, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(3, 3), QPointF(3, 3), Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def _shown(qtbot, text: str) -> QLabel:
    label = QLabel(text)
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    return label


def test_windows_are_watched_from_start_and_after_a_refresh(qtbot):
    before = _shown(qtbot, "avant")
    tap = WindowInputTap()
    seen: list[bool] = []
    tap.inputSeen.connect(lambda: seen.append(True))
    tap.start()
    try:
        _key(before.windowHandle())
        assert seen == [True]
        later = _shown(qtbot, "après")
        tap.refresh()
        _move(later.windowHandle())
        assert seen == [True, True]
        # Not input: a window's own events (resize, update requests…) are not activity.
        QApplication.sendEvent(later.windowHandle(), QEvent(QEvent.Type.UpdateRequest))
        assert seen == [True, True]
    finally:
        tap.stop()
    _key(before.windowHandle())
    assert seen == [True, True] and not tap.started


def test_a_window_that_takes_the_focus_is_watched_at_once(qtbot):
    tap = WindowInputTap()
    seen: list[bool] = []
    tap.inputSeen.connect(lambda: seen.append(True))
    tap.start()
    try:
        label = _shown(qtbot, "fenêtre")
        label.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWindow() is label.windowHandle())
        _key(label.windowHandle())
        assert seen == [True]
    finally:
        tap.stop()


def test_stopping_twice_or_before_starting_is_harmless(qtbot):
    tap = WindowInputTap()
    tap.stop()
    tap.start()
    tap.start()
    tap.stop()
    tap.stop()
    assert not tap.started
