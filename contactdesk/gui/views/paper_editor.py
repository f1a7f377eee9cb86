"""PaperEditor: one committee paper (Vorlage) with its Beratungsfolge, Sachverhalt, Anlagen,
links, status workflow and released versions.

A paper in "Entwurf" is edited freely. A released paper (freigegeben, in Beratung) shows its
fields read-only: "Zurück zum Entwurf" or "Neue Fassung bearbeiten" opens them again; the stored
PDF of each release stays as it was, a new release adds the next version. A paper that is
zur Kenntnis genommen, beschlossen or zurückgezogen cannot be changed (the core refuses it).

Undo: the commands for papers come from the core (`core/undo_papers.py`), as those of every
other area do.

Questions go through the module functions `exec_dialog`, `pick_contact`, `choose_files`, so
tests replace one function instead of a dialog.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.changes import PAPER_KINDS
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError, os_reason
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import ConsultationRole, PaperStatus
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import contacts as cs
from contactdesk.core.services import papers as ps
from contactdesk.core.services import schedule as sc
from contactdesk.core.services.papers import ConsultationData, PaperData
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.core.undo_papers import (
    added_attachment,
    created_paper,
    released_paper,
    removed_attachment,
    status_step,
    updated_paper,
)
from contactdesk.gui import file_places, prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.dialogs.dated_note import DatedNoteDialog
from contactdesk.gui.models.agreements import fold
from contactdesk.gui.models.papers import (
    SESSIONS_AHEAD_DAYS,
    SESSIONS_FROM,
    SessionRow,
    format_date,
    read_sessions,
)
from contactdesk.gui.ops import Change, Ops
from contactdesk.gui.views.paper_consultations import ConsultationTable
from contactdesk.gui.views.paper_fields import CouncilFields
from contactdesk.gui.views.widgets import (
    INVALID_STYLESHEET,
    DateEdit,
    error_label,
    field_with_error,
    form_layout,
    has_pending_dates,
    heading_label,
    line_edit,
    mark_invalid,
    named,
    refuse_unreadable_dates,
    watch,
)
from contactdesk.gui.widgets import contact_picker
from contactdesk.gui.widgets.markup_buttons import markup_bar
from contactdesk.gui.widgets.sizes import format_size

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

PS = PaperStatus
EDITABLE_RELEASED = (PS.FREIGEGEBEN.value, PS.IN_BERATUNG.value)
WARNING_STYLE = (
    "QLabel {{ background: {warning_bg}; border: 1px solid {warning_border}; padding: 4px; "
    "color: {warning_text}; }}"
)

#: The button text of each target status (what the user does).
STATUS_VERBS = {
    PS.ENTWURF.value: N_("Zurück zum Entwurf"),
    PS.FREIGEGEBEN.value: N_("Freigeben"),
    PS.IN_BERATUNG.value: N_("In Beratung geben"),
    PS.ZUR_KENNTNIS_GENOMMEN.value: N_("Zur Kenntnis genommen"),
    PS.BESCHLOSSEN.value: N_("Beschlossen"),
    PS.ZURUECKGEZOGEN.value: N_("Zurückziehen"),
}
MARKUP_HELP = N_(
    "Eine Leerzeile beginnt einen neuen Absatz. Die Schaltflächen oben setzen Zeichen in den "
    "Text, die im PDF zu Zwischenüberschrift, Aufzählung, Fettdruck oder Link werden."
)
LINK_KINDS = {"contact": N_("Kontakt"), "agreement": N_("Vereinbarung"), "event": N_("Termin")}


# --------------------------------------------------------------------------- patchable


def pick_contact(
    parent: QWidget | None, ops: Ops, title: str, kind: str | None = None
) -> tuple[int, str] | None:
    """(contact id, name) from the searchable contact picker, or None."""
    return contact_picker.pick_contact(parent, ops, title, kind)


def choose_files(parent: QWidget | None) -> list[str]:
    files = prompts.choose_open_files(
        parent,
        _("Anlagen hinzufügen"),
        file_places.start_in("documents"),
        _("Dokumente (*.pdf *.docx *.odt *.doc *.txt *.png *.jpg *.jpeg);;Alle Dateien (*)"),
    )
    if files:
        file_places.remember("documents", files[0])
    return list(files)


# --------------------------------------------------------------------------- dialogs


#: the date-and-note dialog of status changes and releases (shared with the agreements)
StatusDialog = DatedNoteDialog


def ask_status(
    parent: QWidget | None, title: str, text: str, verb: str, info: str = ""
) -> tuple[date, str] | None:
    dialog = StatusDialog(parent, title, text, verb, info)
    if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()


class ChoiceDialog(QDialog):
    """Choose one entry of a list by typing part of it (sessions, agreements, documents)."""

    def __init__(
        self, parent: QWidget | None, title: str, items: list[tuple[Any, str]], empty: str
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(480, 420)
        self._items = items
        layout = QVBoxLayout(self)
        self.search = line_edit(_("Suchen"), _("Teil des Namens oder Datums …"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        layout.addWidget(self.search)
        self.results = named(QListWidget(), title)
        self.results.itemActivated.connect(lambda _i: self.accept())
        layout.addWidget(self.results, 1)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self._empty = empty
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Übernehmen"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.results.currentRowChanged.connect(lambda _r: self._update_ok())
        self.refresh()

    def refresh(self) -> None:
        words = fold(self.search.text()).split()
        self.results.clear()
        for value, text in self._items:
            if all(w in fold(text) for w in words):
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, value)
                self.results.addItem(item)
        self.hint.setText("" if self.results.count() else self._empty)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._update_ok()

    def select_text(self, text: str) -> bool:
        """Select the first entry containing `text` (tests and keyboard users)."""
        for i in range(self.results.count()):
            if text in self.results.item(i).text():
                self.results.setCurrentRow(i)
                return True
        return False

    def _update_ok(self) -> None:
        self.ok.setEnabled(self.results.currentItem() is not None)

    def chosen(self) -> Any:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def choose(
    parent: QWidget | None, title: str, items: list[tuple[Any, str]], empty: str
) -> Any | None:
    dialog = ChoiceDialog(parent, title, items, empty)
    if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


def session_text(row: SessionRow) -> str:
    return f"{row.committee} – {row.start.strftime(_('%d.%m.%Y, %H:%M Uhr'))}"


# --------------------------------------------------------------------------- editor


class PaperEditor(QWidget):
    """Shows one paper (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """A paper was created or updated (its id)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""
    sig_preview_requested = Signal()
    """The user asked to see the PDF of the paper."""

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, settings: object | None = None
    ) -> None:
        super().__init__(parent)
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        #: the town's settings (paper number format), None in bare tests
        self._settings = settings
        self._ops = ops
        self._loaded: PaperData | None = None
        self._open = False
        self._unlocked = False
        self._baseline: tuple[Any, ...] | None = None
        self._loading = False
        self._dirty = False
        self._submitter_id: int | None = None
        self._lead_office_id: int | None = None
        self._links: list[tuple[str, int, str]] = []
        self._council_problems: dict[str, str] = {}
        self.warnings: list[str] = []
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(_("Vorlage bearbeiten"))
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    @staticmethod
    def _button(text: str, name: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = named(QPushButton(text), name, tip)
        button.clicked.connect(lambda _c=False: slot())
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.title_label = heading_label(_("Nummer und Gegenstand der Vorlage"), 1.3)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.subtitle.setAccessibleName(_("Art und Status der Vorlage"))
        outer.addWidget(self.title_label)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        theme.set_style(self.warnings_label, WARNING_STYLE)
        self.warnings_label.setAccessibleName(_("Hinweise zur Vorlage"))
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.setVisible(False)
        outer.addWidget(self.warnings_label)
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setAccessibleName(_("Bearbeitungssperre"))
        self.lock_label.setVisible(False)
        outer.addWidget(self.lock_label)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            _("Wählen Sie links eine Vorlage aus oder legen Sie mit Strg+N eine neue Vorlage an.")
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Keine Vorlage ausgewählt"))
        self.stack.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(_("Formular der Vorlage"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        body = QWidget()
        self.scroll_area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)

        # status, versions, exports -------------------------------------------------
        self.status_box = QGroupBox(_("Status und Fassungen"))
        v = QVBoxLayout(self.status_box)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Aktueller Status"))
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.status_label)
        self.status_buttons_row = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        self.unlock_button = self._button(
            _("Neue Fassung bearbeiten"),
            _("Neue Fassung bearbeiten"),
            _("Die Felder für eine neue Fassung öffnen; die freigegebene Fassung bleibt"),
            self.unlock,
        )
        self.release_again_button = self._button(
            _("Neue Fassung freigeben …"),
            _("Neue Fassung freigeben"),
            _("Den geänderten Stand als nächste Fassung freigeben (PDF wird gespeichert)"),
            self.release,
        )
        self.status_buttons_row.addWidget(self.unlock_button)
        self.status_buttons_row.addWidget(self.release_again_button)
        self.status_buttons_row.addStretch(1)
        v.addLayout(self.status_buttons_row)
        bar = QHBoxLayout()
        self.preview_button = self._button(
            _("PDF-Vorschau"),
            _("PDF-Vorschau"),
            _("Das PDF der Vorlage ansehen, drucken, speichern"),
            self.sig_preview_requested.emit,
        )
        self.oparl_button = self._button(
            _("Für Ratsinformationssystem exportieren (OParl) …"),
            _("Für Ratsinformationssystem exportieren (OParl)"),
            _("Die Vorlage mit Beratungsfolge als OParl-1.1-JSON speichern"),
            self.export_oparl,
        )
        bar.addWidget(self.preview_button)
        bar.addWidget(self.oparl_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(self.status_box)

        # master data ----------------------------------------------------------------
        box = QGroupBox(_("Vorlage"))
        form = form_layout(box)
        self.type_combo = named(QComboBox(), _("Vorlagenart"))
        self.type_combo.currentIndexChanged.connect(lambda _i: self._on_type_changed())
        self.number_hint = QLabel()
        self.number_hint.setAccessibleName(_("Vorlagennummer"))
        self.number_hint.setWordWrap(True)
        type_row = QWidget()
        h = QHBoxLayout(type_row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.type_combo)
        h.addWidget(self.number_hint, 1)
        self._type_error = field_with_error(form, _("&Art"), type_row, self.type_combo)
        self.paper_date = DateEdit(_("Datum der Vorlage"))
        self.paper_date.dateChanged.connect(lambda _d: self._update_number_hint())
        self._date_error = field_with_error(form, _("&Datum"), self.paper_date)
        self.public = named(QComboBox(), _("Öffentlichkeit"))
        self.public.addItem(_("aus öffentlicher Sitzung"), True)
        self.public.addItem(_("aus nichtöffentlicher Sitzung"), False)
        field_with_error(form, _("Ö&ffentlichkeit"), self.public)
        self.submitter = line_edit(_("Einreicher"), _("z. B. Oberbürgermeister"))
        self.submitter_pick = named(
            QToolButton(), _("Einreicher aus Kontakten wählen"), _("Aus den Kontakten wählen")
        )
        self.submitter_pick.setText(_("Kontakt …"))
        self.submitter_pick.clicked.connect(lambda: self._pick_person("submitter"))
        self._submitter_error = field_with_error(
            form,
            _("&Einreicher"),
            self._with_button(self.submitter, self.submitter_pick),
            self.submitter,
        )
        self.lead_office = line_edit(_("Federführende Stelle"), _("z. B. Persönlicher Referent"))
        self.lead_pick = named(
            QToolButton(),
            _("Federführende Stelle aus Kontakten wählen"),
            _("Aus den Kontakten wählen"),
        )
        self.lead_pick.setText(_("Kontakt …"))
        self.lead_pick.clicked.connect(lambda: self._pick_person("lead_office"))
        self._lead_error = field_with_error(
            form,
            _("&Federführend"),
            self._with_button(self.lead_office, self.lead_pick),
            self.lead_office,
        )
        self.subject = line_edit(
            _("Gegenstand der Vorlage"),
            _("Mitteilungsgegenstand, z. B. Stadt … wird Partnerin im Netzwerk …"),
        )
        self._subject_error = field_with_error(form, _("&Gegenstand"), self.subject)
        self.body.addWidget(box)
        self.council = CouncilFields()
        self.body.addWidget(self.council.processing_box)

        # Beratungsfolge ---------------------------------------------------------------
        box = QGroupBox(_("Beratungsfolge"))
        v = QVBoxLayout(box)
        self.consultations = ConsultationTable()
        self.consultations.sig_edited.connect(self._on_consultations_edited)
        self.consultations.itemSelectionChanged.connect(self._update_consultation_buttons)
        v.addWidget(self.consultations)
        self.consultation_error = error_label()
        self.consultation_error.setAccessibleName(_("Fehler in der Beratungsfolge"))
        v.addWidget(self.consultation_error)
        bar = QHBoxLayout()
        self.add_session_button = self._button(
            _("Sitzung hinzufügen …"),
            _("Sitzung zur Beratungsfolge hinzufügen"),
            _("Eine Sitzung eines Gremiums aus dem Terminplan wählen"),
            self.add_session,
        )
        self.up_button = self._button(
            _("Nach oben"),
            _("Sitzung nach oben"),
            _("Früher beraten"),
            lambda: self.move_session(-1),
        )
        self.down_button = self._button(
            _("Nach unten"),
            _("Sitzung nach unten"),
            _("Später beraten"),
            lambda: self.move_session(1),
        )
        self.remove_session_button = self._button(
            _("Entfernen"),
            _("Sitzung aus der Beratungsfolge entfernen"),
            _("Die gewählte Sitzung aus der Beratungsfolge nehmen"),
            self.remove_session,
        )
        for w in (
            self.add_session_button,
            self.up_button,
            self.down_button,
            self.remove_session_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(box)

        self.body.addWidget(self.council.proposal_box)
        # Sachverhalt -----------------------------------------------------------------
        box = QGroupBox(_("Sachverhalt"))
        v = QVBoxLayout(box)
        bar = QHBoxLayout()
        help_label = QLabel(_(MARKUP_HELP))
        help_label.setWordWrap(True)
        help_label.setAccessibleName(_("Hilfe zur Textgestaltung"))
        help_label.setStyleSheet("color: palette(placeholder-text);")
        self.block_button = named(
            QToolButton(),
            _("Baustein einfügen"),
            _("Einen aus den Daten erzeugten Textbaustein an der Schreibmarke einfügen"),
        )
        self.block_button.setText(_("Baustein einfügen"))
        self.block_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.block_menu = QMenu(self.block_button)
        self.block_actions: dict[str, Any] = {}
        for key, text, _fn in ps.WRITING_BLOCKS:
            action = self.block_menu.addAction(_(text))
            action.triggered.connect(lambda _c=False, k=key: self.insert_block(k))
            self.block_actions[key] = action
        self.agreement_menu = self.block_menu.addMenu(_("Stand einer Vereinbarung"))
        self.agreement_menu.aboutToShow.connect(self._fill_agreement_menu)
        self.block_button.setMenu(self.block_menu)
        bar.addWidget(self.block_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body_edit = named(QPlainTextEdit(), _("Sachverhalt"), _(MARKUP_HELP))
        self.markup_bar = markup_bar(self.body_edit)
        v.addWidget(self.markup_bar)
        v.addWidget(help_label)
        self.body_edit.setMinimumHeight(240)
        self.body_edit.setTabChangesFocus(True)
        self.body_edit.setPlaceholderText(
            _("Sachverhalt der Vorlage. Bausteine aus den Daten: Schaltfläche „Baustein einfügen“.")
        )
        v.addWidget(self.body_edit)
        self._body_error = error_label()
        v.addWidget(self._body_error)
        self.body.addWidget(box)
        self.body.addWidget(self.council.answer_box)

        # Finanzielle Auswirkungen -------------------------------------------------------
        box = QGroupBox(_("Finanzielle Auswirkungen"))
        v = QVBoxLayout(box)
        self.financial = named(QPlainTextEdit(), _("Finanzielle Auswirkungen"))
        self.financial.setTabChangesFocus(True)
        self.financial.setMaximumHeight(70)
        self.financial.setPlaceholderText(
            _("leer: aus den verknüpften Vereinbarungen, sonst „keine“")
        )
        v.addWidget(self.financial)
        bar = QHBoxLayout()
        self.financial_button = self._button(
            _("Aus verknüpften Vereinbarungen übernehmen"),
            _("Finanzielle Auswirkungen aus Vereinbarungen übernehmen"),
            _("Die Beträge der verknüpften Vereinbarungen eintragen („keine“ ohne Kosten)"),
            self.fill_financial,
        )
        bar.addWidget(self.financial_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(box)
        self.body.addWidget(self.council.finance_box)

        # links ------------------------------------------------------------------------------
        box = QGroupBox(_("Verknüpfungen"))
        v = QVBoxLayout(box)
        self.links = named(QListWidget(), _("Verknüpfte Kontakte, Vereinbarungen und Termine"))
        # long titles are elided (whole text in the tool tip), the list never scrolls sideways
        self.links.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.links.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links.setMaximumHeight(130)
        self.links.itemSelectionChanged.connect(self._update_link_buttons)
        v.addWidget(self.links)
        self._links_error = error_label()
        v.addWidget(self._links_error)
        bar = QHBoxLayout()
        self.link_contact_button = self._button(
            _("Kontakt …"),
            _("Kontakt verknüpfen"),
            _("Einen Kontakt verknüpfen"),
            self.link_contact,
        )
        self.link_agreement_button = self._button(
            _("Vereinbarung …"),
            _("Vereinbarung verknüpfen"),
            _("Eine Vereinbarung verknüpfen"),
            self.link_agreement,
        )
        self.link_event_button = self._button(
            _("Termin …"), _("Termin verknüpfen"), _("Einen Termin verknüpfen"), self.link_event
        )
        self.unlink_button = self._button(
            _("Entfernen"),
            _("Verknüpfung entfernen"),
            _("Die gewählte Verknüpfung entfernen"),
            self.unlink,
        )
        for w in (
            self.link_contact_button,
            self.link_agreement_button,
            self.link_event_button,
            self.unlink_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(box)

        # attachments ------------------------------------------------------------------------
        self.attachments_box = QGroupBox(_("Anlagen"))
        v = QVBoxLayout(self.attachments_box)
        self.attachments_hint = QLabel(
            _("Anlagen können Sie hinzufügen, sobald die Vorlage gespeichert ist.")
        )
        self.attachments_hint.setWordWrap(True)
        v.addWidget(self.attachments_hint)
        self.attachments = QTableWidget(0, 3)
        self.attachments.setAccessibleName(_("Anlagen"))
        self.attachments.setHorizontalHeaderLabels([_("Anlage"), _("Datei"), _("Größe")])
        self.attachments.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attachments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attachments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.attachments.verticalHeader().setVisible(False)
        header = self.attachments.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.attachments.setMaximumHeight(120)
        self.attachments.itemSelectionChanged.connect(self._update_attachment_buttons)
        v.addWidget(self.attachments)
        bar = QHBoxLayout()
        self.attach_document_button = self._button(
            _("Dokument aus Vereinbarungen …"),
            _("Dokument aus dem Vereinbarungsregister anhängen"),
            _("Ein Dokument einer Vereinbarung als Anlage anhängen"),
            self.attach_document,
        )
        self.attach_file_button = self._button(
            _("Datei …"),
            _("Datei anhängen"),
            _("Eine Datei als Anlage anhängen"),
            self.choose_attachment_files,
        )
        self.remove_attachment_button = self._button(
            _("Entfernen"),
            _("Anlage entfernen"),
            _("Die gewählte Anlage entfernen"),
            self.remove_attachment,
        )
        for w in (
            self.attach_document_button,
            self.attach_file_button,
            self.remove_attachment_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(self.attachments_box)
        # versions and history ----------------------------------------------------------------
        self.history_box = QGroupBox(_("Fassungen und Verlauf"))
        hv = QVBoxLayout(self.history_box)
        self.versions_label = QLabel()
        self.versions_label.setWordWrap(True)
        self.versions_label.setAccessibleName(_("Freigegebene Fassungen"))
        hv.addWidget(self.versions_label)
        self.history = QTableWidget(0, 3)
        self.history.setAccessibleName(_("Statusverlauf"))
        self.history.setHorizontalHeaderLabels([_("Datum"), _("Statuswechsel"), _("Notiz")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setWordWrap(False)
        hv.addWidget(self.history)
        self.body.addWidget(self.history_box)
        self.body.addStretch(1)

        # buttons ------------------------------------------------------------------------------
        bar = QHBoxLayout()
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        bar.addWidget(self.dirty_label, 1)
        self.discard_button = self._button(
            _("Verwerfen"), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen"), self.discard
        )
        self.save_button = self._button(
            _("Speichern"), _("Speichern"), _("Speichern (Strg+S)"), self.save
        )
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self._field_widgets: dict[str, tuple[QWidget, QLabel]] = {
            "subject": (self.subject, self._subject_error),
            "type_code": (self.type_combo, self._type_error),
            "paper_date": (self.paper_date, self._date_error),
            "submitter": (self.submitter, self._submitter_error),
            "lead_office": (self.lead_office, self._lead_error),
            "body": (self.body_edit, self._body_error),
            "contact_ids": (self.links, self._links_error),
            "agreement_ids": (self.links, self._links_error),
            "event_ids": (self.links, self._links_error),
            **self.council.errors(),
        }
        watch(body, self._on_edited)
        self.submitter.textEdited.connect(lambda _t: self._forget_id("submitter"))
        self.lead_office.textEdited.connect(lambda _t: self._forget_id("lead_office"))

    @staticmethod
    def _with_button(edit: QLineEdit, button: QToolButton) -> QWidget:
        box = QWidget()
        h = QHBoxLayout(box)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        h.addWidget(button)
        return box

    # ------------------------------------------------------------------ state
    @property
    def paper_id(self) -> int | None:
        return self._loaded.id if self._loaded is not None else None

    @property
    def loaded(self) -> PaperData | None:
        return self._loaded

    @property
    def has_paper(self) -> bool:
        return self._open

    @property
    def is_new(self) -> bool:
        return self._open and self.paper_id is None

    def display_name(self) -> str:
        if not self._open:
            return ""
        if self._loaded is not None:
            return self._loaded.reference
        return self.subject.text().strip() or _("neue Vorlage")

    def is_editable(self) -> bool:
        """May the fields be changed now (what the core allows, plus the release lock)?"""
        if not self._open:
            return False
        if self._loaded is None:
            return True
        status = self._loaded.status
        if status == PS.ENTWURF.value:
            return True
        return status in EDITABLE_RELEASED and self._unlocked

    def snapshot(self) -> tuple[Any, ...]:
        return (
            self.type_combo.currentData(),
            self.paper_date.value(),
            self.public.currentData(),
            self.submitter.text(),
            self._submitter_id,
            self.lead_office.text(),
            self._lead_office_id,
            self.subject.text(),
            self.body_edit.toPlainText(),
            self.financial.toPlainText(),
            self.council.snapshot(),
            tuple(
                (
                    c.event_id,
                    c.role,
                    c.agenda_item,
                    c.public,
                    c.votes_yes,
                    c.votes_no,
                    c.votes_abstain,
                )
                for c in self.consultations.values()
            ),
            tuple((kind, i) for kind, i, _n in self._links),
        )

    def is_dirty(self) -> bool:
        return self._open and (self.snapshot() != self._baseline or has_pending_dates(self))

    def clear(self) -> None:
        """Show no paper."""
        self._loaded = None
        self._open = False
        self._unlocked = False
        self._baseline = None
        self._clear_errors()
        self.show_warnings([])
        self.stack.setCurrentWidget(self.placeholder)
        self.title_label.setText(_("Keine Vorlage ausgewählt"))
        self.subtitle.setText("")
        self.lock_label.setVisible(False)
        for w in (self.save_button, self.discard_button):
            w.setEnabled(False)
        self._set_dirty(False)

    def _fill_types(self) -> None:
        types = self._ops.read(ps.list_paper_types)
        current = self.type_combo.currentData()
        self.type_combo.blockSignals(True)
        self.type_combo.clear()
        for code, name in types:
            self.type_combo.addItem(f"{name} ({code})", code)
        index = self.type_combo.findData(current)
        self.type_combo.setCurrentIndex(max(index, 0))
        self.type_combo.blockSignals(False)

    def new_paper(self, type_code: str | None = None) -> None:
        self._fill_types()
        data = PaperData(type_code=type_code or "M", paper_date=date.today(), financial_effects="")
        self._show(data, loaded=None)
        self.subject.setFocus()

    def open_paper(self, paper_id: int) -> bool:
        try:
            data = self._ops.read(lambda s: ps.get_paper(s, paper_id))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        if data.deleted:
            self.clear()
            return False
        self._fill_types()
        self._unlocked = False
        self.show_warnings([])
        self._show(data, loaded=data)
        return True

    def reload(self, *, keep_edits: bool = True) -> bool:
        """Re-read the shown paper; False (and cleared) when it is gone or deleted."""
        pid = self.paper_id
        if pid is None:
            return self._open
        try:
            data = self._ops.read(lambda s: ps.get_paper(s, pid))
        except NotFoundError:
            self.clear()
            return False
        if data.deleted:
            self.clear()
            return False
        if data.status != (self._loaded.status if self._loaded else None):
            self._unlocked = False
        if keep_edits and self.is_dirty():
            assert self._loaded is not None
            self._loaded = dataclasses.replace(
                self._loaded,
                status=data.status,
                history=data.history,
                versions=data.versions,
                attachments=data.attachments,
                updated_at=data.updated_at,
            )
            self._fill_status(self._loaded)
            self._fill_attachments(self._loaded)
            self._apply_lock()
        else:
            self._show(data, loaded=data)
        return True

    def _show(self, data: PaperData, loaded: PaperData | None) -> None:
        self._loading = True
        try:
            self._loaded = loaded
            self._open = True
            index = self.type_combo.findData(data.type_code)
            if index < 0:
                self.type_combo.addItem(data.type_name or data.type_code, data.type_code)
                index = self.type_combo.count() - 1
            self.type_combo.setCurrentIndex(index)
            self.type_combo.setEnabled(loaded is None)
            self.paper_date.set_value(data.paper_date or date.today())
            self.public.setCurrentIndex(0 if data.is_public else 1)
            self.submitter.setText(data.submitter)
            self._submitter_id = data.submitter_id
            self.lead_office.setText(data.lead_office)
            self._lead_office_id = data.lead_office_id
            self.subject.setText(data.subject)
            self.subject.setCursorPosition(0)
            self.body_edit.setPlainText(data.body)
            self.financial.setPlainText(data.financial_effects or "")
            self.council.set_data(data)
            self.consultations.set_values(data.consultations)
            self._links = self._link_names(data)
            self._fill_links()
            self._fill_status(data)
            self._fill_attachments(data)
            self._clear_errors()
            self.stack.setCurrentWidget(self.scroll_area)
            self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.snapshot()
        finally:
            self._loading = False
        self._update_number_hint()
        self._update_title()
        self._apply_lock()
        self._update_consultation_buttons()
        self._fix_tab_order()
        self._set_dirty(False)

    def _link_names(self, data: PaperData) -> list[tuple[str, int, str]]:
        def load(s: Session) -> list[tuple[str, int, str]]:
            links: list[tuple[str, int, str]] = []
            for cid in data.contact_ids:
                try:
                    links.append(("contact", cid, cs.get_contact(s, cid).display_name))
                except ContactdeskError:
                    links.append(("contact", cid, _("(gelöschter Kontakt)")))
            titles = {r.id: r.title for r in ag.list_agreements(s, ag.AgreementFilter())}
            for aid in data.agreement_ids:
                links.append(("agreement", aid, titles.get(aid, _("(gelöschte Vereinbarung)"))))
            events = {e.id: e for e in sc.get_events(s, data.event_ids)} if data.event_ids else {}
            for eid in data.event_ids:
                e = events.get(eid)
                text = f"{e.title} ({e.start:%d.%m.%Y})" if e is not None else _("(Termin)")
                links.append(("event", eid, text))
            return links

        return self._ops.read(load)

    def _fill_links(self) -> None:
        self.links.clear()
        for kind, item_id, name in self._links:
            item = QListWidgetItem(f"{_(LINK_KINDS[kind])}: {name}")
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, (kind, item_id))
            self.links.addItem(item)
        self._update_link_buttons()

    def _fill_status(self, data: PaperData) -> None:
        saved = data.id is not None
        self.status_box.setVisible(saved)
        self.history_box.setVisible(saved)
        for button in self.status_buttons.values():
            self.status_buttons_row.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.status_buttons = {}
        if not saved:
            return
        text = _("Status: <b>{status}</b>").format(status=_(data.status_label))
        if data.status in ps.FINAL:
            text += " – " + _("abgeschlossen, die Vorlage kann nicht mehr geändert werden")
        elif data.changed_since_release:
            text += " – " + _("nach der letzten Freigabe geändert (noch nicht freigegeben)")
        self.status_label.setText(text)
        for target in ps.allowed_transitions(data.status):
            verb = _(STATUS_VERBS.get(target, _(ps.STATUS_LABELS.get(target, target))))
            if target == PS.FREIGEGEBEN.value:
                verb += " …"
            button = named(
                QPushButton(verb),
                verb.removesuffix(" …"),
                _("Status auf „{status}“ setzen").format(
                    status=_(ps.STATUS_LABELS.get(target, target))
                ),
            )
            button.clicked.connect(lambda _c=False, t=target: self.change_status(t))
            self.status_buttons_row.insertWidget(len(self.status_buttons), button)
            self.status_buttons[target] = button
        if data.versions:
            lines = [
                _("Fassung {n}: freigegeben am {day} ({size})").format(
                    n=v.version, day=format_date(v.released_on), size=format_size(v.size)
                )
                for v in data.versions
            ]
            self.versions_label.setText("\n".join(lines))
        else:
            self.versions_label.setText(_("Noch keine freigegebene Fassung."))
        self.history.setRowCount(len(data.history))
        for i, step in enumerate(data.history):
            if step.from_status is None:
                change = _("angelegt als {status}").format(
                    status=_(ps.STATUS_LABELS.get(step.to_status, step.to_status))
                )
            else:
                change = (
                    f"{_(ps.STATUS_LABELS.get(step.from_status, step.from_status))} → "
                    f"{_(ps.STATUS_LABELS.get(step.to_status, step.to_status))}"
                )
            for col, value in enumerate((format_date(step.on_date), change, step.note)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(i, col, item)
        self.history.setFixedHeight(
            min(5, max(1, len(data.history))) * self.history.verticalHeader().defaultSectionSize()
            + self.history.horizontalHeader().sizeHint().height()
            + 2 * self.history.frameWidth()
        )

    def _fill_attachments(self, data: PaperData) -> None:
        self.attachments.setRowCount(len(data.attachments))
        for i, a in enumerate(data.attachments):
            source = _("aus Vereinbarungsregister") if a.document_id else a.filename
            for col, value in enumerate((a.title, source, format_size(a.size))):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                item.setToolTip(a.filename)
                self.attachments.setItem(i, col, item)
        self.attachments.setVisible(bool(data.attachments))
        saved = data.id is not None
        self.attachments_hint.setVisible(not saved or not data.attachments)
        self.attachments_hint.setText(
            _("Anlagen können Sie hinzufügen, sobald die Vorlage gespeichert ist.")
            if not saved
            else _("Anlagen: keine")
        )
        self._update_attachment_buttons()

    def _apply_lock(self) -> None:
        editable = self.is_editable()
        for line in (self.subject, self.submitter, self.lead_office):
            line.setReadOnly(not editable)
        for block in (self.body_edit, self.financial):
            block.setReadOnly(not editable)
        self.council.set_editable(editable)
        for w in (
            self.paper_date,
            self.public,
            self.submitter_pick,
            self.lead_pick,
            self.block_button,
            self.financial_button,
            self.add_session_button,
            self.link_contact_button,
            self.link_agreement_button,
            self.link_event_button,
        ):
            w.setEnabled(editable)
        self.consultations.setEnabled(editable)
        self._update_consultation_buttons()
        self._update_link_buttons()
        self._update_attachment_buttons()
        data = self._loaded
        status = data.status if data else PS.ENTWURF.value
        released_lock = data is not None and status in EDITABLE_RELEASED
        self.unlock_button.setVisible(released_lock and not self._unlocked)
        self.release_again_button.setVisible(
            released_lock and (self._unlocked or (data is not None and data.changed_since_release))
        )
        if data is not None and status in ps.FINAL:
            self.lock_label.setText(
                _("Die Vorlage ist {status}; ihre Angaben bleiben, wie sie sind.").format(
                    status=_(data.status_label)
                )
            )
        elif released_lock and not self._unlocked:
            self.lock_label.setText(
                _(
                    "Die Vorlage ist {status}: die Angaben sind schreibgeschützt. Für Änderungen "
                    "„Neue Fassung bearbeiten“ wählen; die freigegebene Fassung bleibt, wie sie "
                    "ist."
                ).format(status=_(data.status_label) if data else "")
            )
        elif released_lock:
            self.lock_label.setText(
                _(
                    "Sie bearbeiten eine neue Fassung. Die Änderungen werden erst mit "
                    "„Neue Fassung freigeben“ zu einer neuen Fassung des PDFs."
                )
            )
        else:
            self.lock_label.setText("")
        self.lock_label.setVisible(bool(self.lock_label.text()))

    def _update_title(self) -> None:
        if not self._open:
            return
        subject = self.subject.text().strip()
        if self.is_new:
            self.title_label.setText(subject or _("Neue Vorlage"))
            self.subtitle.setText(_("Noch nicht gespeichert"))
            return
        assert self._loaded is not None
        self.title_label.setText(f"{self._loaded.reference}: {subject or '–'}")
        parts = [self._loaded.type_name, _(self._loaded.status_label)]
        parts.append(_("öffentlich") if self._loaded.is_public else _("nichtöffentlich"))
        if self._loaded.versions:
            parts.append(_("{n} Fassung(en)").format(n=len(self._loaded.versions)))
        if self._loaded.is_example:
            parts.append(_("Beispieldaten"))
        self.subtitle.setText(" · ".join(parts))

    def _update_number_hint(self) -> None:
        if not self._open:
            return
        if self._loaded is not None:
            self.number_hint.setText(_("Nummer: {ref}").format(ref=self._loaded.reference))
            return
        code = self.type_combo.currentData()
        day = self.paper_date.value() or date.today()
        if not code:
            self.number_hint.setText("")
            return
        fmt = getattr(self._settings, "paper_number_format", None)
        reference = self._ops.read(lambda s: ps.next_reference(s, code, day.year, fmt))
        self.number_hint.setText(_("erhält beim Speichern die Nummer {ref}").format(ref=reference))

    def _update_consultation_buttons(self) -> None:
        editable = self.is_editable()
        row, count = self.consultations.current(), self.consultations.rowCount()
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < count - 1)
        self.remove_session_button.setEnabled(editable and row >= 0)

    def _update_link_buttons(self) -> None:
        self.unlink_button.setEnabled(self.is_editable() and self.links.currentRow() >= 0)

    def _update_attachment_buttons(self) -> None:
        data = self._loaded
        can = data is not None and data.id is not None and self.is_editable()
        self.attach_document_button.setEnabled(can)
        self.attach_file_button.setEnabled(can)
        self.remove_attachment_button.setEnabled(can and self.selected_attachment() is not None)

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.type_combo,
            self.paper_date,
            self.public,
            self.submitter,
            self.submitter_pick,
            self.lead_office,
            self.lead_pick,
            self.subject,
            *self.council.line_edits()[:5],
            self.council.proposal,
            self.consultations,
            self.add_session_button,
            self.up_button,
            self.down_button,
            self.remove_session_button,
            self.block_button,
            self.body_edit,
            self.council.answer,
            self.financial,
            self.financial_button,
            *self.council.line_edits()[5:],
            self.links,
            self.link_contact_button,
            self.link_agreement_button,
            self.link_event_button,
            self.unlink_button,
            self.attachments,
            self.attach_document_button,
            self.attach_file_button,
            self.remove_attachment_button,
            self.discard_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_edited(self) -> None:
        if self._loading or not self._open:
            return
        self._update_title()
        self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        can = self._open and (dirty or self.is_new)
        self.save_button.setEnabled(can)
        self.discard_button.setEnabled(can)
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

    def show_warnings(self, lines: list[str]) -> None:
        """Non-blocking notes (e.g. after a release: "verspätet"); stay until another paper."""
        self.warnings = list(lines)
        self.warnings_label.setText("\n".join(f"⚠ {line}" for line in lines))
        self.warnings_label.setVisible(bool(lines))

    def _forget_id(self, which: str) -> None:
        """Typing a name by hand ends the link to a contact chosen before."""
        if which == "submitter":
            self._submitter_id = None
        else:
            self._lead_office_id = None

    # ------------------------------------------------------------------ data
    def collect(self) -> PaperData:
        assert self._open
        base = self._loaded or PaperData()
        links = self._links
        collected = dataclasses.replace(
            base,
            type_code=self.type_combo.currentData() or base.type_code,
            paper_date=self.paper_date.value(),
            is_public=bool(self.public.currentData()),
            submitter=self.submitter.text(),
            submitter_id=self._submitter_id,
            lead_office=self.lead_office.text(),
            lead_office_id=self._lead_office_id,
            subject=self.subject.text(),
            body=self.body_edit.toPlainText(),
            financial_effects=self.financial.toPlainText(),
            consultations=self.consultations.values(),
            contact_ids=[i for k, i, _n in links if k == "contact"],
            agreement_ids=[i for k, i, _n in links if k == "agreement"],
            event_ids=[i for k, i, _n in links if k == "event"],
        )
        collected, self._council_problems = self.council.apply(collected)
        return collected

    def _on_type_changed(self) -> None:
        self._update_number_hint()
        self.council.set_type(self.type_combo.currentData() or "")

    # ------------------------------------------------------------------ Beratungsfolge
    def add_session(self) -> bool:
        """Choose a committee session from the schedule and append it with role Kenntnisnahme."""
        rows = [r for r in self._ops.read(read_sessions) if not r.series_only]
        taken = set(self.consultations.event_ids())
        rows = [r for r in rows if r.event_id not in taken]
        rows.sort(key=lambda r: r.start)
        chosen = choose(
            self,
            _("Sitzung zur Beratungsfolge hinzufügen"),
            [(r, session_text(r)) for r in rows],
            _(
                "Keine passende Sitzung. Sitzungen eines Gremiums legen Sie unter „Termine“ an "
                "(Art: Gremiensitzung)."
            ),
        )
        if chosen is None:
            return False
        row: SessionRow = chosen
        self.consultations.add(
            ConsultationData(
                event_id=row.event_id,
                role=ConsultationRole.KENNTNISNAHME.value,
                committee_name=row.committee,
                session_title=row.title,
                start=row.start,
                is_public=row.is_public,
            )
        )
        return True

    def move_session(self, delta: int) -> bool:
        """Move the chosen session of the Beratungsfolge up (-1) or down (1)."""
        return self.consultations.move_row(self.consultations.current(), delta)

    def remove_session(self) -> bool:
        return self.consultations.remove(self.consultations.current())

    def _on_consultations_edited(self) -> None:
        self._update_consultation_buttons()
        self._on_edited()
        self.check_consultations()

    def check_consultations(self) -> str:
        """Ask the core whether the Beratungsfolge is in order; show its German message."""
        if not self._open:
            return ""
        probe = self.collect()
        probe = dataclasses.replace(
            probe,
            subject=probe.subject.strip() or "–",
            submitter="",
            lead_office="",
            contact_ids=[],
            agreement_ids=[],
            event_ids=[],
            submitter_id=None,
            lead_office_id=None,
        )
        message = ""
        try:
            self._ops.read(lambda s: ps.validate(s, probe))
        except ValidationError as exc:
            found = [(k, m) for k, m in exc.fields.items() if k.startswith("consultations")]
            if found:
                message = self._show_consultation_error(*found[0])
        except ContactdeskError:
            pass
        if not message:
            self.consultation_error.setVisible(False)
            self.consultation_error.setText("")
            mark_invalid(self.consultations, None)
        return message

    def _show_consultation_error(self, key: str, message: str) -> str:
        self.consultation_error.setText(message)
        self.consultation_error.setVisible(True)
        mark_invalid(self.consultations, message)
        _name, _sep, index = key.partition(".")
        if index.isdigit() and int(index) < self.consultations.rowCount():
            self.consultations.blockSignals(True)
            self.consultations.selectRow(int(index))
            self.consultations.blockSignals(False)
        return message

    # ------------------------------------------------------------------ writing help
    def _fill_agreement_menu(self) -> None:
        self.agreement_menu.clear()
        rows = self._ops.read(lambda s: ag.list_agreements(s, ag.AgreementFilter()))
        if not rows:
            action = self.agreement_menu.addAction(_("Keine Vereinbarungen erfasst"))
            action.setEnabled(False)
        for row in rows:
            action = self.agreement_menu.addAction(row.title)
            action.triggered.connect(lambda _c=False, i=row.id: self.insert_block(f"agreement:{i}"))

    def block_text(self, key: str) -> str:
        """The text of a writing block, built by the core from the data."""
        if key.startswith("agreement:"):
            aid = int(key.partition(":")[2])
            return self._ops.read(lambda s: ps.block_agreement_status(s, aid))
        for block_key, _text, fn in ps.WRITING_BLOCKS:
            if block_key == key:
                return self._ops.read(fn)
        raise KeyError(key)

    def insert_block(self, key: str) -> str:
        """Insert a ready-made block at the cursor, as its own paragraphs; returns the text."""
        if not self.is_editable():
            return ""
        try:
            text = self.block_text(key)
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message, _("Baustein einfügen"))
            return ""
        cursor = self.body_edit.textCursor()
        whole = self.body_edit.toPlainText()
        before, after = whole[: cursor.selectionStart()], whole[cursor.selectionEnd() :]
        prefix = ""
        if before and not before.endswith("\n\n"):
            prefix = "\n" if before.endswith("\n") else "\n\n"
        suffix = ""
        if after and not after.startswith("\n\n"):
            suffix = "\n" if after.startswith("\n") else "\n\n"
        cursor.insertText(prefix + text + suffix)
        if suffix:
            cursor.movePosition(QTextCursor.MoveOperation.Left, n=len(suffix))
        self.body_edit.setTextCursor(cursor)
        self.body_edit.setFocus()
        return text

    def fill_financial(self) -> str:
        ids = [i for k, i, _n in self._links if k == "agreement"]
        text = self._ops.read(lambda s: ps.suggest_financial_effects(s, ids))
        self.financial.setPlainText(text)
        return text

    # ------------------------------------------------------------------ links
    def _pick_person(self, which: str) -> None:
        title = (
            _("Einreicher aus den Kontakten wählen")
            if which == "submitter"
            else _("Federführende Stelle aus den Kontakten wählen")
        )
        chosen = pick_contact(self, self._ops, title)
        if chosen is None:
            return
        contact_id, name = chosen
        if which == "submitter":
            self.submitter.setText(name)
            self._submitter_id = contact_id
        else:
            self.lead_office.setText(name)
            self._lead_office_id = contact_id
        self._on_edited()

    def _add_link(self, kind: str, item_id: int, name: str) -> bool:
        if any(k == kind and i == item_id for k, i, _n in self._links):
            return False
        self._links.append((kind, item_id, name))
        self._fill_links()
        self._on_edited()
        return True

    def link_contact(self) -> bool:
        chosen = pick_contact(self, self._ops, _("Kontakt mit der Vorlage verknüpfen"))
        return chosen is not None and self._add_link("contact", *chosen)

    def link_agreement(self) -> bool:
        rows = self._ops.read(lambda s: ag.list_agreements(s, ag.AgreementFilter()))
        chosen = choose(
            self,
            _("Vereinbarung verknüpfen"),
            [((r.id, r.title), r.title) for r in rows],
            _("Keine Vereinbarung im Register."),
        )
        return chosen is not None and self._add_link("agreement", *chosen)

    def link_event(self) -> bool:
        now = datetime.now(UTC)

        def load(s: Session) -> list[sc.Occurrence]:
            return sc.occurrences(s, SESSIONS_FROM, now + timedelta(days=SESSIONS_AHEAD_DAYS))

        rows = [o for o in self._ops.read(load) if not o.is_series or o.series_id != o.event_id]
        chosen = choose(
            self,
            _("Termin verknüpfen"),
            [
                ((o.event_id, f"{o.title} ({o.start:%d.%m.%Y})"), f"{o.start:%d.%m.%Y} – {o.title}")
                for o in rows
            ],
            _("Kein Termin im Terminplan."),
        )
        return chosen is not None and self._add_link("event", *chosen)

    def unlink(self) -> bool:
        row = self.links.currentRow()
        if row < 0:
            return False
        del self._links[row]
        self._fill_links()
        self._on_edited()
        return True

    # ------------------------------------------------------------------ attachments
    def selected_attachment(self) -> int | None:
        rows = self.attachments.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.attachments.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def attach_document(self) -> bool:
        pid = self.paper_id
        if pid is None:
            return False

        def load(s: Session) -> list[tuple[int, str]]:
            items = []
            for row in ag.list_agreements(s, ag.AgreementFilter()):
                for doc in ag.get_agreement(s, row.id).documents:
                    items.append((doc.id, f"{doc.filename} – {row.title}"))
            return items

        chosen = choose(
            self,
            _("Dokument aus dem Vereinbarungsregister anhängen"),
            [(doc_id, text) for doc_id, text in self._ops.read(load)],
            _("Im Vereinbarungsregister sind keine Dokumente abgelegt."),
        )
        if chosen is None:
            return False
        result = self._ops.run(
            lambda s: ps.add_document_attachment(s, pid, chosen),
            command=lambda info: added_attachment(pid, info),
            message=lambda info: _("Anlage „{title}“ angehängt.").format(title=info.title),
            kinds=PAPER_KINDS,
        )
        return result.ok

    def choose_attachment_files(self) -> int:
        files = choose_files(self)
        return self.attach_files(files) if files else 0

    def attach_files(self, paths: list[str]) -> int:
        pid = self.paper_id
        if pid is None:
            return 0
        added = 0
        for path in paths:
            result = self._ops.run(
                partial(ps.add_file_attachment, paper_id=pid, source=path),
                command=lambda info: added_attachment(pid, info),
                message=lambda info: _("Anlage „{title}“ angehängt.").format(title=info.title),
                kinds=PAPER_KINDS,
            )
            added += result.ok
        return added

    def remove_attachment(self) -> bool:
        attachment_id = self.selected_attachment()
        if attachment_id is None or self._loaded is None:
            return False
        info = next((a for a in self._loaded.attachments if a.id == attachment_id), None)
        title = info.title if info else ""
        if not prompts.confirm(
            self,
            _("Anlage entfernen"),
            _("Möchten Sie die Anlage „{title}“ von der Vorlage entfernen?").format(title=title),
            _("Entfernen"),
            _("Rückgängig machen mit Strg+Z. Freigegebene Fassungen des PDFs bleiben unverändert."),
        ):
            return False
        result = self._ops.run(
            lambda s: ps.remove_attachment(s, attachment_id),
            command=removed_attachment,
            message=_("Anlage „{title}“ entfernt.").format(title=title),
            kinds=PAPER_KINDS,
        )
        return result.ok

    # ------------------------------------------------------------------ actions
    def discard(self) -> None:
        if self._loaded is not None:
            self.reload(keep_edits=False)
        else:
            self.clear()

    def save(self) -> bool:
        """Store the paper; on errors show them at the fields and keep every input."""
        if not self._open:
            return False
        if not self.is_editable() or refuse_unreadable_dates(self):
            return False
        self._clear_errors()
        data = self.collect()
        problems = {**self._council_problems, **self.consultations.problems()}
        if problems:
            self._show_errors(problems)
            return False
        if data.id is None:
            result = self._ops.run(
                lambda s: ps.create_paper(
                    s, data, number_format=getattr(self._settings, "paper_number_format", None)
                ),
                command=created_paper,
                message=lambda v: _("Vorlage {ref} angelegt.").format(ref=v.reference),
                show_errors=False,
                kinds=PAPER_KINDS,
            )
            saved, error = result.value, result.error
        else:
            pid = data.id

            def update(session: Session) -> tuple[PaperData, PaperData]:
                before = ps.get_paper(session, pid)
                return before, ps.update_paper(
                    session, pid, data, expected_version=data.row_version
                )

            pair = self._ops.run(
                update,
                command=lambda ba: updated_paper(*ba),
                message=lambda ba: _("Vorlage {ref} gespeichert.").format(ref=ba[1].reference),
                show_errors=False,
                kinds=PAPER_KINDS,
            )
            saved = pair.value[1] if pair.value else None
            error = pair.error
        if error is not None:
            if isinstance(error, ValidationError):
                self._show_errors(error.fields)
            elif isinstance(error, VersionConflictError):
                choice, self._own_input = resolve_conflict(self, error, data, self._loaded)
                if choice is ConflictChoice.RELOAD:
                    self.reload(keep_edits=False)
            else:
                prompts.show_error(self, error.message)
            return False
        assert saved is not None and saved.id is not None
        unlocked = self._unlocked
        self._show(saved, loaded=saved)
        self._unlocked = unlocked
        self._apply_lock()
        self.sig_saved.emit(saved.id)
        return True

    def confirm_leave(self) -> bool:
        if not self.is_dirty():
            return True
        answer = prompts.ask_unsaved(self, self.display_name())
        if answer is prompts.Answer.SAVE:
            return self.save()
        if answer is prompts.Answer.DISCARD:
            self.discard()
            return True
        return False

    def unlock(self) -> None:
        """Open a released paper's fields for a new version (the stored PDF stays)."""
        if self._loaded is None or self._loaded.status not in EDITABLE_RELEASED:
            return
        self._unlocked = True
        self._apply_lock()
        self.subject.setFocus()

    def release(self) -> bool:
        """Freigeben: store the PDF as the next version; show the core's warnings."""
        if self.paper_id is None or not self.confirm_leave():
            return False
        assert self._loaded is not None
        pid, ref, status = self.paper_id, self._loaded.reference, self._loaded.status
        first = status == PS.ENTWURF.value
        answer = ask_status(
            self,
            _("Vorlage freigeben"),
            _("{ref} freigeben: das PDF wird als Fassung {n} gespeichert.").format(
                ref=ref, n=len(self._loaded.versions) + 1
            ),
            _("Freigeben"),
            _("Eine gespeicherte Fassung wird nie mehr verändert.")
            if first
            else _("Die bisherigen Fassungen bleiben erhalten."),
        )
        if answer is None:
            return False
        on_date, note = answer
        # the PDF is rendered and stored in the background (the runner's progress dialog);
        # one step that cannot be stopped halfway, so no "Abbrechen"
        result = self._ops.run_in_background(
            lambda s, _progress: ps.release_paper(s, pid, on_date=on_date, note=note),
            title=_("Vorlage freigeben"),
            label=_("Das PDF wird erzeugt und als Fassung gespeichert …"),
            command=(lambda r: released_paper(pid, ref, on_date, note)) if first else None,
            on_done=lambda r: Change.of(
                _("{ref}: Fassung {n} freigegeben.").format(ref=ref, n=r.version.version),
                PAPER_KINDS,
            ),
            cancellable=False,
            parent=self,
        )
        if not result.ok:
            if isinstance(result.error, ValidationError):
                self._show_errors(result.error.fields)
            return False
        assert result.value is not None
        self._unlocked = False
        self.reload(keep_edits=False)
        self.show_warnings(result.value.warnings)
        return True

    def change_status(self, to_status: str) -> bool:
        """A step of the workflow; "freigegeben" goes through release()."""
        if to_status == PS.FREIGEGEBEN.value:
            return self.release()
        if self.paper_id is None or not self.confirm_leave():
            return False
        assert self._loaded is not None
        pid, ref, from_status = self.paper_id, self._loaded.reference, self._loaded.status
        verb = _(STATUS_VERBS.get(to_status, to_status))
        info = (
            _(
                "Die freigegebenen Fassungen bleiben erhalten; eine neue Freigabe wird Fassung {n}."
            ).format(n=len(self._loaded.versions) + 1)
            if to_status == PS.ENTWURF.value
            else _("Rückgängig machen mit Strg+Z.")
        )
        answer = ask_status(
            self,
            verb,
            _("{ref}: {old} → {new}").format(
                ref=ref,
                old=_(ps.STATUS_LABELS.get(from_status, from_status)),
                new=_(ps.STATUS_LABELS.get(to_status, to_status)),
            ),
            verb,
            info,
        )
        if answer is None:
            return False
        on_date, note = answer
        result = self._ops.run(
            lambda s: ps.change_status(s, pid, to_status, on_date=on_date, note=note),
            command=lambda d: status_step(pid, ref, to_status, on_date, note),
            message=lambda d: _("{ref}: Status {status}.").format(
                ref=ref, status=_(d.status_label)
            ),
            kinds=PAPER_KINDS,
        )
        if result.ok:
            self._unlocked = False
            self.reload(keep_edits=False)
        return result.ok

    def export_oparl(self) -> Path | None:
        """Save the paper with its sessions as OParl 1.1 JSON (atomic write by the core)."""
        from contactdesk.gui.views import pdf_preview

        pid = self.paper_id
        if pid is None or self._loaded is None:
            return None
        chosen = pdf_preview.choose_save_path(
            self,
            _("Für Ratsinformationssystem exportieren (OParl)"),
            f"{self._loaded.reference}-oparl.json",
            _("OParl-JSON (*.json);;Alle Dateien (*)"),
        )
        if not chosen:
            return None
        target = Path(chosen)
        if not target.suffix:
            target = target.with_suffix(".json")
        try:
            self._ops.read(lambda s: ps.export_oparl(s, pid, target))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message, _("OParl-Export"))
            return None
        except OSError as exc:
            prompts.show_error(
                self,
                _("Die Datei „{name}“ kann nicht geschrieben werden ({reason}).").format(
                    name=target.name, reason=os_reason(exc)
                ),
                _("OParl-Export"),
            )
            return None
        return target

    # ------------------------------------------------------------------ errors
    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            err.setVisible(False)
        self.consultation_error.setVisible(False)
        mark_invalid(self.consultations, None)

    def _show_errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, message in fields.items():
            name = key.partition(".")[0]
            target: QWidget | None = None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                err.setText(message)
                err.setVisible(True)
                target = widget
            elif name == "consultations":
                self._show_consultation_error(key, message)
                target = self.consultations
            if first is None and target is not None:
                first = target
        lines = [_("Bitte korrigieren Sie die markierten Angaben:"), *fields.values()]
        self.summary.setText("\n".join(lines))
        self.summary.setVisible(True)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def field_error(self, key: str) -> str:
        """The error text shown at a field (for tests and accessibility checks)."""
        if key == "consultations":
            err = self.consultation_error
            return err.text() if not err.isHidden() else ""
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if not err.isHidden() else ""
        return ""
