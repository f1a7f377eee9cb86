"""PaperEditor: one committee paper (Vorlage) with its Beratungsfolge, Sachverhalt, Anlagen,
links, status workflow and released versions; the coordinator of the sections of this package.

A paper in "Entwurf" is edited freely. A released paper (freigegeben, in Beratung) shows its
fields read-only: "Zurück zum Entwurf" or "Neue Fassung bearbeiten" opens them again; the stored
PDF of each release stays as it was, a new release adds the next version. A paper that is
zur Kenntnis genommen, beschlossen or zurückgezogen cannot be changed (the core refuses it).

Undo: the commands for papers come from the core (`core/undo_papers.py`), as those of every
other area do. Questions go through `gui/prompts.py` and the contact picker of
`gui/widgets/contact_picker.py`, so tests answer them there.
"""

from __future__ import annotations

import dataclasses
import itertools
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from contactdesk.core.changes import PAPER_KINDS
from contactdesk.core.i18n import _
from contactdesk.core.services import papers as ps
from contactdesk.core.services.papers import PaperData
from contactdesk.core.undo_papers import created_paper, updated_paper
from contactdesk.gui import theme
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base.editor import EditorBase
from contactdesk.gui.views.paper_editor import workflow
from contactdesk.gui.views.paper_editor.attachments import AttachmentsSection
from contactdesk.gui.views.paper_editor.consultations import ConsultationSection
from contactdesk.gui.views.paper_editor.council import CouncilFields
from contactdesk.gui.views.paper_editor.links import LinksSection
from contactdesk.gui.views.paper_editor.master import MasterSection
from contactdesk.gui.views.paper_editor.status import StatusSection
from contactdesk.gui.views.paper_editor.text import TextSection
from contactdesk.gui.views.paper_editor.workflow import EDITABLE_RELEASED, PS
from contactdesk.gui.views.widgets import (
    mark_invalid,
    refuse_unreadable_dates,
    watch,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WARNING_STYLE = (
    "QLabel {{ background: {warning_bg}; border: 1px solid {warning_border}; padding: 4px; "
    "color: {warning_text}; }}"
)


class PaperEditor(EditorBase):
    """Shows one paper (or nothing); saves through Ops with undo; keeps input on errors."""

    sig_preview_requested = Signal()
    """The user asked to see the PDF of the paper."""

    def __init__(
        self, ops: Ops, parent: QWidget | None = None, settings: object | None = None
    ) -> None:
        super().__init__(ops, parent, _("Vorlage bearbeiten"))
        #: the town's settings (paper number format), None in bare tests
        self._settings = settings
        self._loaded: PaperData | None = None
        #: a released paper's fields opened for a new version ("Neue Fassung bearbeiten")
        self.unlocked = False
        self._council_problems: dict[str, str] = {}
        self.warnings: list[str] = []
        self._build()
        self.clear()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = self._frame_top(
            _("Nummer und Gegenstand der Vorlage"),
            _("Art und Status der Vorlage"),
            heading_scale=1.3,
        )
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
        self.body = self._frame_page(
            outer,
            _("Wählen Sie links eine Vorlage aus oder legen Sie mit Strg+N eine neue Vorlage an."),
            _("Keine Vorlage ausgewählt"),
            _("Formular der Vorlage"),
        )

        self.status = StatusSection(self)
        self.master = MasterSection(self)
        self.master.type_combo.currentIndexChanged.connect(lambda _i: self._on_type_changed())
        self.council = CouncilFields()
        self.consultation = ConsultationSection(self)
        self.text = TextSection(self)
        self.links = LinksSection(self)
        self.attachments = AttachmentsSection(self)
        for box in (
            self.status.status_box,
            self.master.box,
            self.council.processing_box,
            self.consultation.box,
            self.council.proposal_box,
            self.text.body_box,
            self.council.answer_box,
            self.text.financial_box,
            self.council.finance_box,
            self.links.box,
            self.attachments.box,
            self.status.history_box,
        ):
            self.body.addWidget(box)
        self.body.addStretch(1)
        self._frame_bar(outer)

        self._field_widgets = {
            **self.master.errors(),
            "body": (self.text.body_edit, self.text.body_error),
            **self.links.errors(),
            **self.council.errors(),
        }
        watch(self.page, self._on_edited)
        self.master.connect_typing()

    # ------------------------------------------------------------------ state
    paper_id = EditorBase.record_id

    @property
    def loaded(self) -> PaperData | None:
        return self._loaded

    has_paper = EditorBase.has_record

    @property
    def ops(self) -> Ops:
        """The runner the sections read and write through."""
        return self._ops

    def number_format(self) -> str | None:
        """The town's paper number format (settings), None for the core's default."""
        return getattr(self._settings, "paper_number_format", None)

    def linked_agreement_ids(self) -> list[int]:
        return self.links.ids("agreement")

    def display_name(self) -> str:
        if not self._open:
            return ""
        if self._loaded is not None:
            return self._loaded.reference
        return self.master.subject.text().strip() or _("neue Vorlage")

    def is_editable(self) -> bool:
        """May the fields be changed now (what the core allows, plus the release lock)?"""
        if not self._open:
            return False
        if self._loaded is None:
            return True
        status = self._loaded.status
        if status == PS.ENTWURF.value:
            return True
        return status in EDITABLE_RELEASED and self.unlocked

    def snapshot(self) -> tuple[Any, ...]:
        return (
            *self.master.snapshot(),
            self.text.body_edit.toPlainText(),
            self.text.financial.toPlainText(),
            self.council.snapshot(),
            self.consultation.snapshot(),
            self.links.snapshot(),
        )

    def clear(self) -> None:
        """Show no paper."""
        self.unlocked = False
        self.show_warnings([])
        self.lock_label.setVisible(False)
        self._show_empty(_("Keine Vorlage ausgewählt"))

    def new_paper(self, type_code: str | None = None) -> None:
        self.master.fill_types()
        data = PaperData(type_code=type_code or "M", paper_date=date.today(), financial_effects="")
        self._show(data, loaded=None)
        self.master.subject.setFocus()

    def open_paper(self, paper_id: int) -> bool:
        data = self._read_to_show(lambda s: ps.get_paper(s, paper_id))
        if data is None:
            return False
        if data.deleted:
            self.clear()
            return False
        self.master.fill_types()
        self.unlocked = False
        self.show_warnings([])
        self._show(data, loaded=data)
        return True

    def _read_record(self, session: Session, record_id: int) -> PaperData:
        return ps.get_paper(session, record_id)

    def _refresh(self, data: PaperData, *, keep_edits: bool) -> None:
        """A new status locks the paper again; unsaved input keeps its fields and only the
        parts the form does not edit (status, history, versions, attachments) are renewed."""
        if data.status != (self._loaded.status if self._loaded else None):
            self.unlocked = False
        if not keep_edits:
            self._show(data, loaded=data)
            return
        assert self._loaded is not None
        self._loaded = dataclasses.replace(
            self._loaded,
            status=data.status,
            history=data.history,
            versions=data.versions,
            attachments=data.attachments,
            updated_at=data.updated_at,
        )
        self.status.set_data(self._loaded)
        self.attachments.set_data(self._loaded)
        self.apply_lock()

    def _show(self, data: PaperData, loaded: PaperData | None) -> None:
        with self._filling(data, loaded):
            self.master.set_data(data, new=loaded is None)
            self.text.body_edit.setPlainText(data.body)
            self.text.financial.setPlainText(data.financial_effects or "")
            self.council.set_data(data)
            self.consultation.table.set_values(data.consultations)
            self.links.set_data(data)
            self.status.set_data(data)
            self.attachments.set_data(data)
        self.master.update_number_hint()
        self.apply_lock()
        self.consultation.update_buttons()
        self._fix_tab_order()

    def apply_lock(self) -> None:
        """Fields read-only unless the paper may be changed now; the lock line says why."""
        editable = self.is_editable()
        self.master.set_editable(editable)
        self.text.set_editable(editable)
        self.council.set_editable(editable)
        self.consultation.set_editable(editable)
        self.links.set_editable(editable)
        self.attachments.update_buttons()
        data = self._loaded
        status = data.status if data else PS.ENTWURF.value
        released_lock = data is not None and status in EDITABLE_RELEASED
        self.status.show_release_buttons(
            released_lock=released_lock,
            unlocked=self.unlocked,
            changed=data is not None and data.changed_since_release,
        )
        if data is not None and status in ps.FINAL:
            self.lock_label.setText(
                _("Die Vorlage ist {status}; ihre Angaben bleiben, wie sie sind.").format(
                    status=_(data.status_label)
                )
            )
        elif released_lock and not self.unlocked:
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
        subject = self.master.subject.text().strip()
        loaded = self._loaded
        name = subject if loaded is None else f"{loaded.reference}: {subject or '–'}"
        self._show_heading(name, _("Neue Vorlage"), self._facts)

    def _facts(self) -> str:
        """The subtitle of a stored paper: Art · Status · öffentlich · Fassungen · Beispiel."""
        loaded = self._loaded
        assert loaded is not None
        parts = [loaded.type_name, _(loaded.status_label)]
        parts.append(_("öffentlich") if loaded.is_public else _("nichtöffentlich"))
        if loaded.versions:
            parts.append(_("{n} Fassung(en)").format(n=len(loaded.versions)))
        if loaded.is_example:
            parts.append(_("Beispieldaten"))
        return " · ".join(parts)

    def _fix_tab_order(self) -> None:
        council = self.council.line_edits()
        chain: list[QWidget] = [
            *self.master.tab_chain(),
            *council[:5],
            self.council.proposal,
            *self.consultation.tab_chain(),
            self.text.block_button,
            self.text.body_edit,
            self.council.answer,
            self.text.financial,
            self.text.financial_button,
            *council[5:],
            *self.links.tab_chain(),
            *self.attachments.tab_chain(),
            self.discard_button,
            self.save_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def mark_edited(self) -> None:
        """The user changed something outside a watched field (a contact chosen, a session or
        link added): title and dirty state follow."""
        self._on_edited()

    def show_warnings(self, lines: list[str]) -> None:
        """Non-blocking notes (e.g. after a release: "verspätet"); stay until another paper."""
        self.warnings = list(lines)
        self.warnings_label.setText("\n".join(f"⚠ {line}" for line in lines))
        self.warnings_label.setVisible(bool(lines))

    # ------------------------------------------------------------------ data
    def collect(self) -> PaperData:
        assert self._open
        links = self.links
        collected = dataclasses.replace(
            self.master.apply(self._loaded or PaperData()),
            body=self.text.body_edit.toPlainText(),
            financial_effects=self.text.financial.toPlainText(),
            consultations=self.consultation.table.values(),
            contact_ids=links.ids("contact"),
            agreement_ids=links.ids("agreement"),
            event_ids=links.ids("event"),
        )
        collected, self._council_problems = self.council.apply(collected)
        return collected

    def _on_type_changed(self) -> None:
        self.master.update_number_hint()
        self.council.set_type(self.master.type_combo.currentData() or "")

    # ------------------------------------------------------------------ workflow (workflow.py)
    def unlock(self) -> None:
        """Open a released paper's fields for a new version (the stored PDF stays)."""
        workflow.unlock(self)

    def release(self) -> bool:
        """Freigeben: store the PDF as the next version; show the core's warnings."""
        return workflow.release(self)

    def change_status(self, to_status: str) -> bool:
        """A step of the workflow; "freigegeben" goes through release()."""
        return workflow.change_status(self, to_status)

    def export_oparl(self) -> Path | None:
        """Save the paper with its sessions as OParl 1.1 JSON."""
        return workflow.export_oparl(self)

    # ------------------------------------------------------------------ save
    def save(self) -> bool:
        """Store the paper; on errors show them at the fields and keep every input."""
        if not self._open:
            return False
        if not self.is_editable() or refuse_unreadable_dates(self):
            return False
        self._clear_errors()
        data = self.collect()
        problems = {**self._council_problems, **self.consultation.table.problems()}
        if problems:
            self._show_errors(problems)
            return False

        def create(session: Session) -> PaperData:
            return ps.create_paper(session, data, number_format=self.number_format())

        # one name first: unpacked or passed on at once, mypy solves the record type as Optional
        stored = self._store(
            data,
            create=create,
            read=ps.get_paper,
            write=ps.update_paper,
            created=created_paper,
            updated=updated_paper,
            created_message=lambda v: _("Vorlage {ref} angelegt.").format(ref=v.reference),
            saved_message=lambda v: _("Vorlage {ref} gespeichert.").format(ref=v.reference),
            kinds=PAPER_KINDS,
        )
        saved, error = stored
        if error is not None:
            self._save_failed(error, data)
            return False
        assert saved is not None and saved.id is not None
        unlocked = self.unlocked
        self._show(saved, loaded=saved)
        self.unlocked = unlocked
        self.apply_lock()
        self.sig_saved.emit(saved.id)
        return True

    # ------------------------------------------------------------------ errors
    def show_errors(self, fields: dict[str, str]) -> None:
        """The core's messages at their fields (a failed release, too)."""
        self._show_errors(fields)

    def _clear_other_errors(self) -> None:
        self.consultation.error.setVisible(False)
        mark_invalid(self.consultation.table, None)

    def _show_other_error(self, key: str, message: str) -> QWidget | None:
        if key.partition(".")[0] != "consultations":
            return None
        self.consultation.show_error(key, message)
        return self.consultation.table

    def _other_field_error(self, key: str) -> str:
        if key == "consultations":
            err = self.consultation.error
            return err.text() if not err.isHidden() else ""
        return ""
