"""The pages the viewer has rendered, kept for going back and forth without rendering again.

Keyed by (page, device scale): a page rendered at another zoom or on another screen is another
image. At most `CACHE_PAGES` are kept, the least recently shown dropped first, so a long
document never holds more than a few decrypted page images in memory.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtGui import QImage

CACHE_PAGES = 6

PageKey = tuple[int, float]  # (page index, device scale)


class PageCache:
    def __init__(self, size: int = CACHE_PAGES) -> None:
        self._size = size
        self._images: OrderedDict[PageKey, QImage] = OrderedDict()

    def __len__(self) -> int:
        return len(self._images)

    def __contains__(self, key: object) -> bool:
        return key in self._images

    def get(self, key: PageKey) -> QImage | None:
        """The image, now the most recently used; None if it is not kept."""
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: PageKey, image: QImage) -> None:
        self._images[key] = image
        while len(self._images) > self._size:
            self._images.popitem(last=False)

    def clear(self) -> None:
        self._images.clear()
