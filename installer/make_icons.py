"""Render resources/icons/contactdesk.svg to PNGs (16–256 px) and a Windows .ico.

Run after changing the SVG: `.venv/bin/python installer/make_icons.py`. The results are
committed, so building the bundle needs no SVG support. The .ico stores PNG images
(supported since Windows Vista), written here without any image library.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / "contactdesk.svg"))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, payload = b"", b""
    for size, png in images.items():
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
        payload += png
    return header + entries + payload


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: render(size) for size in SIZES}
    for size, png in images.items():
        (ICONS / f"contactdesk-{size}.png").write_bytes(png)
    (ICONS / "contactdesk.ico").write_bytes(ico({s: images[s] for s in (16, 32, 48, 256)}))
    print(f"{len(images)} PNG-Dateien und contactdesk.ico in {ICONS} geschrieben.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
