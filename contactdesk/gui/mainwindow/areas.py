"""The area registry of the main window: which areas the navigation lists, how each is built,
and the pages that stand in for an area (planned, not built yet, the database being opened).

Every area is a widget that implements gui/area.py's `Area` protocol. Areas are registered in
`area_specs()` as (key, title, factory); a factory takes the window (`AreaHost`: the runner,
the action registry, the settings) and builds the area when it is first shown
(gui/mainwindow/pages.py). Like the window's frame, this module imports neither SQLAlchemy,
the services nor the area views at module level: each factory imports its view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from contactdesk.core.i18n import N_, _

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintEvent

    from contactdesk.gui.actions import ActionRegistry
    from contactdesk.gui.ops import Ops
    from contactdesk.gui.settings import Settings

# ------------------------------------------------------------------------------------------------
# Areas that were built in parallel by other engineers. With its flag False, the navigation
# shows a "(folgt)" page instead; the import happens only when True, inside the factory below
# (`_dashboard` / `_schedule`).
#   Übersicht: contactdesk/gui/views/dashboard.py -> DashboardView(ops, actions, settings)
#   Termine:   contactdesk/gui/views/schedule.py  -> ScheduleView(ops, actions, settings)
DASHBOARD_READY = True
SCHEDULE_READY = True
# ------------------------------------------------------------------------------------------------

AreaFactory = Callable[["AreaHost"], QWidget]


class AreaHost(Protocol):
    """What an area's factory takes from the main window."""

    ops: Ops
    action_registry: ActionRegistry
    settings: Settings
    show_welcome: bool


@dataclass(frozen=True)
class AreaSpec:
    """One entry of the navigation."""

    key: str
    title: str
    #: builds the area widget; None: the area is planned and shown as "(folgt)"
    factory: AreaFactory | None
    #: what Ctrl+N creates here (tool bar text); "" when the area creates nothing
    new_text: str = ""
    #: what the "(folgt)" page announces
    planned: str = ""


def _dashboard(window: AreaHost) -> QWidget:
    from contactdesk.gui.views.dashboard import DashboardView

    return cast(QWidget, DashboardView(window.ops, window.action_registry, window.settings))


def _schedule(window: AreaHost) -> QWidget:
    from contactdesk.gui.views.schedule import ScheduleView

    return cast(QWidget, ScheduleView(window.ops, window.action_registry, window.settings))


def _contacts(window: AreaHost) -> QWidget:
    from contactdesk.gui.views.contacts import ContactsView

    return ContactsView(
        window.ops, window.action_registry, window.settings, show_welcome=window.show_welcome
    )


def _agreements(window: AreaHost) -> QWidget:
    from contactdesk.gui.views.agreements import AgreementsView

    return AgreementsView(window.ops, window.action_registry, window.settings)


def _sessions(window: AreaHost) -> QWidget:
    from contactdesk.gui.views.papers import SessionsView

    return SessionsView(window.ops, window.action_registry, window.settings)


def area_specs() -> list[AreaSpec]:
    """The navigation, in order. Übersicht is the start page once it exists."""
    return [
        AreaSpec(
            "dashboard",
            N_("Übersicht"),
            _dashboard if DASHBOARD_READY else None,
            planned=N_("Die nächsten Termine, offene Rückmeldungen und Fristen auf einen Blick."),
        ),
        AreaSpec("contacts", N_("Kontakte"), _contacts, new_text=N_("Neue Person")),
        AreaSpec("agreements", N_("Vereinbarungen"), _agreements, new_text=N_("Neue Vereinbarung")),
        AreaSpec(
            "events",
            N_("Termine"),
            _schedule if SCHEDULE_READY else None,
            new_text=N_("Neuer Termin"),
            planned=N_(
                "Workshops, Präsenzveranstaltungen und Netzwerktreffen mit Teilnehmenden, "
                "Einladung und Zusage/Absage."
            ),
        ),
        AreaSpec(
            "sessions",
            N_("Sitzungen"),
            _sessions,
            new_text=N_("Neue Vorlage"),
            planned=N_(
                "Gremien (Haupt- und Finanzausschuss, Stadtrat), Vorlagen und Beratungsfolge."
            ),
        ),
    ]


class InertArea:
    """The area protocol of a page with nothing to load, save, reload or keep (a planned area,
    or one not built yet): the window's actions find nothing to do there."""

    def start(self) -> None:
        pass

    def new_item(self, kind: str | None = None) -> None:
        pass

    def save(self) -> None:
        pass

    def delete_current(self) -> None:
        pass

    def focus_search(self) -> None:
        pass

    def reload(self) -> None:
        pass

    def confirm_leave(self) -> bool:
        return True

    def has_unsaved_changes(self) -> bool:
        return False

    def can_save(self) -> bool:
        return False

    def restore_state(self) -> None:
        pass

    def save_state(self) -> None:
        pass


class PlannedArea(InertArea, QLabel):
    """A clearly marked page for an area that follows in a later version; does nothing."""

    def __init__(self, key: str, title: str, planned: str) -> None:
        from PySide6.QtCore import Qt

        super().__init__(
            "<h2>{title}</h2><p>{hint}</p><p>{planned_label} {planned}</p>".format(
                title=title,
                hint=_(
                    "Dieser Bereich ist noch nicht verfügbar. Er folgt in einer späteren Version."
                ),
                planned_label=_("Geplant:"),
                planned=planned,
            )
        )
        self.key = key
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setMargin(24)
        self.setAccessibleName(_("{area}: noch nicht verfügbar").format(area=title))


class PendingArea(InertArea, QWidget):
    """The page of an area that is built when first shown (MainWindow.area): until then it has
    nothing to load, save, reload or keep, so the window's actions find nothing to do here."""

    #: AreaDirectory.get() answers None for it (not built yet)
    pending = True

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class OpeningPage(QLabel):
    """The frame's page while the database is being opened; tells when it was first painted
    (gui/app/second_step.py then opens the database)."""

    sig_painted = Signal()

    def __init__(self) -> None:
        text = _("Datenbank wird geöffnet …")
        super().__init__(f'<h3 align="center">{text}</h3>')
        self.setObjectName("opening_page")
        self.setAccessibleName(text)
        self.setWordWrap(True)  # the paragraph spans the page: centred (vertically by default)
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.sig_painted.emit()
