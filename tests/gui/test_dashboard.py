"""The start page (Übersicht): next events, open responses and agreement deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt

from contactdesk.core.db import Database
from contactdesk.core.services import agreements as ag
from contactdesk.core.services import schedule as sc
from contactdesk.core.undo import UndoStack
from contactdesk.gui.actions import create_actions
from contactdesk.gui.ops import Ops
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.dashboard import DashboardView
from tests.gui.helpers import add_person

D = datetime
NOW = D(2022, 3, 20, 9, tzinfo=UTC)


def seed(db: Database) -> tuple[int, int, int]:
    lena = add_person(db, "Lena", "Müller", "lena@example.org")
    stefan = add_person(db, "Stefan", "Groß", "stefan@example.org")
    with db.session() as s:
        workshop = sc.create_event(
            s,
            sc.EventData(
                title="Workshop Engagement junger Menschen",
                kind="workshop",
                start=D(2022, 3, 23, 17),
                end=D(2022, 3, 23, 19),
                room="Saal",
                participants=[
                    sc.ParticipantData(lena.id or 0),
                    sc.ParticipantData(stefan.id or 0),
                ],
            ),
        ).event
        assert workshop.id is not None
        sc.mark_invited(s, workshop.id)
        sc.record_response(s, workshop.id, stefan.id or 0, "zusage")
        sc.create_event(  # in the past: not shown
            s,
            sc.EventData(title="Alter Termin", start=D(2022, 1, 5, 10), end=D(2022, 1, 5, 11)),
        )
        agreement = ag.create_agreement(
            s,
            ag.AgreementData(
                title="Kooperationsvereinbarung Jugendclub'83",
                kind="kooperationsvereinbarung",
                valid_from=date(2021, 7, 1),
                valid_until=date(2022, 6, 30),
                renewal_months=12,
                notice_months=3,
                notice_to="laufzeitende",
            ),
        )
        assert agreement.id is not None
        ag.change_status(s, agreement.id, "unterzeichnet", on_date=date(2021, 6, 24))
        ag.change_status(s, agreement.id, "aktiv", on_date=date(2021, 7, 1))
    return workshop.id, lena.id or 0, agreement.id


def test_dashboard_shows_next_event_open_response_and_deadline(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    event_id, lena_id, agreement_id = seed(db)
    holder = QObject()
    ops = Ops(db, UndoStack(db))
    view = DashboardView(ops, create_actions(holder), settings, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    statuses: list[str] = []
    view.sig_status_changed.connect(statuses.append)
    view.start()
    # singular and plural as a person writes them: never "1 Fristen"
    assert statuses[-1] == "1 Termin · 1 offene Rückmeldung · 1 Frist"
    assert view.texts(view.responses, 3) == ["eingeladen, keine Antwort"]
    assert view.key == "dashboard"
    assert "20.03.2022" in view.heading.text()

    assert view.texts(view.events, 2) == ["Workshop Engagement junger Menschen (eingeladen)"]
    assert view.texts(view.events, 0) == ["Mi, 23.03.2022"]
    assert view.texts(view.events, 1) == ["17:00–19:00"]
    assert view.texts(view.responses, 0) == ["Lena Müller"]
    assert view.texts(view.responses, 1) == ["Workshop Engagement junger Menschen"]
    assert view.texts(view.deadlines, 0) == ["31.03.2022"]
    assert view.texts(view.deadlines, 1) == ["dringend (in 11 Tagen)"]
    assert view.texts(view.deadlines, 2) == ["Kooperationsvereinbarung Jugendclub'83"]
    urgency = view.deadlines.topLevelItem(0)
    assert urgency.background(1).color().name() == "#fde2c8"

    # double-click asks the main window to open the item
    for tree, expected in (
        (view.events, ("events", event_id)),
        (view.responses, ("events", event_id)),
        (view.deadlines, ("agreements", agreement_id)),
    ):
        item = tree.topLevelItem(0)
        rect = tree.visualItemRect(item)
        # a real double-click starts with a press: the view only activates the pressed item
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
            qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert tuple(blocker.args) == expected

    # a change elsewhere refreshes the page: the response arrives
    ops.run(lambda s: sc.record_response(s, event_id, lena_id, "absage"))
    assert view.texts(view.responses, 0) == []
    assert view.responses_empty.isVisibleTo(view)
    assert view.responses_empty.text() == "Keine offenen Rückmeldungen zu kommenden Terminen."
    assert statuses[-1] == "1 Termin · 0 offene Rückmeldungen · 1 Frist"

    # someone added to the list but not invited yet is waiting too, and said so
    ayse = add_person(db, "Ayse", "Yilmaz", "ayse@example.org")
    ops.run(lambda s: sc.invite(s, event_id, [ayse.id or 0]))
    assert view.texts(view.responses, 0) == ["Ayse Yilmaz"]
    assert view.texts(view.responses, 3) == ["noch nicht eingeladen"]
    holder.deleteLater()


def test_dashboard_warns_about_papers_late_for_their_session(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    from contactdesk.core.services import contacts as cs
    from contactdesk.core.services import papers as ps

    with db.session() as s:
        hfa = cs.create_contact(
            s,
            cs.ContactData(
                kind="organisation", name="Haupt- und Finanzausschuss", org_kind="gremium"
            ),
        )
        meeting = sc.create_event(
            s,
            sc.EventData(
                title="Sitzung des Haupt- und Finanzausschusses",
                kind="gremiensitzung",
                committee_id=hfa.id,
                start=D(2022, 3, 30, 17),
                end=D(2022, 3, 30, 19),
            ),
        ).event
        paper = ps.create_paper(
            s,
            ps.PaperData(
                subject="Bericht aus dem Netzwerk",
                paper_date=date(2022, 3, 1),
                submitter="Oberbürgermeister",
                lead_office="Persönlicher Referent",
                consultations=[ps.ConsultationData(meeting.id or 0)],
            ),
        )
    view = DashboardView(
        Ops(db, UndoStack(db)), create_actions(QObject()), settings, clock=lambda: NOW
    )
    qtbot.addWidget(view)
    view.show()
    view.start()
    rows = [view.deadlines.topLevelItem(i) for i in range(view.deadlines.topLevelItemCount())]
    late = [r for r in rows if r.text(2).startswith(paper.reference)]
    assert len(late) == 1
    assert late[0].text(1).startswith("überfällig")  # deadline 16.03.2022 has passed
    assert "Haupt- und Finanzausschuss am 30.03.2022" in late[0].text(3)
    assert late[0].data(0, Qt.ItemDataRole.UserRole) == ("sessions", paper.id)


def test_cards_show_their_headline_numbers(qtbot: Any, db: Database, settings: Settings) -> None:
    """Hand-made: the workshop on Wednesday is this week (not today), Lena was invited and has
    not answered, one agreement deadline; the numbers follow the changes."""
    event_id, lena_id, _agreement_id = seed(db)
    ops = Ops(db, UndoStack(db))
    view = DashboardView(ops, create_actions(QObject()), settings, clock=lambda: NOW)
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    view.start()
    assert [c.title for c in view.cards] == [
        "Heute und diese Woche",
        "Warten auf Antwort",
        "Fristen",
    ]
    assert view.week_card.number.text() == "1"
    assert view.week_card.note.text() == "heute nichts"
    assert view.waiting_card.number.text() == "1"
    assert view.waiting_card.number.accessibleName() == (
        "Warten auf Antwort: 1, eingeladen, ohne Antwort"
    )
    assert view.deadline_card.number.text() == "1"
    assert view.deadline_card.note.text() == "in den nächsten 90 Tagen"

    ops.run(lambda s: sc.record_response(s, event_id, lena_id, "absage"))
    assert view.waiting_card.number.text() == "0"
    ayse = add_person(db, "Ayse", "Yilmaz", "ayse@example.org")
    ops.run(lambda s: sc.invite(s, event_id, [ayse.id or 0]))
    assert view.waiting_card.number.text() == "0"  # never invited: not waiting for her answer
    assert view.waiting_card.note.text() == "eingeladen, ohne Antwort · 1 noch nicht eingeladen"
    assert view.texts(view.responses, 0) == ["Ayse Yilmaz"]  # but listed

    # Enter on an item opens it, like a double-click
    view.deadlines.setFocus()
    view.deadlines.setCurrentItem(view.deadlines.topLevelItem(0))
    with qtbot.waitSignal(view.sig_open_requested, timeout=1000) as blocker:
        qtbot.keyClick(view.deadlines, Qt.Key.Key_Return)
    assert blocker.args[0] == "agreements"


def test_cards_wide_and_narrow(qtbot: Any, db: Database, settings: Settings) -> None:
    seed(db)
    view = DashboardView(
        Ops(db, UndoStack(db)), create_actions(QObject()), settings, clock=lambda: NOW
    )
    qtbot.addWidget(view)
    view.resize(1500, 800)
    view.show()
    view.start()
    qtbot.waitUntil(lambda: view.week_card.y() == view.deadline_card.y())  # three across
    view.resize(900, 700)
    qtbot.waitUntil(lambda: view.week_card.y() < view.deadline_card.y())  # week on top


def test_card_numbers_on_the_demo_match_the_records(
    qtbot: Any, db: Database, settings: Settings
) -> None:
    """The demo, recounted independently: occurrences of the week from the agenda query,
    waiting answers from the events' participant lists, deadlines from both deadline lists."""
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from contactdesk.core.demo import load_demo
    from contactdesk.core.services import papers as ps

    berlin = ZoneInfo("Europe/Berlin")
    now = D(2026, 12, 7, 12, tzinfo=berlin)
    with db.session() as s:
        load_demo(s)
    view = DashboardView(
        Ops(db, UndoStack(db)), create_actions(QObject()), settings, clock=lambda: now
    )
    qtbot.addWidget(view)
    view.show()
    view.start()
    monday = D(2026, 12, 7, tzinfo=berlin)
    with db.session() as s:
        week = sc.occurrences(
            s, monday, monday + timedelta(days=7), sc.EventFilter(include_cancelled=False)
        )
        events = sc.get_events(s, sc.event_ids(s))
        due = ag.due_items(s, today=date(2026, 12, 7), days=90)
        papers = ps.deadline_warnings(s, today=date(2026, 12, 7))
    waiting = [
        p
        for e in events
        if e.status != "abgesagt" and e.start.replace(tzinfo=ZoneInfo(e.tz)) > now
        for p in e.participants
        if p.invitation == "eingeladen" and p.response == "offen"
    ]
    assert view.week_card.number.text() == str(len(week))
    assert view.waiting_card.number.text() == str(len(waiting))
    assert view.deadline_card.number.text() == str(len(due) + len(papers))
    assert view.deadlines.topLevelItemCount() == len(due) + len(papers)
    # the demo's monthly network meeting is listed even when it is not this week
    assert view.events.topLevelItemCount() >= 1
