"""AgreementEditor: one agreement with its parties, terms, amounts, status workflow and documents.

Questions the editor asks go through the module functions `ask_status_change`, `pick_contact`,
`choose_files`, `open_file` and `exec_dialog`, so tests replace one function instead of a dialog.
"""

from __future__ import annotations

import dataclasses
import itertools
import tempfile
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core import undo
from contactdesk.core.changes import AGREEMENT_KINDS
from contactdesk.core.errors import ContactdeskError, NotFoundError, ValidationError, os_reason
from contactdesk.core.i18n import N_, _
from contactdesk.core.labels import AGREEMENT_KIND, AGREEMENT_STATUS, NOTICE_TO, PARTY_ROLE, label
from contactdesk.core.models.agreements import AgreementStatus, NoticeTo
from contactdesk.core.services import agreements as ag
from contactdesk.core.services.agreements import AgreementData, DocumentInfo, PartyData
from contactdesk.core.team.versions import VersionConflictError
from contactdesk.gui import file_places, prompts, theme
from contactdesk.gui.dialogs.conflict import ConflictChoice, OwnInputWindow, resolve_conflict
from contactdesk.gui.dialogs.dated_note import DatedNoteDialog
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.widgets import (
    INVALID_STYLESHEET,
    DateEdit,
    RowList,
    RowWidget,
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
from contactdesk.gui.widgets.choices import choice_combo, set_choice
from contactdesk.gui.widgets.contact_picker import pick_contact
from contactdesk.gui.widgets.sizes import format_size

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

ZONE = ZoneInfo("Europe/Berlin")

#: The button text of each target status (what the user does).
STATUS_VERBS = {
    AgreementStatus.ENTWURF.value: N_("Zurück zum Entwurf"),
    AgreementStatus.IN_ABSTIMMUNG.value: N_("In Abstimmung geben"),
    AgreementStatus.UNTERZEICHNET.value: N_("Unterzeichnen"),
    AgreementStatus.AKTIV.value: N_("Aktivieren"),
    AgreementStatus.GEKUENDIGT.value: N_("Kündigen"),
    AgreementStatus.AUSGELAUFEN.value: N_("Auslaufen lassen"),
    AgreementStatus.AUFGEHOBEN.value: N_("Aufheben"),
}


#: status changes that end an agreement: Enter in the dialog's fields must not carry them out
DESTRUCTIVE = {AgreementStatus.GEKUENDIGT.value, AgreementStatus.AUFGEHOBEN.value}


def _months(name: str) -> QSpinBox:
    spin = named(QSpinBox(), name, _("Anzahl der Monate; 0 bedeutet „keine“"))
    spin.setRange(0, 120)
    spin.setSpecialValueText(_("keine"))
    spin.setSuffix(_(" Monate"))
    return spin


# --------------------------------------------------------------------------- dialogs


class StatusChangeDialog(DatedNoteDialog):
    """Asks for the date of a status change (default today) and a note."""

    def __init__(self, parent: QWidget | None, title: str, from_status: str, to_status: str):
        verb = _(STATUS_VERBS.get(to_status, label(AGREEMENT_STATUS, to_status)))
        text = _("„{title}“: {old} → {new}").format(
            title=title,
            old=label(AGREEMENT_STATUS, from_status),
            new=label(AGREEMENT_STATUS, to_status),
        )
        super().__init__(parent, verb, text, verb, destructive=to_status in DESTRUCTIVE)
        self.setAccessibleName(_("Statuswechsel"))


def ask_status_change(
    parent: QWidget | None, title: str, from_status: str, to_status: str
) -> tuple[date, str] | None:
    """The date (default today) and note of a status change, or None when cancelled."""
    dialog = StatusChangeDialog(parent, title, from_status, to_status)
    if prompts.exec_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    return dialog.value()


def choose_files(parent: QWidget | None) -> list[str]:
    files = prompts.choose_open_files(
        parent,
        _("Dokumente anhängen"),
        file_places.start_in("documents"),
        _("Dokumente (*.pdf *.docx *.odt *.doc *.txt *.png *.jpg *.jpeg *.tif);;Alle Dateien (*)"),
    )
    if files:
        file_places.remember("documents", files[0])
    return list(files)


def open_file(path: Path) -> bool:
    """Show a file in the program the desktop chose for it."""
    return prompts.open_path(path)


_private_folder: list[Path] = []


def document_folder() -> Path:
    """Where opened documents are written (one subfolder per document): a folder of this
    process with a random name, only for this user (0700, `tempfile.mkdtemp`), so that no other
    user of the machine can read a document or swap it before the viewer opens it. Removed
    when the program ends."""
    if not _private_folder or not _private_folder[0].is_dir():
        import atexit
        import shutil

        folder = Path(tempfile.mkdtemp(prefix="contactdesk-dokumente-"))
        _private_folder[:] = [folder]
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return _private_folder[0]


# --------------------------------------------------------------------------- widgets


class ContactField(QWidget):
    """A chosen contact (read-only name) with "Wählen …" and "Entfernen" buttons."""

    sig_changed = Signal()

    def __init__(self, ops: Ops, name: str, picker_title: str, kind: str | None = None) -> None:
        super().__init__()
        self._ops = ops
        self._kind = kind
        self._picker_title = picker_title
        self._id: int | None = None
        self._name = ""
        h = QHBoxLayout(self)
        h.setContentsMargins(0, 0, 0, 0)
        self.display = named(QLineEdit(), name)
        self.display.setReadOnly(True)
        self.display.setPlaceholderText(_("– noch nicht gewählt –"))
        # the name may be elided in a narrow window (full name in the tool tip), the row fits
        self.display.setMinimumWidth(90)
        self.choose = named(QPushButton(_("Wählen …")), _("{name} wählen").format(name=name))
        self.choose.clicked.connect(self.pick)
        self.clear_button = named(QToolButton(), _("{name} entfernen").format(name=name))
        self.clear_button.setText("×")
        self.clear_button.setToolTip(_("Auswahl entfernen"))
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        h.addWidget(self.display, 1)
        h.addWidget(self.choose)
        h.addWidget(self.clear_button)
        self.set_value(None)

    def value(self) -> int | None:
        return self._id

    def name(self) -> str:
        return self._name

    def set_value(self, contact_id: int | None, name: str = "", deleted: bool = False) -> None:
        changed = contact_id != self._id
        self._id = contact_id
        self._name = name if contact_id is not None else ""
        font = self.display.font()
        font.setStrikeOut(deleted)
        self.display.setFont(font)
        text = _("{name} (gelöscht)").format(name=name) if deleted else self._name
        self.display.setText(text)
        self.display.setCursorPosition(0)
        self.display.setToolTip(
            _("Dieser Kontakt wurde im Kontaktregister gelöscht.") if deleted else text
        )
        self.clear_button.setEnabled(contact_id is not None)
        if changed:
            self.sig_changed.emit()

    def pick(self) -> bool:
        chosen = pick_contact(self, self._ops, self._picker_title, self._kind)
        if chosen is None:
            return False
        self.set_value(*chosen)
        return True


class PartyRow(RowWidget):
    def __init__(self, ops: Ops) -> None:
        super().__init__(_("Partei entfernen"))
        self.contact = ContactField(ops, _("Partei"), _("Partei aus dem Kontaktregister wählen"))
        self.role = choice_combo(_("Rolle der Partei"), PARTY_ROLE)
        self.role.setMinimumContentsLength(8)
        self.contact.clear_button.setVisible(False)  # the row's own remove button does that
        self.grid.addWidget(self.contact, 0, 0)
        self.grid.addWidget(self.role, 0, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 1)
        self.finish(2)

    def value(self) -> PartyData | None:
        cid = self.contact.value()
        if cid is None:
            return None
        return PartyData(
            contact_id=cid, role=self.role.currentData(), contact_name=self.contact.name()
        )

    def set_value(self, value: PartyData) -> None:
        self.contact.set_value(value.contact_id, value.contact_name, value.contact_deleted)
        set_choice(self.role, value.role)

    def primary(self) -> QWidget:
        return self.contact.display


class DocumentList(QTableWidget):
    """The agreement's documents; files dropped onto it are attached."""

    sig_files_dropped = Signal(list)
    """Local files were dropped (list of paths as str)."""

    def __init__(self) -> None:
        super().__init__(0, 3)
        self.setAccessibleName(_("Dokumente"))
        self.setHorizontalHeaderLabels([_("Datei"), _("Größe"), _("angehängt am")])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setToolTip(_("Dateien hierher ziehen, um sie anzuhängen; Doppelklick öffnet"))

    @staticmethod
    def _paths(mime: QMimeData) -> list[str]:
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and self._paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.isEnabled() and self._paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.sig_files_dropped.emit(paths)
        else:
            event.ignore()


# --------------------------------------------------------------------------- editor


class AgreementEditor(QWidget):
    """Shows one agreement (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_saved = Signal(int)
    """An agreement was created or updated (its id)."""
    sig_dirty_changed = Signal(bool)
    """The editor got or lost unsaved changes."""

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: the user's own input kept after a conflict reload (gui/dialogs/conflict.py)
        self._own_input: OwnInputWindow | None = None
        self._ops = ops
        self._loaded: AgreementData | None = None
        self._open = False
        self._baseline: tuple[Any, ...] | None = None
        self._loading = False
        self._dirty = False
        self._doc_ids: tuple[int, ...] = ()
        self.problems: list[str] = []
        theme.set_style(self, INVALID_STYLESHEET)
        self.setAccessibleName(_("Vereinbarung bearbeiten"))
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 0, 0, 0)
        self.title_label = heading_label(_("Titel der Vereinbarung"))
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)  # a narrow window wraps it instead of cutting it
        self.subtitle.setAccessibleName(_("Art und Status der Vereinbarung"))
        outer.addWidget(self.title_label)
        outer.addWidget(self.subtitle)
        self.summary = error_label()
        self.summary.setAccessibleName(_("Fehler beim Speichern"))
        outer.addWidget(self.summary)
        self.problems_label = error_label()
        self.problems_label.setAccessibleName(_("Probleme mit Dokumenten"))
        outer.addWidget(self.problems_label)

        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.placeholder = QLabel(
            _(
                "Wählen Sie links eine Vereinbarung aus oder legen Sie mit Strg+N eine neue "
                "Vereinbarung an."
            )
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setAccessibleName(_("Keine Vereinbarung ausgewählt"))
        self.stack.addWidget(self.placeholder)
        self.scroll_area = QScrollArea()
        self.scroll_area.setAccessibleName(_("Formular der Vereinbarung"))
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack.addWidget(self.scroll_area)
        body = QWidget()
        self.scroll_area.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 8, 0)

        # master data
        box = QGroupBox(_("Vereinbarung"))
        form = form_layout(box)
        self.title = line_edit(_("Titel"), _("z. B. Kooperationsvereinbarung mit …"))
        self.kind = choice_combo(_("Art der Vereinbarung"), AGREEMENT_KIND)
        self.reference = line_edit(_("Aktenzeichen"), _("z. B. ES-2021-BW"))
        self.description = named(QPlainTextEdit(), _("Beschreibung"))
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(60)
        self.description.setMaximumHeight(120)
        self._title_error = field_with_error(form, _("&Titel"), self.title)
        self._kind_error = field_with_error(form, _("&Art"), self.kind)
        self._reference_error = field_with_error(form, _("A&ktenzeichen"), self.reference)
        caption = QLabel(_("&Beschreibung"))
        caption.setBuddy(self.description)
        form.addRow(caption, self.description)
        self.body.addWidget(box)

        # status workflow
        self.status_box = QGroupBox(_("Status und Verlauf"))
        v = QVBoxLayout(self.status_box)
        self.status_label = QLabel()
        self.status_label.setAccessibleName(_("Aktueller Status"))
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        v.addWidget(self.status_label)
        self.status_buttons_row = QHBoxLayout()
        self.status_buttons: dict[str, QPushButton] = {}
        self.status_buttons_row.addStretch(1)
        v.addLayout(self.status_buttons_row)
        self.history = QTableWidget(0, 3)
        self.history.setAccessibleName(_("Statusverlauf"))
        self.history.setHorizontalHeaderLabels([_("Datum"), _("Statuswechsel"), _("Notiz")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.verticalHeader().setVisible(False)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.history.setWordWrap(False)
        v.addWidget(self.history)
        self.body.addWidget(self.status_box)

        # parties
        box = QGroupBox(_("Parteien"))
        v = QVBoxLayout(box)
        self.parties = RowList(lambda: PartyRow(self._ops), _("Partei hinzufügen …"), _("Parteien"))
        self.parties.add_button.clicked.disconnect()
        self.parties.add_button.clicked.connect(self.add_party)
        v.addWidget(self.parties)
        self.body.addWidget(box)

        # signature
        box = QGroupBox(_("Unterzeichnung"))
        form = form_layout(box)
        self.signed_by = ContactField(
            self._ops,
            _("Für die Stadt unterzeichnet von"),
            _("Person wählen, die für die Stadt unterzeichnet"),
            kind="person",
        )
        self.signed_on = DateEdit(_("Unterzeichnet am"), optional=True)
        self._signed_by_error = field_with_error(form, _("Für die Stadt"), self.signed_by)
        self._signed_on_error = field_with_error(form, _("&Unterzeichnet am"), self.signed_on)
        self.body.addWidget(box)

        # term and notice
        box = QGroupBox(_("Laufzeit und Kündigung"))
        form = form_layout(box)
        self.valid_from = DateEdit(_("gültig ab"), optional=True)
        self.valid_until = DateEdit(_("gültig bis"), optional=True)
        self.unlimited = named(QCheckBox(_("unbefristet")), _("unbefristet"))
        self.unlimited.toggled.connect(self._on_unlimited)
        until = QWidget()
        h = QHBoxLayout(until)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.valid_until, 1)
        h.addWidget(self.unlimited)
        self.renewal = _months(_("Automatische Verlängerung um"))
        self.notice = _months(_("Kündigungsfrist"))
        self.notice_to = choice_combo(_("Kündigung wirkt"), NOTICE_TO)
        self.notice.valueChanged.connect(lambda v: self.notice_to.setEnabled(v > 0))
        notice = QWidget()
        h = QHBoxLayout(notice)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.notice, 1)
        h.addWidget(self.notice_to, 1)
        self._valid_from_error = field_with_error(form, _("gültig &ab"), self.valid_from)
        self._valid_until_error = field_with_error(form, _("gültig &bis"), until)
        self._renewal_error = field_with_error(form, _("Automatische &Verlängerung"), self.renewal)
        self._notice_error = field_with_error(form, _("&Kündigungsfrist"), notice)
        self.body.addWidget(box)

        # amounts
        box = QGroupBox(_("Kosten (Finanzielle Auswirkungen)"))
        form = form_layout(box)
        tip = _("Betrag in Euro, z. B. 1.500,00; leer oder „keine“, wenn es keine Kosten gibt")
        self.amount_once = named(QLineEdit(), _("Einmalige Kosten"), tip)
        self.amount_once.setPlaceholderText(_("keine"))
        self.amount_yearly = named(QLineEdit(), _("Jährliche Kosten"), tip)
        self.amount_yearly.setPlaceholderText(_("keine"))
        self._amount_once_error = field_with_error(form, _("&einmalig (€)"), self.amount_once)
        self._amount_yearly_error = field_with_error(form, _("&jährlich (€)"), self.amount_yearly)
        self.body.addWidget(box)

        # documents
        self.documents_box = QGroupBox(_("Dokumente"))
        v = QVBoxLayout(self.documents_box)
        self.documents = DocumentList()
        self.documents.setMinimumHeight(90)
        self.documents.sig_files_dropped.connect(self.add_documents)
        self.documents.itemActivated.connect(lambda _i: self.open_document())
        self.documents.itemSelectionChanged.connect(self._update_document_buttons)
        self.documents_hint = QLabel(
            _("Dokumente können Sie anhängen, sobald die Vereinbarung gespeichert ist.")
        )
        self.documents_hint.setWordWrap(True)
        v.addWidget(self.documents_hint)
        v.addWidget(self.documents)
        bar = QHBoxLayout()
        self.add_document_button = named(
            QPushButton(_("Hinzufügen …")), _("Dokument hinzufügen"), _("Dateien anhängen")
        )
        self.open_document_button = named(
            QPushButton(_("Öffnen")), _("Dokument öffnen"), _("Ausgewähltes Dokument öffnen")
        )
        self.remove_document_button = named(
            QPushButton(_("Entfernen")),
            _("Dokument entfernen"),
            _("Ausgewähltes Dokument entfernen (rückgängig mit Strg+Z)"),
        )
        self.add_document_button.clicked.connect(self.choose_documents)
        self.open_document_button.clicked.connect(lambda: self.open_document())
        self.remove_document_button.clicked.connect(lambda: self.remove_document())
        bar.addWidget(self.add_document_button)
        bar.addWidget(self.open_document_button)
        bar.addWidget(self.remove_document_button)
        bar.addStretch(1)
        v.addLayout(bar)
        self.body.addWidget(self.documents_box)
        self.body.addStretch(1)

        # buttons
        bar = QHBoxLayout()
        self.dirty_label = QLabel()
        self.dirty_label.setWordWrap(True)  # wraps in a narrow pane instead of being cut
        self.dirty_label.setAccessibleName(_("Bearbeitungsstand"))
        bar.addWidget(self.dirty_label, 1)
        self.discard_button = named(
            QPushButton(_("Verwerfen")), _("Verwerfen"), _("Ungespeicherte Änderungen verwerfen")
        )
        self.save_button = named(
            QPushButton(_("Speichern")), _("Speichern"), _("Speichern (Strg+S)")
        )
        self.save_button.clicked.connect(self.save)
        self.discard_button.clicked.connect(self.discard)
        bar.addWidget(self.discard_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)

        self._field_widgets: dict[str, tuple[QWidget, QLabel]] = {
            "title": (self.title, self._title_error),
            "kind": (self.kind, self._kind_error),
            "reference": (self.reference, self._reference_error),
            "signed_for_town_by_id": (self.signed_by.display, self._signed_by_error),
            "signed_on": (self.signed_on, self._signed_on_error),
            "valid_from": (self.valid_from, self._valid_from_error),
            "valid_until": (self.valid_until, self._valid_until_error),
            "renewal_months": (self.renewal, self._renewal_error),
            "notice_months": (self.notice, self._notice_error),
            "notice_to": (self.notice_to, self._notice_error),
            "amount_once": (self.amount_once, self._amount_once_error),
            "amount_yearly": (self.amount_yearly, self._amount_yearly_error),
        }
        watch(body, self._on_edited)
        self.parties.sig_edited.connect(self._on_edited)
        self.signed_by.sig_changed.connect(self._on_edited)

    # ------------------------------------------------------------------ state
    @property
    def agreement_id(self) -> int | None:
        return self._loaded.id if self._loaded is not None else None

    @property
    def has_agreement(self) -> bool:
        return self._open

    @property
    def is_new(self) -> bool:
        return self._open and self.agreement_id is None

    def display_name(self) -> str:
        return self.title.text().strip() if self._open else ""

    def snapshot(self) -> tuple[Any, ...]:
        """The fields as typed (nothing parsed), to tell whether something changed."""
        return (
            self.title.text(),
            self.kind.currentData(),
            self.reference.text(),
            self.description.toPlainText(),
            tuple((p.contact_id, p.role) for p in self.parties.values()),
            self.signed_by.value(),
            self.signed_on.value(),
            self.valid_from.value(),
            None if self.unlimited.isChecked() else self.valid_until.value(),
            self.renewal.value(),
            self.notice.value(),
            self.notice_to.currentData() if self.notice.value() else None,
            self.amount_once.text().strip(),
            self.amount_yearly.text().strip(),
        )

    def is_dirty(self) -> bool:
        return self._open and (self.snapshot() != self._baseline or has_pending_dates(self))

    def clear(self) -> None:
        """Show no agreement."""
        self._loaded = None
        self._open = False
        self._baseline = None
        self._doc_ids = ()
        self.problems = []
        self._clear_errors()
        self._show_problems()
        self.stack.setCurrentWidget(self.placeholder)
        self.title_label.setText(_("Keine Vereinbarung ausgewählt"))
        self.subtitle.setText("")
        for w in (self.save_button, self.discard_button):
            w.setEnabled(False)
        self._set_dirty(False)

    def new_agreement(self) -> None:
        self._show(AgreementData(), loaded=None)
        self.title.setFocus()

    def open_agreement(self, agreement_id: int) -> bool:
        """Show a stored agreement and report documents that fail their check."""
        try:
            data = self._ops.read(lambda s: ag.get_agreement(s, agreement_id))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message)
            return False
        self._show(data, loaded=data)
        self.verify_documents()
        if self.problems:
            prompts.show_error(
                self,
                "\n\n".join(self.problems),
                _("Probleme mit Dokumenten"),
            )
        return True

    def reload(self, *, keep_edits: bool = True) -> bool:
        """Re-read the shown agreement; False (and cleared) when it is gone or deleted.

        Unsaved edits are kept (only status, history and documents are refreshed) unless
        `keep_edits` is False.
        """
        aid = self.agreement_id
        if aid is None:
            return self._open
        try:
            data = self._ops.read(lambda s: ag.get_agreement(s, aid))
        except NotFoundError:
            self.clear()
            return False
        if data.deleted:
            self.clear()
            return False
        if keep_edits and self.is_dirty():  # refresh only what is not edited here
            self._loaded = dataclasses.replace(
                self._loaded or data,
                status=data.status,
                history=data.history,
                documents=data.documents,
            )
            self._fill_status(self._loaded)
            self._fill_documents(self._loaded)
        else:
            self._show(data, loaded=data)
        if tuple(d.id for d in data.documents) != self._doc_ids:
            self.verify_documents()
        return True

    def verify_documents(self) -> list[str]:
        aid = self.agreement_id
        self.problems = self._ops.read(lambda s: ag.verify_documents(s, aid)) if aid else []
        self._doc_ids = tuple(d.id for d in self._loaded.documents) if self._loaded else ()
        self._show_problems()
        return self.problems

    def _show_problems(self) -> None:
        self.problems_label.setText("\n".join(self.problems))
        self.problems_label.setVisible(bool(self.problems))

    def _show(self, data: AgreementData, loaded: AgreementData | None) -> None:
        # the same record shown again (a save, a refresh): stay where the user is
        same = data.id is not None and self._loaded is not None and self._loaded.id == data.id
        self._loading = True
        try:
            self._loaded = loaded
            self._open = True
            self.title.setText(data.title)
            self.title.setCursorPosition(0)
            set_choice(self.kind, data.kind)
            self.reference.setText(data.reference)
            self.description.setPlainText(data.description)
            self.parties.set_values(data.parties)
            self.signed_by.set_value(data.signed_for_town_by_id, data.signed_for_town_by)
            self.signed_on.set_value(data.signed_on)
            self.valid_from.set_value(data.valid_from)
            self.valid_until.set_value(data.valid_until)
            self.unlimited.setChecked(data.valid_until is None)
            self.valid_until.setEnabled(data.valid_until is not None)
            self.renewal.setValue(data.renewal_months or 0)
            self.notice.setValue(data.notice_months or 0)
            set_choice(self.notice_to, data.notice_to or NoticeTo.LAUFZEITENDE.value)
            self.notice_to.setEnabled(bool(data.notice_months))
            self.amount_once.setText(
                ag.format_amount(data.amount_once).removesuffix(" €") if data.amount_once else ""
            )
            self.amount_yearly.setText(
                ag.format_amount(data.amount_yearly).removesuffix(" €")
                if data.amount_yearly
                else ""
            )
            self._fill_status(data)
            self._fill_documents(data)
            self._clear_errors()
            self.stack.setCurrentWidget(self.scroll_area)
            if not same:
                self.scroll_area.verticalScrollBar().setValue(0)
            self._baseline = self.snapshot()
        finally:
            self._loading = False
        if loaded is None:
            self.problems = []
            self._doc_ids = ()
            self._show_problems()
        self._update_title()
        self._fix_tab_order()
        self._set_dirty(False)

    def _fill_status(self, data: AgreementData) -> None:
        saved = data.id is not None
        self.status_label.setText(
            _("Status: <b>{status}</b>").format(status=label(AGREEMENT_STATUS, data.status))
            if saved
            else _("Status: <b>Entwurf</b> (Statuswechsel nach dem ersten Speichern)")
        )
        for button in self.status_buttons.values():
            self.status_buttons_row.removeWidget(button)
            button.setParent(None)
            button.deleteLater()
        self.status_buttons = {}
        if saved:
            targets = ag.allowed_transitions(data.status)
            for target in targets:
                verb = _(STATUS_VERBS.get(target, label(AGREEMENT_STATUS, target)))
                button = named(
                    QPushButton(verb),
                    verb,
                    _("Status auf „{status}“ setzen").format(
                        status=label(AGREEMENT_STATUS, target)
                    ),
                )
                button.clicked.connect(lambda _c=False, t=target: self.change_status(t))
                self.status_buttons_row.insertWidget(len(self.status_buttons), button)
                self.status_buttons[target] = button
            if not targets:
                self.status_label.setText(
                    self.status_label.text() + " – " + _("abgeschlossen, kein weiterer Wechsel")
                )
        self.history.setRowCount(len(data.history))
        for i, step in enumerate(data.history):
            if step.from_status is None:
                change = _("angelegt als {status}").format(
                    status=label(AGREEMENT_STATUS, step.to_status)
                )
            else:
                change = f"{label(AGREEMENT_STATUS, step.from_status)} → " + label(
                    AGREEMENT_STATUS, step.to_status
                )
            for col, text in enumerate((step.on_date.strftime("%d.%m.%Y"), change, step.note)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.history.setItem(i, col, item)
        self.history.setVisible(bool(data.history))
        self.history.setFixedHeight(
            min(6, max(1, len(data.history))) * self.history.verticalHeader().defaultSectionSize()
            + self.history.horizontalHeader().sizeHint().height()
            + 2 * self.history.frameWidth()
        )

    def _fill_documents(self, data: AgreementData) -> None:
        saved = data.id is not None
        self.documents.setRowCount(len(data.documents))
        for i, doc in enumerate(data.documents):
            added = doc.added_at.astimezone(ZONE).strftime("%d.%m.%Y %H:%M")
            for col, text in enumerate((doc.filename, format_size(doc.size), added)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, doc.id)
                item.setToolTip(doc.note or doc.filename)
                self.documents.setItem(i, col, item)
        self.documents.setEnabled(saved)
        self.documents_hint.setVisible(not saved)
        self.add_document_button.setEnabled(saved)
        self._update_document_buttons()

    def _update_document_buttons(self) -> None:
        selected = self.selected_document() is not None
        self.open_document_button.setEnabled(selected)
        self.remove_document_button.setEnabled(selected)

    def _update_title(self) -> None:
        if not self._open:
            return
        title = self.title.text().strip()
        if self.is_new:
            self.title_label.setText(title or _("Neue Vereinbarung"))
            self.subtitle.setText(_("Noch nicht gespeichert"))
            return
        assert self._loaded is not None
        self.title_label.setText(title or "–")
        parts = [
            label(AGREEMENT_KIND, self._loaded.kind),
            label(AGREEMENT_STATUS, self._loaded.status),
        ]
        if self._loaded.reference:
            parts.append(_("Az. {reference}").format(reference=self._loaded.reference))
        if self._loaded.is_example:
            parts.append(_("Beispieldaten"))
        self.subtitle.setText(" · ".join(parts))

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [self.title, self.kind, self.reference, self.description]
        chain += list(self.status_buttons.values())
        chain += self.parties.focus_chain()
        chain += [self.signed_by.choose, self.signed_by.clear_button, self.signed_on]
        chain += [self.valid_from, self.valid_until, self.unlimited, self.renewal]
        chain += [self.notice, self.notice_to, self.amount_once, self.amount_yearly]
        chain += [self.documents, self.add_document_button, self.open_document_button]
        chain += [self.remove_document_button, self.discard_button, self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _on_unlimited(self, checked: bool) -> None:
        self.valid_until.setEnabled(not checked)
        if checked:
            self.valid_until.set_value(None)
        elif self.valid_until.value() is None and not self._loading:
            start = self.valid_from.value() or date.today()
            self.valid_until.set_value(date(start.year + 1, start.month, 1))

    def _on_edited(self) -> None:
        if self._loading or not self._open:
            return
        self._update_title()
        self._set_dirty(self.is_dirty())

    def _set_dirty(self, dirty: bool) -> None:
        self.save_button.setEnabled(self._open and (dirty or self.is_new))
        self.discard_button.setEnabled(self._open and (dirty or self.is_new))
        self.dirty_label.setText(_("Ungespeicherte Änderungen") if dirty else "")
        if dirty != self._dirty:
            self._dirty = dirty
            self.sig_dirty_changed.emit(dirty)

    # ------------------------------------------------------------------ data
    def collect(self) -> AgreementData:
        """The agreement as the fields show it; German amount errors as ValidationError."""
        assert self._open
        errors: dict[str, str] = {}
        amounts = {}
        for key, widget in (
            ("amount_once", self.amount_once),
            ("amount_yearly", self.amount_yearly),
        ):
            try:
                amounts[key] = ag.parse_amount(widget.text(), field=key)
            except ValidationError as exc:
                errors.update(exc.fields)
        if errors:
            raise ValidationError(errors)
        base = self._loaded or AgreementData()
        return dataclasses.replace(
            base,
            title=self.title.text(),
            kind=self.kind.currentData(),
            reference=self.reference.text(),
            description=self.description.toPlainText(),
            parties=self.parties.values(),
            signed_for_town_by_id=self.signed_by.value(),
            signed_on=self.signed_on.value(),
            valid_from=self.valid_from.value(),
            valid_until=None if self.unlimited.isChecked() else self.valid_until.value(),
            renewal_months=self.renewal.value() or None,
            notice_months=self.notice.value() or None,
            notice_to=self.notice_to.currentData() if self.notice.value() else None,
            amount_once=amounts["amount_once"],
            amount_yearly=amounts["amount_yearly"],
        )

    # ------------------------------------------------------------------ actions
    def add_party(self) -> None:
        """Choose a contact in the picker and add it as a Vertragspartner."""
        row = self.parties.add_row()
        assert isinstance(row, PartyRow)
        if not row.contact.pick():
            row.sig_remove_requested.emit(row)
            return
        row.role.setFocus()

    def discard(self) -> None:
        if self._loaded is not None:
            self.reload(keep_edits=False)
        else:
            self.clear()

    def save(self) -> bool:
        """Store the agreement; on errors show them at the fields and keep every input."""
        if not self._open or refuse_unreadable_dates(self):
            return False
        self._clear_errors()
        try:
            data = self.collect()
        except ValidationError as exc:
            self._show_errors(exc.fields)
            return False
        if data.id is None:
            result = self._ops.run(
                lambda s: ag.create_agreement(s, data),
                command=undo.created_agreement,
                message=lambda v: _("„{title}“ angelegt.").format(title=v.title),
                show_errors=False,
                kinds=AGREEMENT_KINDS,
            )
            saved = result.value
            error = result.error
        else:
            aid = data.id

            def update(session: Session) -> tuple[AgreementData, AgreementData]:
                before = ag.get_agreement(session, aid)
                return before, ag.update_agreement(
                    session, aid, data, expected_version=data.row_version
                )

            pair = self._ops.run(
                update,
                command=lambda ba: undo.updated_agreement(*ba),
                message=lambda ba: _("„{title}“ gespeichert.").format(title=ba[1].title),
                show_errors=False,
                kinds=AGREEMENT_KINDS,
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
        self._show(saved, loaded=saved)
        self.sig_saved.emit(saved.id)
        return True

    def confirm_leave(self) -> bool:
        """Ask about unsaved changes; True when it is fine to show something else."""
        if not self.is_dirty():
            return True
        answer = prompts.ask_unsaved(self, self.display_name() or _("neue Vereinbarung"))
        if answer is prompts.Answer.SAVE:
            return self.save()
        if answer is prompts.Answer.DISCARD:
            self.discard()
            return True
        return False

    def change_status(self, to_status: str) -> bool:
        """Ask for date and note, then move the agreement to `to_status` (undoable)."""
        if self.agreement_id is None or not self.confirm_leave():
            return False
        assert self._loaded is not None
        aid, title, from_status = self.agreement_id, self._loaded.title, self._loaded.status
        answer = ask_status_change(self, title, from_status, to_status)
        if answer is None:
            return False
        on_date, note = answer
        result = self._ops.run(
            lambda s: ag.change_status(s, aid, to_status, on_date=on_date, note=note),
            command=lambda d: undo.changed_status(aid, d.title, to_status, on_date, note),
            message=lambda d: _("„{title}“: Status {status}. Rückgängig mit Strg+Z.").format(
                title=d.title, status=label(AGREEMENT_STATUS, d.status)
            ),
            kinds=AGREEMENT_KINDS,
        )
        return result.ok

    # ------------------------------------------------------------------ documents
    def selected_document(self) -> int | None:
        rows = self.documents.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.documents.item(rows[0].row(), 0)
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_document(self, row: int) -> None:
        self.documents.selectRow(row)

    def choose_documents(self) -> None:
        files = choose_files(self)
        if files:
            self.add_documents(files)

    def add_documents(self, paths: list[str]) -> int:
        """Attach files (each one undoable); errors are shown in German. Returns how many."""
        aid = self.agreement_id
        if aid is None:
            return 0
        added = 0
        last: int | None = None
        for path in paths:
            result = self._ops.run(
                partial(ag.add_document, agreement_id=aid, source=path),
                command=lambda d: undo.added_document(d.id, d.filename),
                message=lambda d: _("„{name}“ angehängt.").format(name=d.filename),
                kinds=AGREEMENT_KINDS,
            )
            added += result.ok
            if result.ok and result.value is not None:
                last = result.value.id
        if last is not None:
            self.show_document(last)
        return added

    def show_document(self, document_id: int) -> None:
        """Select a document in the list and scroll it into view (e.g. the one just attached)."""
        for row in range(self.documents.rowCount()):
            item = self.documents.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == document_id:
                self.documents.selectRow(row)
                self.documents.scrollToItem(item)
                # after the layout has taken the new row in (the box may have grown)
                QTimer.singleShot(
                    0, lambda: self.scroll_area.ensureWidgetVisible(self.documents, 0, 20)
                )
                return

    def _document_info(self, document_id: int) -> DocumentInfo | None:
        docs = self._loaded.documents if self._loaded else []
        return next((d for d in docs if d.id == document_id), None)

    def open_document(self, document_id: int | None = None) -> Path | None:
        """Write the checked document to a temporary folder and show it; None on failure."""
        document_id = document_id if document_id is not None else self.selected_document()
        if document_id is None:
            return None
        target = Path(tempfile.mkdtemp(prefix=f"{document_id}-", dir=document_folder()))
        try:
            path = self._ops.read(lambda s: ag.export_document(s, document_id, target))
        except ContactdeskError as exc:
            prompts.show_error(self, exc.message, _("Dokument öffnen"))
            return None
        except OSError as exc:
            prompts.show_error(
                self,
                _(
                    "Das Dokument kann nicht in den temporären Ordner geschrieben werden ({e})."
                ).format(e=os_reason(exc)),
                _("Dokument öffnen"),
            )
            return None
        if not open_file(path):
            prompts.show_error(
                self,
                _(
                    "Für „{name}“ ist kein Programm eingerichtet. Die Datei liegt hier: {path}"
                ).format(name=path.name, path=path),
                _("Dokument öffnen"),
            )
        return path

    def remove_document(self, document_id: int | None = None) -> bool:
        document_id = document_id if document_id is not None else self.selected_document()
        if document_id is None:
            return False
        result = self._ops.run(
            lambda s: ag.remove_document(s, document_id),
            command=lambda d: undo.removed_document(d.id, d.filename),
            message=lambda d: _("„{name}“ entfernt. Rückgängig mit Strg+Z.").format(
                name=d.filename
            ),
            kinds=AGREEMENT_KINDS,
        )
        return result.ok

    # ------------------------------------------------------------------ errors
    def _clear_errors(self) -> None:
        self.summary.setVisible(False)
        self.summary.setText("")
        for widget, err in self._field_widgets.values():
            mark_invalid(widget, None)
            err.setVisible(False)
        self.parties.clear_errors()

    def _show_errors(self, fields: dict[str, str]) -> None:
        first: QWidget | None = None
        for key, message in fields.items():
            name, _sep, index = key.partition(".")
            target: QWidget | None = None
            if name in self._field_widgets:
                widget, err = self._field_widgets[name]
                mark_invalid(widget, message)
                err.setText(message)
                err.setVisible(True)
                target = widget
            elif name == "parties":
                if index.isdigit():
                    target = self.parties.set_item_error(int(index), message)
                else:
                    self.parties.set_error(message)
                    target = self.parties.add_button
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
        if key in self._field_widgets:
            err = self._field_widgets[key][1]
            return err.text() if not err.isHidden() else ""
        return ""
