"""Combo boxes of a fixed set of choices (the labels of core/labels.py): built and set the same
way in every editor; an unknown stored value stays visible and is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from contactdesk.core.labels import label
from contactdesk.gui.views.widgets import named


def choice_combo(name: str, items: dict[Any, str], length: int = 12) -> QComboBox:
    """A combo box of the labels of `items` (data: each key's value), `length` characters wide."""
    combo = named(QComboBox(), name)
    for key in items:
        combo.addItem(label(items, key.value), key.value)
    compact(combo, length)
    return combo


def compact(combo: QComboBox, length: int) -> None:
    """Let a combo box shrink to `length` characters: long entries must not widen the editor."""
    combo.setMinimumContentsLength(length)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)


def set_choice(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index < 0 and value is not None:  # an unknown stored value stays visible and is kept
        combo.addItem(str(value), value)
        index = combo.count() - 1
    combo.setCurrentIndex(max(index, 0))
