"""The look (gui/theme.py): readable colours in both schemes, no colour outside the theme,
switching the scheme re-colours what is open, and the setting "Darstellung"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from contactdesk.core import settings as st
from contactdesk.core.db import Database
from contactdesk.core.services import schedule as sc
from contactdesk.gui import theme
from contactdesk.gui.dialogs.settings_dialog import SettingsDialog
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.calendar_views import DayCell
from contactdesk.gui.views.dashboard import UrgencyRole

GUI = Path(__file__).resolve().parents[2] / "contactdesk" / "gui"


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour "#rrggbb"."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # just below AA
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_colour_reaches_wcag_aa(scheme: str) -> None:
    too_weak = [
        f"{fg} on {bg}: {ratio:.2f}"
        for fg, bg in theme.TEXT_PAIRS
        if (ratio := contrast(theme.hex_of(fg, scheme), theme.hex_of(bg, scheme))) < 4.5  # type: ignore[arg-type]
    ]
    assert not too_weak


def test_every_role_has_a_light_and_a_dark_colour() -> None:
    for role, values in theme.ROLES.items():
        assert len(values) == 2, role
        for value in values:
            assert re.fullmatch(r"#[0-9a-f]{6}", value), (role, value)
    # the light and the dark palette differ where it matters
    for role in ("window", "base", "text", "card_bg", "sidebar"):
        assert theme.hex_of(role, "light") != theme.hex_of(role, "dark")
    # every role used in the text pairs and by the views exists
    for fg, bg in theme.TEXT_PAIRS:
        assert fg in theme.ROLES and bg in theme.ROLES
    for background, text in theme.URGENCY_ROLES.values():
        assert (text, background) in theme.TEXT_PAIRS


#: a colour written anywhere but in gui/theme.py
COLOUR_LITERAL = re.compile(
    r"""["'][^"'\n]*#[0-9a-fA-F]{3,8}\b"""  # "#fff", "color: #b71c1c;"
    r"""|QColor\(\s*(?:["'\d]|Qt\.)"""  # QColor("#777"), QColor(211, 47, 47), QColor(Qt.red)
    r"""|\brgba?\("""  # style sheets: rgb(0, 0, 0)
    r"""|GlobalColor\.(?!transparent\b)\w+"""  # Qt.GlobalColor.red (transparent is no colour)
    r"""|(?:color|background)\s*:\s*(?:black|white|red|green|blue|gray|grey|yellow|orange)\b"""
)


def colour_literals(text: str) -> list[str]:
    return [m.group(0) for m in COLOUR_LITERAL.finditer(text)]


def test_the_scan_finds_colour_literals() -> None:
    """The scanner below must be able to fail."""
    assert colour_literals('label.setStyleSheet("color: #b71c1c;")')
    assert colour_literals('QBrush(QColor("#777777"))')
    assert colour_literals("QColor(211, 47, 47, 90)")
    assert colour_literals('w.setStyleSheet("background: rgb(1, 2, 3)")')
    assert colour_literals('w.setStyleSheet("color: red")')
    assert colour_literals("Qt.GlobalColor.red")
    assert not colour_literals("pixmap.fill(Qt.GlobalColor.transparent)")
    assert not colour_literals('theme.set_style(label, "color: {error_text};")')
    assert not colour_literals("# see issue #17 in the tracker")


def test_no_gui_module_outside_the_theme_writes_a_colour() -> None:
    found = []
    for path in sorted(GUI.rglob("*.py")):
        if path.name == "theme.py" and path.parent == GUI:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            for literal in colour_literals(line):
                found.append(f"{path.relative_to(GUI)}:{number}: {literal}")
    assert not found


@pytest.fixture
def light_again() -> Iterator[QApplication]:
    """Leaves the application in the light scheme for the tests that follow."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    yield app
    theme.apply(app, "light")


def test_switching_the_scheme_recolours_open_views(
    qtbot: Any, window: MainWindow, db: Database, light_again: QApplication
) -> None:
    app = light_again
    theme.apply(app, "light")
    # a deadline overdue on the start page, a waiting answer, a day cell of the month view
    from contactdesk.core.services import agreements as ag

    with db.session() as s:
        agreement = ag.create_agreement(
            s,
            ag.AgreementData(
                title="Kooperationsvereinbarung Test",
                kind="kooperationsvereinbarung",
                valid_from=datetime.now(UTC).date() - timedelta(days=400),
                valid_until=datetime.now(UTC).date() + timedelta(days=20),
                notice_months=1,
                notice_to="laufzeitende",
            ),
        )
        ag.change_status(s, agreement.id or 0, "unterzeichnet")
        ag.change_status(s, agreement.id or 0, "aktiv")
    window.show_area("dashboard")
    dashboard = window.area("dashboard")
    dashboard.reload()
    deadlines = dashboard.deadlines  # type: ignore[attr-defined]
    assert deadlines.topLevelItemCount() >= 1
    cell = DayCell()
    qtbot.addWidget(cell)
    cell.set_day(datetime.now(UTC).date(), in_month=True, today=True)
    note = QLabel()
    qtbot.addWidget(note)
    theme.set_style(note, "color: {error_text};")

    def state() -> tuple[str, str, str, str, str]:
        item = deadlines.topLevelItem(0)
        return (
            app.palette().color(QPalette.ColorRole.Window).name(),
            item.background(1).color().name(),
            cell.styleSheet(),
            note.styleSheet(),
            dashboard.week_card.number.styleSheet(),  # type: ignore[attr-defined]
        )

    light = state()
    assert light[0] == theme.hex_of("window", "light")
    assert theme.hex_of("today_bg", "light") in light[2]
    assert theme.hex_of("error_text", "light") in light[3]

    with qtbot.waitSignal(theme.notifier().sig_changed, timeout=1000) as blocker:
        assert theme.apply(app, "dark") == "dark"
    assert blocker.args == ["dark"]
    dark = state()
    assert dark[0] == theme.hex_of("window", "dark")
    urgency = deadlines.topLevelItem(0).data(0, UrgencyRole)
    background, _text = theme.URGENCY_ROLES[urgency]
    assert dark[1] == theme.hex_of(background, "dark") != light[1]
    assert theme.hex_of("today_bg", "dark") in dark[2]
    assert theme.hex_of("error_text", "dark") in dark[3]
    assert theme.hex_of("accent", "dark") in dark[4]
    assert theme.scheme() == "dark" and theme.choice() == "dark"
    # the navigation's icons are drawn anew in the dark text colour
    icon = window.nav.item(0).icon().pixmap(20, 20).toImage()
    drawn = {
        icon.pixelColor(x, y).name()
        for x in range(icon.width())
        for y in range(icon.height())
        if icon.pixelColor(x, y).alpha() == 255
    }
    assert theme.hex_of("text", "dark") in drawn

    theme.apply(app, "light")
    assert state() == light


def test_system_choice_follows_the_system_scheme(light_again: QApplication) -> None:
    assert theme.apply(light_again, "system") == theme.system_scheme()
    assert theme.choice() == "system"
    assert theme.apply(light_again, "nonsense") == theme.system_scheme()  # unknown: the system


def test_appearance_setting_in_the_dialog(
    qtbot: Any, settings: Settings, light_again: QApplication
) -> None:
    assert st.KEYS["app.appearance"].default == "system"
    assert settings.appearance == "system"
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    assert dialog.appearance.accessibleName() == "Darstellung"
    assert [dialog.appearance.itemText(i) for i in range(3)] == [
        "Wie das System",
        "Hell",
        "Dunkel",
    ]
    assert dialog.appearance.currentData() == "system"
    dialog.appearance.setCurrentIndex(dialog.appearance.findData("dark"))
    dialog.accept()
    assert dialog.result() == SettingsDialog.DialogCode.Accepted
    assert st.load_settings().get("app.appearance") == "dark"
    assert theme.scheme() == "dark"  # at once, without a restart
    with pytest.raises(Exception, match="system"):
        st.convert("app.appearance", "lila")


def test_cancelled_event_in_a_dark_month_cell_stays_readable(light_again: QApplication) -> None:
    theme.apply(light_again, "dark")
    occ = sc.Occurrence(
        1, None, None, "Abgesagt", "workshop",
        datetime(2026, 12, 7, 10, tzinfo=UTC), datetime(2026, 12, 7, 11, tzinfo=UTC),
        False, "", "", "abgesagt", "", True, 0, False,
    )  # fmt: skip
    from contactdesk.gui.views.calendar_views import EntryLabel

    label = EntryLabel(occ, occ.start.date())
    style = label.styleSheet()
    assert theme.hex_of("kind_workshop", "dark") in style
    assert theme.hex_of("cancelled_text", "dark") in style
    assert (
        contrast(theme.hex_of("cancelled_text", "dark"), theme.hex_of("kind_workshop", "dark"))
        >= 4.5
    )
    label.deleteLater()
