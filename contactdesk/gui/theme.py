"""The look, in one place: a light and a dark palette that follow the system (or the setting
"Darstellung"), the semantic colours every view uses, and the spacing of areas and editors.

No other GUI module writes a colour: it asks for a role here (`color("warning_text")`), or
styles a widget with a template whose placeholders are roles (`set_style(label,
"color: {error_text};")`) — such widgets are re-styled when the scheme changes. Views that paint
or colour items themselves connect to `notifier().sig_changed` and repaint.

Every text colour has a contrast of at least 4.5:1 (WCAG AA) against the backgrounds it is shown
on, in both schemes; tests/gui/test_theme.py computes them from `TEXT_PAIRS`.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

Scheme = Literal["light", "dark"]
#: the values of the setting "app.appearance"
CHOICES = ("system", "light", "dark")

# ------------------------------------------------------------------------------ spacing
#: around an area's or a dialog's content
MARGIN = 12
#: between neighbouring controls and boxes
SPACING = 8
#: inside a card, a banner or a notice
PADDING = 10
#: between a label and its small note
SMALL = 4

# ------------------------------------------------------------------------------ colours
#: role -> (light, dark)
ROLES: dict[str, tuple[str, str]] = {
    # the palette
    "window": ("#f3f3f3", "#202124"),
    "base": ("#ffffff", "#2a2b2e"),
    "alt_base": ("#f6f7f9", "#303135"),
    "text": ("#1b1b1b", "#e8e8e8"),
    "muted": ("#5f6368", "#a9adb3"),
    "button": ("#f7f7f7", "#35363a"),
    "border": ("#c9ccd1", "#4a4c51"),
    "highlight": ("#0f5fb5", "#2f6fbd"),
    "highlight_text": ("#ffffff", "#ffffff"),
    "link": ("#0b57a6", "#8cc2ff"),
    "disabled_text": ("#8a8d92", "#7b7e84"),
    # the sidebar and the cards
    "sidebar": ("#e9ecf0", "#18191b"),
    "accent": ("#0b57a6", "#8cc2ff"),
    "badge_bg": ("#0b57a6", "#8cc2ff"),
    "badge_text": ("#ffffff", "#0e1a2a"),
    "card_bg": ("#ffffff", "#2a2b2e"),
    "card_border": ("#d6d9de", "#44464b"),
    # messages
    "error_text": ("#b3141b", "#ff9a94"),
    "error_bg": ("#fdecea", "#3d2020"),
    "error_border": ("#c62828", "#e57373"),
    "warning_text": ("#6b4500", "#ffd27a"),
    "warning_bg": ("#fff8e1", "#3a3020"),
    "warning_border": ("#e0b252", "#8a6d2f"),
    "success_text": ("#1b5e20", "#8fd694"),
    # deadlines by urgency (background, text)
    "overdue_bg": ("#f8d7da", "#4a1f24"),
    "overdue_text": ("#842029", "#ffb3ba"),
    "urgent_bg": ("#fde2c8", "#4a3018"),
    "urgent_text": ("#7a3e00", "#ffc58f"),
    "soon_bg": ("#fff3cd", "#433a17"),
    "soon_text": ("#664d03", "#ffe08a"),
    "later_bg": ("#e2efe4", "#1f3a24"),
    "later_text": ("#1e4620", "#a8dcae"),
    # calendar cells: event kinds (backgrounds), days, lines
    "kind_workshop": ("#d7e9fb", "#1f3852"),
    "kind_praesenzveranstaltung": ("#fde2c8", "#4a3018"),
    "kind_netzwerktreffen": ("#dff3da", "#23401f"),
    "kind_online_termin": ("#e6dcf5", "#382c4f"),
    "kind_gremiensitzung": ("#f9dada", "#4a2323"),
    "kind_sonstiger_termin": ("#e8e8e8", "#3a3b3e"),
    "cell_text": ("#111111", "#eeeeee"),
    "cancelled_text": ("#595959", "#b0b0b0"),
    "day_bg": ("#ffffff", "#2a2b2e"),
    "day_outside_bg": ("#f4f4f4", "#232427"),
    "day_outside_text": ("#6b6b6b", "#9a9a9a"),
    "day_border": ("#d0d0d0", "#45474c"),
    "today_bg": ("#fff6cc", "#3b3417"),
    "today_border": ("#c99700", "#d4a72c"),
    "cursor_border": ("#1a4f8b", "#8cc2ff"),
    "grid_line": ("#dddddd", "#3c3e42"),
    "hour_text": ("#555555", "#b5b5b5"),
}

#: the stroke colour of the SVG icons in resources/icons/areas, replaced by a role's colour
ICON_PLACEHOLDER = "#000000"

#: (text role, background role): every pair shown somewhere; each needs 4.5:1 in both schemes
TEXT_PAIRS: list[tuple[str, str]] = [
    ("text", "window"),
    ("text", "base"),
    ("text", "alt_base"),
    ("text", "button"),
    ("text", "sidebar"),
    ("text", "card_bg"),
    ("muted", "window"),
    ("muted", "base"),
    ("muted", "alt_base"),
    ("muted", "sidebar"),
    ("muted", "card_bg"),
    ("highlight_text", "highlight"),
    ("link", "base"),
    ("link", "card_bg"),
    ("accent", "card_bg"),
    ("accent", "sidebar"),
    ("badge_text", "badge_bg"),
    ("error_text", "base"),
    ("error_text", "window"),
    ("error_text", "error_bg"),
    ("warning_text", "warning_bg"),
    ("warning_text", "base"),
    ("warning_text", "window"),
    ("success_text", "base"),
    ("success_text", "window"),
    ("overdue_text", "overdue_bg"),
    ("urgent_text", "urgent_bg"),
    ("soon_text", "soon_bg"),
    ("later_text", "later_bg"),
    ("cell_text", "day_bg"),
    ("cell_text", "today_bg"),
    ("cell_text", "day_outside_bg"),
    ("day_outside_text", "day_outside_bg"),
    ("hour_text", "base"),
    *(
        (text, kind)
        for kind in ROLES
        if kind.startswith("kind_")
        for text in ("cell_text", "cancelled_text")
    ),
]

#: the navigation at the left (gui/mainwindow.py, gui/sidebar.py)
SIDEBAR_STYLE = (
    "QListWidget {{ background: {sidebar}; border: none; outline: none; padding: 6px 3px; }}"
    " QListWidget::item {{ padding: 4px 4px; border-radius: 4px; color: {text}; }}"
    " QListWidget::item:selected {{ background: {highlight}; color: {highlight_text}; }}"
)

#: DueItem.urgency -> (background role, text role)
URGENCY_ROLES = {
    "ueberfaellig": ("overdue_bg", "overdue_text"),
    "dringend": ("urgent_bg", "urgent_text"),
    "bald": ("soon_bg", "soon_text"),
    "spaeter": ("later_bg", "later_text"),
}

_STYLE_PROPERTY = "contactdesk_style_template"


class ThemeNotifier(QObject):
    """Tells views that the colours changed (the scheme switched)."""

    sig_changed = Signal(str)
    """The scheme now in use: "light" or "dark"."""


_state: dict[str, str] = {"scheme": "light", "choice": "system"}
_notifier: ThemeNotifier | None = None


def notifier() -> ThemeNotifier:
    global _notifier
    if _notifier is None:
        _notifier = ThemeNotifier()
    return _notifier


def scheme() -> Scheme:
    """The scheme in use."""
    return "dark" if _state["scheme"] == "dark" else "light"


def choice() -> str:
    """What the user chose: "system", "light" or "dark"."""
    return _state["choice"]


def hex_of(role: str, which: Scheme | None = None) -> str:
    light, dark = ROLES[role]
    return dark if (which or scheme()) == "dark" else light


def color(role: str) -> QColor:
    return QColor(hex_of(role))


def brush(role: str) -> QBrush:
    return QBrush(color(role))


def kind_role(kind: str) -> str:
    """The background role of an event kind (unknown kinds look like "Sonstiger Termin")."""
    role = f"kind_{kind}"
    return role if role in ROLES else "kind_sonstiger_termin"


def css(template: str) -> str:
    """A style sheet template with {role} placeholders filled in for the scheme in use."""
    return template.format_map({role: hex_of(role) for role in ROLES})


def set_style(widget: QWidget, template: str) -> None:
    """Style a widget from a template with {role} placeholders (literal braces doubled);
    re-applied when the scheme changes."""
    widget.setProperty(_STYLE_PROPERTY, template)
    widget.setStyleSheet(css(template))


def system_scheme() -> Scheme:
    """What the system asks for (Qt 6.5+: QStyleHints.colorScheme)."""
    app = QGuiApplication.instance()
    if app is None:
        return "light"
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def palette(which: Scheme) -> QPalette:
    """Our palette for Fusion, light or dark."""
    p = QPalette()
    roles = QPalette.ColorRole

    def c(role: str) -> QColor:
        return QColor(hex_of(role, which))

    for qt_role, role in (
        (roles.Window, "window"),
        (roles.WindowText, "text"),
        (roles.Base, "base"),
        (roles.AlternateBase, "alt_base"),
        (roles.Text, "text"),
        (roles.Button, "button"),
        (roles.ButtonText, "text"),
        (roles.BrightText, "error_text"),
        (roles.Highlight, "highlight"),
        (roles.HighlightedText, "highlight_text"),
        (roles.Link, "link"),
        (roles.LinkVisited, "link"),
        (roles.ToolTipBase, "base"),
        (roles.ToolTipText, "text"),
        (roles.PlaceholderText, "muted"),
        (roles.Accent, "accent"),
    ):
        p.setColor(qt_role, c(role))
    border = c("border")
    p.setColor(roles.Mid, border)
    p.setColor(roles.Midlight, c("alt_base"))
    p.setColor(roles.Dark, border.darker(130) if which == "light" else border.darker(150))
    p.setColor(roles.Shadow, QColor("#000000"))
    p.setColor(roles.Light, c("base") if which == "light" else c("button").lighter(130))
    disabled = QPalette.ColorGroup.Disabled
    for qt_role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(disabled, qt_role, c("disabled_text"))
    p.setColor(disabled, roles.Highlight, border)
    return p


def apply(app: QApplication, wanted: str = "system") -> Scheme:
    """Use the palette the user wants ("system" follows the system); re-styles every widget
    styled through `set_style` and tells `notifier()`'s listeners. Returns the scheme in use."""
    _state["choice"] = wanted if wanted in CHOICES else "system"
    which: Scheme = (
        system_scheme()
        if _state["choice"] == "system"
        else ("dark" if wanted == "dark" else "light")
    )
    _state["scheme"] = which
    if app.style().name().lower() != "fusion" and (style := QStyleFactory.create("Fusion")):
        app.setStyle(style)
    app.setPalette(palette(which))
    for widget in QApplication.allWidgets():
        template = widget.property(_STYLE_PROPERTY)
        if isinstance(template, str):
            widget.setStyleSheet(css(template))
    notifier().sig_changed.emit(which)
    return which


def install(app: QApplication, wanted: str = "system") -> Scheme:
    """Apply once at start and follow the system's scheme from then on (when so chosen)."""
    hints = QGuiApplication.styleHints()

    def follow(*_args: object) -> None:
        if _state["choice"] == "system":
            apply(app, "system")

    hints.colorSchemeChanged.connect(follow)
    return apply(app, wanted)


__all__ = [
    "CHOICES",
    "MARGIN",
    "PADDING",
    "ROLES",
    "SIDEBAR_STYLE",
    "SMALL",
    "SPACING",
    "TEXT_PAIRS",
    "URGENCY_ROLES",
    "apply",
    "brush",
    "choice",
    "color",
    "css",
    "hex_of",
    "install",
    "kind_role",
    "notifier",
    "palette",
    "scheme",
    "set_style",
    "system_scheme",
]
