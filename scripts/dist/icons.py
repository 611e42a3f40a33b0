"""Renders the application icon (an SVG) into what packages need, with Qt (run offscreen).

    python scripts/dist/icons.py resources/icons/scelle.svg OUTDIR

OUTDIR/icons/hicolor/<n>x<n>/apps/scelle.png for the freedesktop icon theme (the .deb also ships
the SVG as `scalable`), and OUTDIR/scelle.ico for the Windows executables (Qt's `ico` image
plugin writes it; one size per file, 256 px, which Windows scales down).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def main(svg: Path, out: Path) -> int:
    _app = QGuiApplication(["icons"])  # Qt's image plugins need an application object
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"icons: {svg} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        folder = out / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(folder / "scelle.png"), "PNG"):
            print(f"icons: could not write {folder / 'scelle.png'}", file=sys.stderr)
            return 1
    if not render(renderer, 256).save(str(out / "scelle.ico"), "ICO"):
        print("icons: Qt could not write scelle.ico (no `ico` image plugin)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
