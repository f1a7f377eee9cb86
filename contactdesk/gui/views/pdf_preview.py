"""PdfPreview: a PDF from the core shown inside the app (QtPdf), printed and saved as a file.

Printing renders each chosen page with QPdfDocument.render to an image at the printer's
resolution (at most MAX_PRINT_DPI, so an A4 page stays below 40 MB of memory) and paints it on
a QPrinter; the page range and the copies of the print dialog are respected. Saving writes
through the core's export (an atomic write: a temporary file, then a rename).

The questions go through gui/prompts.py (`exec_print_dialog`, `choose_save_file`) and
this module's `new_printer`, so tests replace one function instead of a dialog.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.fileio import atomic_write
from contactdesk.core.i18n import N_, _
from contactdesk.gui import file_places, prompts, theme
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import named
from contactdesk.gui.widgets.save_target import ask_save_target

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

#: Pages are rendered for the printer at its resolution, but never above this.
MAX_PRINT_DPI = 300
#: (text, zoom mode, factor) of the zoom box
ZOOMS: list[tuple[str, QPdfView.ZoomMode, float]] = [
    (N_("Seitenbreite"), QPdfView.ZoomMode.FitToWidth, 1.0),
    (N_("Ganze Seite"), QPdfView.ZoomMode.FitInView, 1.0),
    ("50 %", QPdfView.ZoomMode.Custom, 0.5),
    ("75 %", QPdfView.ZoomMode.Custom, 0.75),
    ("100 %", QPdfView.ZoomMode.Custom, 1.0),
    ("125 %", QPdfView.ZoomMode.Custom, 1.25),
    ("150 %", QPdfView.ZoomMode.Custom, 1.5),
    ("200 %", QPdfView.ZoomMode.Custom, 2.0),
]
ZOOM_STEP = 1.25
#: How the PDF shown is written to a file: a core export taking (session, target path).
Saver: TypeAlias = "Callable[[Session, Path], object]"


class PrintError(Exception):
    """Printing failed; the message is German and says what to do."""


# --------------------------------------------------------------------------- patchable


def new_printer() -> QPrinter:
    """The printer the print dialog starts from (tests may return a PDF printer)."""
    return QPrinter(QPrinter.PrinterMode.HighResolution)


def choose_save_path(parent: QWidget | None, title: str, suggested: str, filters: str) -> str:
    """The file the user chose to save to, or "" when cancelled."""
    start = suggested if Path(suggested).is_absolute() else file_places.start_in("pdf", suggested)
    path = prompts.choose_save_file(parent, title, start, filters)
    file_places.remember("pdf", path)
    return path


# --------------------------------------------------------------------------- printing


def pages_to_print(printer: QPrinter, page_count: int, current_page: int = 0) -> list[int]:
    """The 0-based pages the print dialog asked for (all, a range like "1-2,4", the current)."""
    mode = printer.printRange()
    if mode in (QPrinter.PrintRange.CurrentPage, QPrinter.PrintRange.Selection):
        return [min(max(current_page, 0), page_count - 1)] if page_count else []
    ranges = printer.pageRanges()
    if mode == QPrinter.PrintRange.PageRange or not ranges.isEmpty():
        if ranges.isEmpty() and printer.fromPage() > 0:
            first, last = printer.fromPage(), printer.toPage() or page_count
            return [p - 1 for p in range(first, min(last, page_count) + 1)]
        return [p - 1 for p in range(1, page_count + 1) if ranges.contains(p)]
    return list(range(page_count))


def print_document(
    document: QPdfDocument, printer: QPrinter, pages: list[int] | None = None
) -> int:
    """Paint the pages of `document` on `printer`; returns the number of sheets printed.

    Copies: a printer that makes copies itself gets each page once; otherwise each page is
    printed `copyCount()` times (collated or not, as the dialog said). PrintError on failure.
    """
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintError(_("Es gibt nichts zu drucken: die Vorschau ist leer."))
    pages = list(range(document.pageCount())) if pages is None else pages
    if not pages:
        raise PrintError(_("Im gewählten Seitenbereich liegt keine Seite dieses Dokuments."))
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        sequence = [p for _copy in range(copies) for p in pages]
    else:
        sequence = [p for p in pages for _copy in range(copies)]
    printer.setFullPage(True)  # the PDF carries its own margins (hole-punch side)
    painter = QPainter()
    if not painter.begin(printer):
        name = printer.printerName() or printer.outputFileName() or _("Standarddrucker")
        raise PrintError(
            _(
                "Der Drucker „{name}“ kann nicht drucken (er ist nicht bereit oder nicht "
                "erreichbar). Es wurde nichts gedruckt; Ihre Daten sind unverändert. Bitte "
                "prüfen Sie den Drucker oder wählen Sie einen anderen."
            ).format(name=name)
        )
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        target = printer.paperRect(QPrinter.Unit.DevicePixel)
        for n, page in enumerate(sequence):
            if n and not printer.newPage():
                raise PrintError(
                    _("Der Drucker hat nach {n} Seiten abgebrochen. Bitte prüfen Sie ihn.").format(
                        n=n
                    )
                )
            points = document.pagePointSize(page)
            size = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
            image = document.render(page, size)
            if image.isNull():
                raise PrintError(
                    _("Seite {page} kann nicht für den Drucker aufbereitet werden.").format(
                        page=page + 1
                    )
                )
            scale = min(target.width() / size.width(), target.height() / size.height())
            w, h = size.width() * scale, size.height() * scale
            rect = QRectF(
                target.x() + (target.width() - w) / 2, target.y() + (target.height() - h) / 2, w, h
            )
            painter.drawImage(rect, image)
    except PrintError:
        printer.abort()
        raise
    finally:
        painter.end()
    return len(sequence)


# --------------------------------------------------------------------------- widget


class PdfPreview(QWidget):
    """A PDF (bytes from the core) with page navigation, zoom, print and save."""

    sig_printed = Signal(int)
    """Pages were sent to the printer (number of sheets)."""
    sig_saved = Signal(str)
    """The PDF was written to a file (its path)."""

    def __init__(self, ops: Ops, name: str = N_("PDF-Vorschau"), parent: QWidget | None = None):
        super().__init__(parent)
        self._ops = ops
        self._name = name
        self._buffer: QBuffer | None = None
        self._saver: Saver | None = None
        self.data = b""
        self.title = ""
        self.file_name = "dokument.pdf"
        self.setAccessibleName(_(name))
        self.document = QPdfDocument(self)
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building
    def _tool(self, text: str, name: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = named(QToolButton(), name, tip)
        button.setText(text)
        button.setAutoRaise(True)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        self.previous_button = self._tool(
            "◀", _("Vorige Seite"), _("Vorige Seite (Bild auf)"), self.previous_page
        )
        self.page_spin = named(QSpinBox(), _("Seite"), _("Seite anzeigen"))
        self.page_spin.setRange(1, 1)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda v: self.go_to_page(v - 1))
        self.page_total = QLabel()
        self.page_total.setAccessibleName(_("Seitenzahl"))
        self.next_button = self._tool(
            "▶", _("Nächste Seite"), _("Nächste Seite (Bild ab)"), self.next_page
        )
        self.zoom_out_button = self._tool(
            "−", _("Verkleinern"), _("Verkleinern (Strg+Minus)"), self.zoom_out
        )
        self.zoom_box = named(QComboBox(), _("Zoom"), _("Größe der Anzeige"))
        for text, _mode, _factor in ZOOMS:
            self.zoom_box.addItem(_(text))
        self.zoom_box.currentIndexChanged.connect(self._on_zoom_box)
        self.zoom_in_button = self._tool(
            "+", _("Vergrößern"), _("Vergrößern (Strg+Plus)"), self.zoom_in
        )
        self.print_button = self._tool(
            _("Drucken …"), _("Drucken"), _("Drucken (Strg+P)"), self.print_pdf
        )
        self.print_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.save_button = self._tool(
            _("Als PDF speichern …"),
            _("Als PDF speichern"),
            _("Das PDF als Datei speichern"),
            self.save_pdf,
        )
        self.extra_bar = QHBoxLayout()  # the area adds its own controls here (own row)
        self.extra_bar.setContentsMargins(0, 0, 0, 0)
        for w in (
            self.previous_button,
            self.page_spin,
            self.page_total,
            self.next_button,
            self.zoom_out_button,
            self.zoom_box,
            self.zoom_in_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        outer.addLayout(self.extra_bar)
        outer.addLayout(bar)

        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        self.saved_note.setTextFormat(Qt.TextFormat.RichText)
        self.saved_note.setAccessibleName(_("Gespeichert"))
        theme.set_style(self.saved_note, "color: {success_text};")
        self.saved_note.linkActivated.connect(self._open_saved_folder)
        self.saved_note.setVisible(False)
        outer.addWidget(self.saved_note)

        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(_("Hinweise zum PDF"))
        theme.set_style(self.note, "color: {warning_text};")
        self.note.setVisible(False)
        outer.addWidget(self.note)

        self.stack = QStackedWidget()
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setAccessibleName(_("Keine Vorschau"))
        self.stack.addWidget(self.empty)
        self.view = named(QPdfView(), _(self._name))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.pageNavigator().currentPageChanged.connect(self._on_page_changed)
        self.stack.addWidget(self.view)
        outer.addWidget(self.stack, 1)

        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            (QKeySequence(Qt.Key.Key_PageDown), self.next_page),
            (QKeySequence(Qt.Key.Key_PageUp), self.previous_page),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

    # ------------------------------------------------------------------ content
    def clear(self, message: str = "") -> None:
        """Show no PDF, only a German sentence why."""
        self.document.close()
        self._buffer = None
        self.data = b""
        self._saver = None
        self.saved_note.setVisible(False)
        self.empty.setText(message or _("Keine Vorschau."))
        self.stack.setCurrentWidget(self.empty)
        self.set_note([])
        self._update_controls()

    def set_pdf(
        self,
        data: bytes,
        *,
        title: str,
        file_name: str,
        saver: Saver | None = None,
        notes: list[str] | None = None,
    ) -> bool:
        """Show a PDF; `saver` writes this same PDF through the core (else the bytes are written)."""
        self.saved_note.setVisible(False)
        page = self.current_page()
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.title = title
        self.file_name = file_name
        if self.document.status() != QPdfDocument.Status.Ready:
            log.warning("PDF preview failed: %s", self.document.error())
            self.clear(_("Die Vorschau kann dieses PDF nicht anzeigen."))
            return False
        self.data = data
        self._saver = saver
        self.stack.setCurrentWidget(self.view)
        self.set_note(notes or [])
        self._update_controls()
        self.go_to_page(min(page, self.page_count() - 1))
        return True

    def set_note(self, lines: list[str]) -> None:
        self.note.setText("\n".join(lines))
        self.note.setVisible(bool(lines))

    def has_pdf(self) -> bool:
        return bool(self.data) and self.document.status() == QPdfDocument.Status.Ready

    def page_count(self) -> int:
        return self.document.pageCount() if self.has_pdf() else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage() if self.has_pdf() else 0

    def _update_controls(self) -> None:
        count = self.page_count()
        has = count > 0
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(count, 1))
        self.page_spin.setValue(self.current_page() + 1)
        self.page_spin.blockSignals(False)
        self.page_total.setText(_("von {n}").format(n=count) if has else "")
        for w in (
            self.page_spin,
            self.zoom_box,
            self.zoom_in_button,
            self.zoom_out_button,
            self.print_button,
            self.save_button,
        ):
            w.setEnabled(has)
        self.previous_button.setEnabled(has and self.current_page() > 0)
        self.next_button.setEnabled(has and self.current_page() < count - 1)

    # ------------------------------------------------------------------ navigation and zoom
    def go_to_page(self, page: int) -> None:
        if not self.has_pdf():
            return
        page = min(max(page, 0), self.page_count() - 1)
        navigator = self.view.pageNavigator()
        navigator.jump(page, QPointF(), navigator.currentZoom())
        self._on_page_changed(page)

    def next_page(self) -> None:
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        self.go_to_page(self.current_page() - 1)

    def _on_page_changed(self, _page: int) -> None:
        self._update_controls()

    def _on_zoom_box(self, index: int) -> None:
        _text, mode, factor = ZOOMS[index]
        self.view.setZoomMode(mode)
        if mode == QPdfView.ZoomMode.Custom:
            self.view.setZoomFactor(factor)

    def _set_factor(self, factor: float) -> None:
        factor = min(max(factor, 0.25), 4.0)
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.zoom_box.blockSignals(True)
        match = [
            i for i, z in enumerate(ZOOMS) if z[1] == QPdfView.ZoomMode.Custom and z[2] == factor
        ]
        if match:
            self.zoom_box.setCurrentIndex(match[0])
        else:
            self.zoom_box.setCurrentIndex(-1)
            self.zoom_box.setPlaceholderText(f"{round(factor * 100)} %")
        self.zoom_box.blockSignals(False)

    def zoom_factor(self) -> float:
        return self.view.zoomFactor()

    def zoom_in(self) -> None:
        self._set_factor(self._effective_factor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_factor(self._effective_factor() / ZOOM_STEP)

    def _effective_factor(self) -> float:
        """The factor shown now (a fitted zoom computed from the page and the view width)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.has_pdf():
            return self.view.zoomFactor()
        points = self.document.pagePointSize(self.current_page())
        dpi_scale = self.logicalDpiX() / 72
        width = max(self.view.viewport().width() - 2 * self.view.pageSpacing(), 100)
        return width / (points.width() * dpi_scale)

    # ------------------------------------------------------------------ print and save
    def print_pdf(self) -> bool:
        """Ctrl+P: the system print dialog, then the chosen pages; German message on failure."""
        if not self.has_pdf():
            return False
        printer = new_printer()
        printer.setDocName(self.title or self.file_name)
        printer.setCreator("contactdesk")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Drucken: {title}").format(title=self.title))
        dialog.setMinMax(1, self.page_count())
        dialog.setOptions(
            QPrintDialog.PrintDialogOption.PrintPageRange
            | QPrintDialog.PrintDialogOption.PrintCollateCopies
            | QPrintDialog.PrintDialogOption.PrintCurrentPage
            | QPrintDialog.PrintDialogOption.PrintShowPageSize
            | QPrintDialog.PrintDialogOption.PrintToFile
        )
        if prompts.exec_print_dialog(dialog) != QDialog.DialogCode.Accepted:
            return False
        printer = dialog.printer()
        pages = pages_to_print(printer, self.page_count(), self.current_page())
        try:
            sheets = print_document(self.document, printer, pages)
        except PrintError as exc:
            log.info("printing failed: %s", exc)
            prompts.show_error(self, str(exc), _("Drucken"))
            return False
        self.sig_printed.emit(sheets)
        return True

    def save_pdf(self) -> Path | None:
        """Ask for a file and write the PDF there (atomically, through the core)."""
        if not self.has_pdf():
            return None
        title = _("Als PDF speichern")
        target = ask_save_target(
            self, title, self.file_name, _("PDF-Dokumente (*.pdf);;Alle Dateien (*)"), ".pdf"
        )
        if target is None:
            return None
        saver, data = self._saver, self.data

        def write() -> bool:
            if saver is not None:
                self._ops.read(lambda s: saver(s, target))
            else:
                atomic_write(target, data)
            return True

        def os_failure(reason: str) -> str:
            return _(
                "Die Datei „{name}“ kann nicht geschrieben werden ({reason}). Bitte wählen "
                "Sie einen anderen Ordner."
            ).format(name=target.name, reason=reason)

        if prompts.file_step(self, title, write, os_failure) is None:
            return None
        self._saved_folder = target.parent
        self.saved_note.setText(
            _('✓ Gespeichert als „{name}“ in {folder}. <a href="folder">Ordner öffnen</a>').format(
                name=html.escape(target.name), folder=html.escape(str(target.parent))
            )
        )
        self.saved_note.setVisible(True)
        self.sig_saved.emit(str(target))
        return target

    def _open_saved_folder(self, _link: str = "") -> None:
        folder = getattr(self, "_saved_folder", None)
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
