"""The two rows above the Termine area's views: NavigationBar (new event, list/month/week,
back/today/next, the shown period) and FilterBar (text filter, the list's range, kind,
committee, participant, cancelled events). They hold the controls; the area wires them."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.core.labels import EVENT_KIND, label
from contactdesk.gui.ops import Ops
from contactdesk.gui.views.base import master_detail as md
from contactdesk.gui.views.schedule.periods import (
    MODE_LIST,
    MODE_MONTH,
    MODE_WEEK,
    RANGE_ALL,
    RANGE_CUSTOM,
    RANGE_PAST,
    RANGE_UPCOMING,
)
from contactdesk.gui.views.widgets import DateEdit, named
from contactdesk.gui.widgets.contact_picker import ContactPicker


class NavigationBar(QWidget):
    """New, the three views, back/today/next and the shown period."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        nav = QHBoxLayout(self)
        nav.setContentsMargins(0, 0, 0, 0)
        #: the controls in the order Tab visits them
        self.controls: list[QWidget] = []
        self.new_button = named(
            QToolButton(), _("Neuer Termin"), _("Neuen Termin anlegen (Strg+N)")
        )
        self.new_button.setText(_("Neuer Termin"))
        nav.addWidget(self.new_button)
        self.controls.append(self.new_button)
        nav.addSpacing(12)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QToolButton] = {}
        for mode, text, tip in (
            (MODE_LIST, _("Liste"), _("Terminliste")),
            (MODE_MONTH, _("Monat"), _("Monatsansicht")),
            (MODE_WEEK, _("Woche"), _("Wochenansicht")),
        ):
            button = named(QToolButton(), tip, tip)
            button.setText(text)
            button.setCheckable(True)
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            nav.addWidget(button)
            self.controls.append(button)
        self.mode_buttons[MODE_LIST].setChecked(True)
        nav.addSpacing(12)
        self.prev_button = named(QToolButton(), _("Zurück"), _("Vorheriger Zeitraum"))
        self.prev_button.setText("◀")
        self.today_button = named(QToolButton(), _("Heute"), _("Zum heutigen Tag"))
        self.today_button.setText(_("Heute"))
        self.next_button = named(QToolButton(), _("Weiter"), _("Nächster Zeitraum"))
        self.next_button.setText("▶")
        for b in (self.prev_button, self.today_button, self.next_button):
            nav.addWidget(b)
            self.controls.append(b)
        self.period = QLabel()
        font = self.period.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.period.setFont(font)
        self.period.setAccessibleName(_("Angezeigter Zeitraum"))
        nav.addSpacing(8)
        nav.addWidget(self.period, 1)


class FilterBar(QWidget):
    """The text filter, the list's range (with Von/Bis for a chosen one) and the filters the
    service applies."""

    def __init__(self, ops: Ops, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        #: the controls in the order Tab visits them
        self.controls: list[QWidget] = []
        self.search = md.search_field(
            _("Termine filtern"), _("Filtern: Titel, Ort, Raum, Gremium …"), 140
        )
        bar.addWidget(self.search, 2)
        self.range_combo = named(QComboBox(), _("Zeitraum der Liste"))
        self.range_combo.addItem(_("Kommende"), RANGE_UPCOMING)
        self.range_combo.addItem(_("Vergangene"), RANGE_PAST)
        self.range_combo.addItem(_("Alle Jahre"), RANGE_ALL)
        self.range_combo.addItem(_("Zeitraum …"), RANGE_CUSTOM)
        bar.addWidget(self.range_combo)
        self.date_from = DateEdit(_("Von"))
        self.date_to = DateEdit(_("Bis"))
        self.date_from.set_value(today)
        self.date_to.set_value(today + timedelta(days=90))
        bar.addWidget(self.date_from)
        bar.addWidget(self.date_to)
        self.kind_filter = named(QComboBox(), _("Art filtern"))
        self.kind_filter.addItem(_("Alle Arten"), None)
        for key in EVENT_KIND:
            self.kind_filter.addItem(label(EVENT_KIND, key.value), key.value)
        self.committee_filter = named(QComboBox(), _("Gremium filtern"))
        md.add_filters(bar, ((self.kind_filter, 12), (self.committee_filter, 14)))
        self.participant_filter = ContactPicker(
            ops, _("Nach Teilnehmenden filtern"), _("Teilnehmende …"), kind="person"
        )
        self.participant_filter.setMinimumWidth(140)
        bar.addWidget(self.participant_filter, 1)
        self.show_cancelled = named(QCheckBox(_("abgesagte")), _("Abgesagte Termine zeigen"))
        self.show_cancelled.setChecked(True)
        bar.addWidget(self.show_cancelled)
        self.controls += [
            *(self.search, self.range_combo, self.date_from, self.date_to),
            *(self.kind_filter, self.committee_filter, self.participant_filter.edit),
            self.show_cancelled,
        ]
