"""The viewer's zoom rules (ui/viewer/zoom.py) and its cache of rendered pages
(ui/viewer/page_cache.py), without a window."""

from __future__ import annotations

from PySide6.QtGui import QImage

from ui.viewer import zoom
from ui.viewer.page_cache import PageCache


def test_steps_move_to_the_next_step_and_hold_at_the_ends() -> None:
    assert zoom.stepped(1.0, +1) == 1.1 and zoom.stepped(1.0, -1) == 0.9
    # A zoom from fitting lies between steps: the next one up, the next one down.
    assert zoom.stepped(1.03, +1) == 1.1 and zoom.stepped(1.03, -1) == 1.0
    # Almost a step is that step: "next" never returns the zoom already shown.
    assert zoom.stepped(1.0005, +1) == 1.1
    assert zoom.stepped(4.0, +1) == 4.0 and zoom.stepped(0.25, -1) == 0.25
    assert zoom.stepped(9.0, -1) == 4.0 and zoom.stepped(0.1, +1) == 0.25


def test_zoom_is_held_within_the_steps() -> None:
    assert zoom.clamp(0.01) == 0.25 and zoom.clamp(40.0) == 4.0 and zoom.clamp(1.3) == 1.3


def test_fitting_the_width_enlarges_a_page_but_never_an_image() -> None:
    # 600 px of room for a 300 pt page at 1 px/pt: twice the size.
    assert zoom.fit_width(600, 300, 1.0, enlarge=True) == 2.0
    assert zoom.fit_width(600, 300, 1.0, enlarge=False) == 1.0
    assert zoom.fit_width(150, 300, 1.0, enlarge=False) == 0.5
    assert zoom.fit_width(600, 0, 1.0, enlarge=True) == 600  # no division by a zero width


def _image() -> QImage:
    return QImage(2, 2, QImage.Format.Format_RGB32)


def test_the_cache_drops_the_least_recently_shown_page() -> None:
    cache = PageCache(size=2)
    first, second, third = _image(), _image(), _image()
    cache.put((0, 1.0), first)
    cache.put((1, 1.0), second)
    assert cache.get((0, 1.0)) is first  # page 0 shown again: now the most recent
    cache.put((2, 1.0), third)
    assert len(cache) == 2
    assert (1, 1.0) not in cache and (0, 1.0) in cache and (2, 1.0) in cache
    assert cache.get((1, 1.0)) is None


def test_a_page_at_another_scale_is_another_image_and_clear_drops_all() -> None:
    cache = PageCache()
    cache.put((0, 1.0), _image())
    assert cache.get((0, 2.0)) is None
    cache.clear()
    assert len(cache) == 0 and cache.get((0, 1.0)) is None
