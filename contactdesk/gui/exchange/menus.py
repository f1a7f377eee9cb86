"""The commands of import and export in the main window: the actions of Datei › Importieren …
and Datei › Exportieren ▸, the context menus of the contact list and the schedule.

`Exchange` joins the import flow (importing.py) and the exports (contact_export.py,
calendar_export.py) and wires them to actions; mainwindow only creates one `Exchange`, calls
`install(file_menu)` and `install_area_menus(key, area)` for each area it builds.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QWidget

from contactdesk.core.i18n import _
from contactdesk.gui.actions import icon
from contactdesk.gui.exchange.base import (
    CALENDAR,
    CANCELLATION,
    CSV,
    EMAIL,
    EVENT_ICS,
    IMPORT,
    INVITATION,
    SEND,
    SEND_CANCEL,
    VCARD,
    VCARD_ZIP,
)
from contactdesk.gui.exchange.calendar_export import CalendarExports
from contactdesk.gui.exchange.contact_export import ContactExports
from contactdesk.gui.exchange.importing import ImportFlow


class Exchange(ImportFlow, ContactExports, CalendarExports):
    """Import and export commands of one main window."""

    #: Datei › Exportieren, once `install` has added it
    export_menu: QMenu | None = None

    def _create_actions(self) -> None:
        """The actions of the commands, with text, icon, tip and what they trigger."""
        for key, text, theme, tip in (
            (
                IMPORT,
                _("&Importieren …"),
                "document-import",
                _("Kontakte (.vcf, .csv) und Termine (.ics, .eml) importieren, mit Vorschau"),
            ),
            (
                VCARD,
                _("Kontakte als &vCard (.vcf) …"),
                "document-export",
                _("Kontakte als vCard 3.0 in eine Datei schreiben"),
            ),
            (
                VCARD_ZIP,
                _("Kontakte für &Outlook (vCard je Kontakt, ZIP) …"),
                "document-export",
                _("Eine vCard-2.1-Datei je Kontakt in einer ZIP-Datei, für Outlook für Windows"),
            ),
            (
                CSV,
                _("Kontakte als Outlook-&CSV …"),
                "document-export",
                _("Kontakte im Aufbau des deutschen Outlook (CSV, Semikolon)"),
            ),
            (
                CALENDAR,
                _("&Kalender als iCalendar (.ics) …"),
                "x-office-calendar",
                _("Termine (und Fristen) für den eigenen Outlook-Kalender"),
            ),
            (
                EVENT_ICS,
                _("Gewählten &Termin für den eigenen Kalender (.ics) …"),
                "x-office-calendar",
                _("Nur den gewählten Termin als Kalendereintrag (ohne Einladung)"),
            ),
            (
                INVITATION,
                _("&Einladung für den gewählten Termin (.ics) …"),
                "mail-send",
                _("Einladung mit allen Teilnehmenden, die Outlook als Besprechung öffnet"),
            ),
            (
                EMAIL,
                _("Einladung als E-&Mail (.eml) …"),
                "mail-message-new",
                _("Ein E-Mail-Entwurf mit der Einladung, den Outlook zum Senden öffnet"),
            ),
            (
                CANCELLATION,
                _("&Absage für den gewählten Termin (.ics) …"),
                "mail-mark-junk",
                _("Den Termin absagen und die Absage für Outlook speichern"),
            ),
            (
                SEND,
                _("Einladung &senden …"),
                "mail-send",
                _(
                    "Die Einladung per E-Mail an alle mit Adresse und Einwilligung senden, mit Vorschau"
                ),
            ),
            (
                SEND_CANCEL,
                _("Absage sen&den …"),
                "mail-send",
                _("Den Termin absagen und die Absage per E-Mail senden, mit Vorschau"),
            ),
        ):
            action = QAction(icon(theme, QStyle.StandardPixmap.SP_DialogSaveButton), text, self)
            action.setObjectName(f"action_exchange_{key}")
            action.setToolTip(tip)
            action.setStatusTip(tip)
            self.actions[key] = action
        importer = self.actions[IMPORT]
        importer.setShortcut(QKeySequence("Ctrl+I"))
        importer.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        importer.setToolTip(_("{tip} (Strg+I)").format(tip=importer.toolTip()))
        importer.triggered.connect(lambda: self.import_dialog())
        self.actions[VCARD].triggered.connect(lambda: self.export_contacts(VCARD))
        self.actions[VCARD_ZIP].triggered.connect(lambda: self.export_contacts(VCARD_ZIP))
        self.actions[CSV].triggered.connect(lambda: self.export_contacts(CSV))
        self.actions[CALENDAR].triggered.connect(lambda: self.export_calendar())
        self.actions[EVENT_ICS].triggered.connect(lambda: self.export_event_calendar())
        self.actions[INVITATION].triggered.connect(lambda: self.export_invitation("REQUEST"))
        self.actions[EMAIL].triggered.connect(lambda: self.export_email())
        self.actions[CANCELLATION].triggered.connect(lambda: self.export_invitation("CANCEL"))
        self.actions[SEND].triggered.connect(lambda: self.send_invitation("REQUEST"))
        self.actions[SEND_CANCEL].triggered.connect(lambda: self.send_invitation("CANCEL"))

    # ------------------------------------------------------------------ wiring
    def install(self, file_menu: QMenu) -> None:
        """Add Importieren / Exportieren to the file menu; context menus; dropping files."""
        file_menu.addAction(self.actions[IMPORT])
        menu = file_menu.addMenu(_("&Exportieren"))
        menu.setObjectName("menu_export")
        for key in (VCARD, VCARD_ZIP, CSV, None, CALENDAR, EVENT_ICS, None):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        for key in (INVITATION, EMAIL, CANCELLATION, None, SEND, SEND_CANCEL):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.actions[key])
        menu.aboutToShow.connect(self.update_actions)
        self.export_menu = menu
        self.widget.addActions(list(self.actions.values()))
        self.widget.setAcceptDrops(True)
        self.widget.installEventFilter(self)

    def install_area_menus(self, key: str, area: object) -> None:
        """The export entries of one area's lists and calendars (once per area). The window
        calls it for each area it builds (areas are built when first shown)."""
        if key == "contacts":
            table = getattr(area, "table", None)
            if isinstance(table, QWidget) and (
                table.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
            ):
                table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                table.customContextMenuRequested.connect(
                    lambda pos, t=table: self._contact_menu(t, pos)
                )
        if key != "events":
            return
        for name in ("table", "month", "week"):
            widget = getattr(area, name, None)
            if isinstance(widget, QWidget) and (
                widget.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu
            ):
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                widget.customContextMenuRequested.connect(
                    lambda pos, w=widget: self._event_menu(w, pos)
                )
        # the event editor's banner "Änderung noch nicht versendet – Aktualisierung senden"
        requested = getattr(getattr(area, "editor", None), "sig_send_update_requested", None)
        if requested is not None:
            requested.connect(lambda: self.send_invitation("REQUEST"))

    def _contact_menu(self, table: QWidget, pos: QPoint) -> None:
        menu = QMenu(table)
        menu.setAccessibleName(_("Kontakt exportieren"))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        contact_id = self.selected_contact()[0]
        for key, text in (
            (VCARD, _("Ausgewählten Kontakt als &vCard (.vcf) …")),
            (CSV, _("Ausgewählten Kontakt als Outlook-&CSV …")),
        ):
            action = menu.addAction(text)
            action.setEnabled(contact_id is not None)
            action.triggered.connect(
                lambda _c=False, k=key, cid=contact_id: self.export_contacts(k, [cid])
            )
        menu.addSeparator()
        menu.addAction(self.actions[IMPORT])
        menu.popup(table.mapToGlobal(pos))

    def _event_menu(self, widget: QWidget, pos: QPoint) -> None:
        self.update_actions()
        menu = QMenu(widget)
        menu.setAccessibleName(_("Termin exportieren"))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for key in (SEND, SEND_CANCEL):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        for key in (INVITATION, EMAIL, CANCELLATION, EVENT_ICS):
            menu.addAction(self.actions[key])
        menu.addSeparator()
        menu.addAction(self.actions[CALENDAR])
        menu.popup(widget.mapToGlobal(pos))

    def update_actions(self) -> None:
        has_event = self.selected_event_id() is not None
        for key in (INVITATION, EMAIL, CANCELLATION, EVENT_ICS, SEND, SEND_CANCEL):
            self.actions[key].setEnabled(has_event)
