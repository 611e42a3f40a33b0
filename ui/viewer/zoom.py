"""The viewer's zoom rules, apart from the window: the steps the keyboard and the wheel move
between, the limits, and the zoom that fits a page's width into the room the window has.

Plain arithmetic on numbers the window measures, so it is tested without a window.
"""

from __future__ import annotations

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
_EPSILON = 1e-3  # a zoom from fitting is never exactly a step: "next" must not be "same"


def clamp(zoom: float) -> float:
    """`zoom` within the smallest and the largest step."""
    return min(max(zoom, ZOOM_STEPS[0]), ZOOM_STEPS[-1])


def stepped(zoom: float, step: int) -> float:
    """The next step above `zoom` (step > 0) or below it (step <= 0), held at the ends."""
    if step > 0:
        bigger = [z for z in ZOOM_STEPS if z > zoom + _EPSILON]
        return bigger[0] if bigger else ZOOM_STEPS[-1]
    smaller = [z for z in ZOOM_STEPS if z < zoom - _EPSILON]
    return smaller[-1] if smaller else ZOOM_STEPS[0]


def fit_width(room_px: float, page_width_pt: float, pixels_per_point: float, *,
              enlarge: bool) -> float:
    """The zoom at which a page `page_width_pt` wide fills `room_px` pixels. An image is never
    blown up beyond its own size to fit (`enlarge=False`); a PDF page is."""
    zoom = room_px / max(1.0, page_width_pt * pixels_per_point)
    return zoom if enlarge else min(zoom, 1.0)
