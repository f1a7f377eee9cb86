"""The navigation's look: a line icon per area (resources/icons/areas/*.svg, in the theme's
text colour) and a count beside the areas that have something waiting.

The counts come from one core call (core/services/dashboard.py `nav_counts`); the main window
asks after every change (Ops' change notification) and hands them to `set_counts`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from contactdesk.core.i18n import N_, _
from contactdesk.gui import theme

log = logging.getLogger(__name__)
ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons" / "areas"
ICON_SIZE = 20
#: the count of an item (int; 0: none shown)
CountRole = Qt.ItemDataRole.UserRole + 1
#: area key -> (the NavCounts field, singular, plural) for the accessible name and tool tip
COUNTS: dict[str, tuple[str, str, str]] = {
    "dashboard": ("today", N_("1 Termin heute"), N_("{n} Termine heute")),
    "agreements": ("deadlines", N_("1 Frist fällig"), N_("{n} Fristen fällig")),
    "events": ("waiting", N_("1 offene Antwort"), N_("{n} offene Antworten")),
    "sessions": (
        "papers",
        N_("1 Vorlage vor der Abgabefrist"),
        N_("{n} Vorlagen vor der Abgabefrist"),
    ),
}


def _pixmap(svg: str, colour: str, size: int, ratio: float) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.replace(theme.ICON_PLACEHOLDER, colour).encode()))
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def area_icon(key: str, ratio: float = 2.0) -> QIcon:
    """The area's icon in the theme's text colour (white-on-highlight when selected); an empty
    icon for an area without one."""
    path = ICONS / f"{key}.svg"
    if not path.is_file():
        return QIcon()
    try:
        import PySide6.QtSvg  # noqa: F401  (a build without it shows the titles alone)
    except ImportError:
        log.warning("QtSvg missing: the navigation shows no icons")
        return QIcon()
    svg = path.read_text(encoding="utf-8")
    icon = QIcon()
    icon.addPixmap(_pixmap(svg, theme.hex_of("text"), ICON_SIZE, ratio), QIcon.Mode.Normal)
    icon.addPixmap(
        _pixmap(svg, theme.hex_of("highlight_text"), ICON_SIZE, ratio), QIcon.Mode.Selected
    )
    icon.addPixmap(
        _pixmap(svg, theme.hex_of("disabled_text"), ICON_SIZE, ratio), QIcon.Mode.Disabled
    )
    return icon


def count_words(key: str, n: int) -> str:
    """ "3 offene Antworten" for the events area; "" when there is nothing to say."""
    if key not in COUNTS or n <= 0:
        return ""
    _field, one, many = COUNTS[key]
    return _(one) if n == 1 else _(many).format(n=n)


class NavDelegate(QStyledItemDelegate):
    """Paints the item as usual and its count as a small badge at the right; draws the icons
    anew when the scheme changes (a slot of this object: disconnected when the list goes)."""

    def __init__(self, nav: QListWidget, keys: list[str]) -> None:
        super().__init__(nav)
        self._nav = nav
        self._keys = keys

    def on_theme_changed(self, _scheme: str = "") -> None:
        refresh_icons(self._nav, self._keys)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), ICON_SIZE + 2 * theme.SPACING))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        count = index.data(CountRole)
        if not count:
            super().paint(painter, option, index)
            return
        text = str(count) if int(count) < 100 else "99+"
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.save()
        painter.setFont(font)
        width = max(painter.fontMetrics().horizontalAdvance(text) + 10, 18)
        height = painter.fontMetrics().height() + 4
        rect = option.rect
        badge = QRectF(
            rect.right() - width - theme.SMALL,
            rect.center().y() - height / 2 + 0.5,
            width,
            height,
        )
        painter.restore()
        narrowed = QStyleOptionViewItem(option)
        narrowed.rect = rect.adjusted(0, 0, -(width + theme.SMALL), 0)
        # the selection background spans the whole row; the text stops before the badge
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(rect, theme.color("highlight"))
        super().paint(painter, narrowed, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.color("highlight_text" if selected else "badge_bg"))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(theme.color("highlight" if selected else "badge_text"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


def install(nav: QListWidget, keys: list[str]) -> None:
    """Icons, the count badge and the sidebar's colours on the navigation list."""
    delegate = NavDelegate(nav, keys)
    nav.setItemDelegate(delegate)
    nav.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
    nav.setSpacing(1)
    nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    nav.setTextElideMode(Qt.TextElideMode.ElideRight)
    theme.set_style(nav, theme.SIDEBAR_STYLE)
    refresh_icons(nav, keys)
    theme.notifier().sig_changed.connect(delegate.on_theme_changed)


def refresh_icons(nav: QListWidget, keys: list[str]) -> None:
    ratio = nav.devicePixelRatioF() or 1.0
    for row, key in enumerate(keys):
        if (item := nav.item(row)) is not None:
            item.setIcon(area_icon(key, max(ratio, 1.0)))


__all__ = [
    "COUNTS",
    "ICONS",
    "CountRole",
    "NavDelegate",
    "area_icon",
    "count_words",
    "install",
    "refresh_icons",
]
