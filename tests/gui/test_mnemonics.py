"""Alt+letter reaches one thing: no two entries of one menu share their mnemonic."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMenu

from contactdesk.core import i18n
from contactdesk.gui.mainwindow import MainWindow

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    match = _MNEMONIC.search(text)
    return match.group(1).lower() if match else None


def clashes(menu: QMenu) -> list[str]:
    seen: dict[str, list[str]] = defaultdict(list)
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        key = mnemonic(action.text())
        if key:
            seen[key].append(action.text())
    found = [f"{menu.title()}: {', '.join(texts)}" for texts in seen.values() if len(texts) > 1]
    for action in menu.actions():
        if action.menu() is not None:
            found += clashes(action.menu())
    return found


@pytest.mark.parametrize("language", ["de", "en"])
def test_no_mnemonic_clash_in_any_menu(
    language: str, make_window: Callable[[], MainWindow]
) -> None:
    i18n.set_language(language)
    try:
        window = make_window()
    finally:
        i18n.set_language("de")
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert menus
    top = defaultdict(list)
    for menu in menus:
        if key := mnemonic(menu.title()):
            top[key].append(menu.title())
    found = [", ".join(t) for t in top.values() if len(t) > 1]
    for menu in menus:
        found += clashes(menu)
    assert not found, "mnemonic clashes:\n" + "\n".join(found)
