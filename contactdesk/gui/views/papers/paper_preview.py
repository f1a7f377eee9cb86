"""PaperPreview: the "PDF-Vorschau" tab beside the paper editor — which Fassung is shown (the
current text or a released version), how it is loaded and saved, and the notes under it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.fileio import atomic_write
from contactdesk.core.formats.pdf import PdfResult, PdfSettings
from contactdesk.core.i18n import _
from contactdesk.core.models import PaperStatus
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.pdf_preview import PdfPreview, Saver
from contactdesk.gui.views.widgets import named

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: the entry of the version box that shows the current text (not a stored version)
CURRENT = 0


def preview_choices(data: PaperData) -> list[tuple[int, str]]:
    """The Fassungen the box offers: the current text while it differs from the last release
    (or nothing is released), then the released versions, newest first."""
    choices: list[tuple[int, str]] = []
    if data.status == PaperStatus.ENTWURF.value or data.changed_since_release or not data.versions:
        text = (
            _("Aktueller Stand (Entwurf)")
            if data.status == PaperStatus.ENTWURF.value
            else _("Aktueller Stand (nicht freigegeben)")
        )
        choices.append((CURRENT, text))
    for v in reversed(data.versions):
        choices.append(
            (
                v.version,
                _("Fassung {n} vom {day}").format(n=v.version, day=f"{v.released_on:%d.%m.%Y}"),
            )
        )
    return choices


class PaperPreview(PdfPreview):
    """The PDF of the paper the editor shows, with a box to choose its Fassung.

    `show_paper(data, ...)` follows the editor; it reloads only when the paper, its versions,
    its status or its last change differ from what is shown."""

    def __init__(
        self,
        ops: Ops,
        pdf_settings: Callable[[], PdfSettings],
        editor_dirty: Callable[[], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ops, _("PDF-Vorschau der Vorlage"), parent)
        self._pdf_settings = pdf_settings
        self._editor_dirty = editor_dirty
        self._shown_for: tuple[object, ...] | None = None
        self._data: PaperData | None = None
        self.version_box = named(
            QComboBox(), _("Fassung"), _("Welche Fassung der Vorlage angezeigt wird")
        )
        self.version_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.version_box.currentIndexChanged.connect(lambda _i: self._load())
        self.version_label = QLabel(_("&Fassung:"))
        self.version_label.setBuddy(self.version_box)
        self.extra_bar.addWidget(self.version_label)
        self.extra_bar.addWidget(self.version_box)
        self.extra_bar.addStretch(1)

    def forget(self) -> None:
        """Load anew next time (the data behind the shown PDF changed)."""
        self._shown_for = None

    def show_paper(self, data: PaperData | None, *, has_paper: bool) -> None:
        """Fill the version box for the paper and load the PDF that paper_pdf gives
        (`has_paper`: the editor holds a new, unsaved paper when `data` has no id)."""
        self._data = data
        if data is None or data.id is None:
            self.version_box.blockSignals(True)
            self.version_box.clear()
            self.version_box.blockSignals(False)
            self.version_box.setVisible(False)
            self.version_label.setVisible(False)
            self._shown_for = None
            self.clear(
                _("Die Vorschau zeigt eine Vorlage, sobald sie gespeichert ist.")
                if has_paper
                else _("Wählen Sie links eine Vorlage aus.")
            )
            return
        key = (data.id, len(data.versions), data.updated_at, data.status)
        if self._shown_for == key and self.has_pdf():
            self._update_notes()
            return
        self._shown_for = key
        choices = preview_choices(data)
        default = (
            data.versions[-1].version
            if data.versions and data.status != PaperStatus.ENTWURF.value
            else CURRENT
        )
        self.version_box.blockSignals(True)
        self.version_box.clear()
        for value, text in choices:
            self.version_box.addItem(text, value)
        self.version_box.setCurrentIndex(max(self.version_box.findData(default), 0))
        self.version_box.blockSignals(False)
        self.version_box.setVisible(len(choices) > 1)
        self.version_label.setVisible(len(choices) > 1)
        self._load()

    def _load(self) -> None:
        data = self._data
        if data is None or data.id is None:
            return
        pid, settings = data.id, self._pdf_settings()
        choice = self.version_box.currentData()
        latest = data.versions[-1].version if data.versions else None
        released_default = latest is not None and data.status != PaperStatus.ENTWURF.value
        saver: Saver
        if choice in (None, CURRENT):

            def load(s: Session) -> PdfResult:
                return ps.render_draft(s, pid, settings)

            if data.status == PaperStatus.ENTWURF.value:
                saver = lambda s, p: ps.export_paper_pdf(s, pid, p, settings)  # noqa: E731
            else:
                saver = lambda s, p: atomic_write(p, ps.render_draft(s, pid, settings).data)  # noqa: E731
            name = f"{data.reference}-Entwurf.pdf"
        else:
            version = int(choice)

            def load(s: Session) -> PdfResult:
                return ps.paper_pdf(s, pid, settings, version=version)

            if released_default and version == latest:
                saver = lambda s, p: ps.export_paper_pdf(s, pid, p, settings)  # noqa: E731
            else:
                saver = lambda s, p: atomic_write(  # noqa: E731
                    p, ps.paper_pdf(s, pid, settings, version=version).data
                )
            name = (
                f"{data.reference}.pdf" if version == latest else f"{data.reference}-F{version}.pdf"
            )
        try:
            result = self._ops.read(load)
        except ContactdeskError as exc:
            self.clear(exc.message)
            return
        self.set_pdf(
            result.data,
            title=f"{data.type_name} {data.reference}",
            file_name=name,
            saver=saver,
            notes=list(result.warnings),
        )
        self._update_notes(result.warnings)

    def _update_notes(self, warnings: list[str] | None = None) -> None:
        lines = list(warnings or [])
        if self._editor_dirty():
            lines.append(
                _("Ungespeicherte Änderungen sind in dieser Vorschau noch nicht enthalten.")
            )
        if lines or warnings is not None:
            self.set_note(lines)
