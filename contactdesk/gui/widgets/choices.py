"""Combo boxes of a fixed set of choices (the labels of core/labels.py): built and set the same
way in every editor; an unknown stored value stays visible and is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from contactdesk.core.labels import label
from contactdesk.gui.views.widgets import named


def choice_combo(name: str, items: dict[Any, str]) -> QComboBox:
    combo = named(QComboBox(), name)
    for key in items:
        combo.addItem(label(items, key.value), key.value)
    combo.setMinimumContentsLength(12)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def set_choice(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index < 0 and value is not None:  # an unknown stored value stays visible and is kept
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
