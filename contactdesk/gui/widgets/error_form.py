"""A form of an editor's section whose fields can show an error below them.

`ErrorForm.row` adds a captioned field with its error line and notes which error keys of a
`ValidationError` ("title", "notice_to" ...) it shows and which widget each marks; `fields`
is then what `EditorBase._field_widgets` wants. `plain` adds a captioned field without one.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QLabel, QWidget

from contactdesk.gui.views.widgets import field_with_error, form_layout

#: an error key -> the widget marked invalid and the label below it that says why (or None)
FieldErrors = dict[str, tuple[QWidget, QLabel | None]]


class ErrorForm:
    """The form layout of `parent` (captions right-aligned, narrow windows wrap)."""

    def __init__(self, parent: QWidget) -> None:
        self.layout = form_layout(parent)
        self.fields: FieldErrors = {}

    def row(
        self,
        caption: str,
        widget: QWidget,
        key: str = "",
        *,
        marks: Mapping[str, QWidget] | None = None,
    ) -> QLabel:
        """A captioned field with an error line below; `key` names the error shown there (it
        marks `widget`), `marks` several errors shown there and the widget each marks. Returns
        the error line."""
        error = field_with_error(self.layout, caption, widget)
        if key:
            self.fields[key] = (widget, error)
        for name, marked in (marks or {}).items():
            self.fields[name] = (marked, error)
        return error

    def plain(self, caption: str, widget: QWidget, buddy: QWidget | None = None) -> None:
        """A captioned field without an error line; the caption's Alt key focuses `buddy`
        (default: the field)."""
        label = QLabel(caption)
        label.setBuddy(buddy or widget)
        self.layout.addRow(label, widget)
