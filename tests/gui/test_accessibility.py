"""Every control a keyboard reaches has a name a screen reader can say (BITV 2.0)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QDialog,
    QLabel,
    QScrollBar,
    QTabBar,
    QWidget,
)

from contactdesk.gui.dialogs.dated_note import DatedNoteDialog
from contactdesk.gui.dialogs.export_done import ExportDoneDialog
from contactdesk.gui.dialogs.export_options import (
    CalendarExportDialog,
    ContactScopeDialog,
    OrganiserDialog,
)
from contactdesk.gui.dialogs.help import HelpDialog
from contactdesk.gui.dialogs.settings_dialog import SettingsDialog
from contactdesk.gui.dialogs.welcome import WelcomeDialog
from contactdesk.gui.mainwindow import MainWindow
from contactdesk.gui.settings import Settings
from contactdesk.gui.views.agreement_editor import StatusChangeDialog


def has_name(widget: QWidget, labelled: set[int]) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    if id(widget) in labelled:  # a QLabel with this buddy names it
        return True
    proxy = widget.focusProxy()
    return proxy is not None and proxy is not widget and has_name(proxy, labelled)


def unnamed(root: QWidget) -> list[str]:
    labelled = {
        id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None
    }
    found = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy().value == 0 or not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QScrollBar | QTabBar):
            continue  # Qt names these itself (and tabs by their titles)
        if isinstance(widget.parent(), QAbstractScrollArea) and widget.objectName().startswith(
            "qt_"
        ):
            continue
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (viewport, spin box line edit ...)
        parent = widget.parentWidget()
        if parent is not None and not parent.isVisibleTo(root):
            continue
        if not has_name(widget, labelled):
            found.append(
                f"{type(widget).__name__} in {type(parent).__name__} {parent.accessibleName()!r}"
            )
    return found


def test_every_focusable_control_of_every_area_has_a_name(
    make_window: Callable[[], MainWindow],
) -> None:
    window = make_window()
    window.resize(1400, 900)
    problems: dict[str, list[str]] = {}
    for spec in window.specs:
        window.show_area(spec.key)
        area = window.current_area()
        if hasattr(area, "new_item") and spec.new_text:
            area.new_item()  # the editor with its fields
        if missing := unnamed(window):
            problems[spec.key] = sorted(set(missing))
        if hasattr(area, "discard"):
            area.discard()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic_clashes(dialog: QWidget) -> list[str]:
    """Two visible captions or buttons of one dialog that answer to the same Alt+letter."""
    seen: dict[str, list[str]] = {}
    texts = [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisibleTo(dialog)]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.buddy() and w.isVisibleTo(dialog)]
    for text in texts:
        if match := _MNEMONIC.search(text):
            seen.setdefault(match.group(1).lower(), []).append(text)
    return [", ".join(t) for t in seen.values() if len(t) > 1]


def dialogs(tmp_path: Path, settings: Settings) -> list[QDialog]:
    return [
        SettingsDialog(settings),
        WelcomeDialog(settings),
        ContactScopeDialog("Kontakte exportieren", 12, 3, "Lena Müller"),
        CalendarExportDialog(date(2026, 12, 7)),
        OrganiserDialog("Urban", "urban@example.org"),
        ExportDoneDialog(tmp_path / "kontakte.vcf", "12 Kontakte exportiert."),
        HelpDialog(str(tmp_path / "x.sqlite"), str(tmp_path / "x.log")),
        DatedNoteDialog(None, "Freigeben", "M006-2021 freigeben", "&Freigeben"),
        StatusChangeDialog(None, "Kooperationsvereinbarung", "aktiv", "gekuendigt"),
    ]


def test_every_dialog_names_its_controls_and_has_no_mnemonic_clash(
    qtbot: Any, tmp_path: Path, settings: Settings
) -> None:
    problems = []
    for dialog in dialogs(tmp_path, settings):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        name = type(dialog).__name__
        problems += [f"{name}: unnamed {w}" for w in unnamed(dialog)]
        problems += [f"{name}: same Alt key for {c}" for c in mnemonic_clashes(dialog)]
        dialog.reject()
    assert not problems, "\n".join(problems)
