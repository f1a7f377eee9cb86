"""The Qt part of `contactdesk --self-test`: platform plugin, widgets, QtPdf rendering, fonts."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def check_qt(pdf: Path | None) -> str:
    """Create the application, render page 1 of the self-test PDF with QtPdf, build a window."""
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless:  # without a display Qt would abort the process instead of raising
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QFontDatabase, QImage
    from PySide6.QtNetwork import QLocalServer
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(sys.argv[:1])
    platform = QApplication.platformName()
    label = QLabel("Grüße aus contactdesk")
    label.adjustSize()
    label.grab()
    families = len(QFontDatabase.families())
    parts = [f"Plattform {platform}", f"{families} Schriftfamilien"]
    if pdf is not None:
        doc = QPdfDocument(app)
        doc.load(str(pdf))
        if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
            raise RuntimeError(f"QtPdf kann die Selbsttest-PDF nicht laden ({doc.status()})")
        image = doc.render(0, QSize(595, 842))
        if image.isNull() or image.format() == QImage.Format.Format_Invalid:
            raise RuntimeError("QtPdf hat die Seite nicht gezeichnet")
        parts.append(f"PDF-Seite mit QtPdf gezeichnet ({image.width()}×{image.height()})")
        doc.close()
    QPrinter(QPrinter.PrinterMode.ScreenResolution)
    del QLocalServer  # imported to prove the module is bundled
    return ", ".join(parts)
