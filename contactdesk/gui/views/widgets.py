"""Small building blocks for editors: error marking, optional dates, lists of editable rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from contactdesk.core.i18n import _
from contactdesk.gui import theme
from contactdesk.gui.widgets.datetime_entry import DateEntry, DateTimeEntry

DATE_FORMAT = "dd.MM.yyyy"
DATETIME_FORMAT = "dd.MM.yyyy HH:mm"
ERROR_STYLE = "color: {error_text};"
#: Applied once on an editor (a theme.set_style template); marks fields whose property
#: "invalid" is true.
INVALID_STYLESHEET = (
    'QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"], '
    'QDateTimeEdit[invalid="true"], QPlainTextEdit[invalid="true"] '
    "{{ border: 2px solid {error_border}; background: {error_bg}; color: {text}; }}"
)


def named(widget: Any, name: str, tip: str = "") -> Any:
    """Give a control its accessible name (and a tool tip); returns the widget."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


def line_edit(name: str, placeholder: str = "") -> QLineEdit:
    edit = named(QLineEdit(), name)
    edit.setPlaceholderText(placeholder)
    return edit


def error_label() -> QLabel:
    label = QLabel()
    theme.set_style(label, ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setAccessibleName(_("Fehlermeldung"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def form_layout(parent: QWidget) -> QFormLayout:
    """A form whose fields grow with the window and whose captions sit right-aligned; in a
    narrow window (1024×768) a field that does not fit beside its caption goes below it
    instead of pushing the form sideways out of view."""
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return form


def field_with_error(
    form: QFormLayout, text: str, widget: QWidget, buddy: QWidget | None = None
) -> QLabel:
    """Add a labelled field with an error line below it; returns the error label."""
    box = QWidget()
    v = QVBoxLayout(box)
    v.setContentsMargins(0, 0, 0, 0)
    v.setSpacing(1)
    v.addWidget(widget)
    err = error_label()
    v.addWidget(err)
    if isinstance(widget, DateTimeEntry):  # what is wrong with a typed date, as it is typed

        def show_error(message: str) -> None:
            err.setText(message)
            err.setVisible(bool(message))

        widget.sig_error_changed.connect(show_error)
    caption = QLabel(text)
    caption.setBuddy(buddy or widget)
    form.addRow(caption, box)
    return err


def heading_label(accessible_name: str, scale: float = 1.35) -> QLabel:
    """The bold, larger title line at the top of an editor or a page."""
    label = QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(accessible_name)
    return label


def mark_invalid(widget: QWidget, message: str | None) -> None:
    """Highlight a field (or clear the highlight) and tell screen readers why."""
    invalid = bool(message)
    if widget.property("invalid") == invalid:
        if invalid:
            widget.setToolTip(message or "")
        return
    widget.setProperty("invalid", invalid)
    widget.setToolTip(message or "")
    widget.setAccessibleDescription(message or "")
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


#: the editors' date field (see gui/widgets/datetime_entry.py); `optional` allows "empty"
DateEdit = DateEntry


def first_unreadable_entry(container: QWidget) -> DateTimeEntry | None:
    """The first date field inside `container` whose text cannot be read, or None."""
    for entry in container.findChildren(DateTimeEntry):
        if entry.isVisible() and not entry.has_acceptable_input():
            return entry
    return None


class PlaceKeeper:
    """Where the user stood in an editor: the scroll position, the focused field and its
    cursor. Taken before a save rebuilds the form and given back after it, so the form does
    not jump to the top and no field's text ends up selected (the next key would replace it).
    """

    def __init__(self, root: QWidget, scroll: QAbstractScrollArea | None) -> None:
        self._root = root
        self._scroll = scroll
        self._value = scroll.verticalScrollBar().value() if scroll is not None else 0
        focus = root.focusWidget() if root.isAncestorOf(root.focusWidget() or root) else None
        chain = self._chain()
        self._index = chain.index(focus) if focus in chain else -1
        self._cursor = focus.cursorPosition() if isinstance(focus, QLineEdit) else None

    def _chain(self) -> list[QWidget]:
        return [
            w
            for w in self._root.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(self._root)
        ]

    def restore(self) -> None:
        if self._scroll is not None:
            self._scroll.verticalScrollBar().setValue(self._value)
        if self._index < 0:
            return
        chain = self._chain()
        if self._index >= len(chain):
            return
        target = chain[self._index]
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(target, QLineEdit):
            target.deselect()
            if self._cursor is not None:
                target.setCursorPosition(min(self._cursor, len(target.text())))


def has_pending_dates(container: QWidget) -> bool:
    """True while a date field inside `container` holds typing that is not its value yet
    (an editor counts that as unsaved input, so it is never dropped without a question)."""
    return any(e.has_pending_text() for e in container.findChildren(DateTimeEntry))


def refuse_unreadable_dates(container: QWidget) -> bool:
    """Before saving: True (and the field focused, its German message shown) when a date
    field holds text that is no date — saving would otherwise keep its older value."""
    entry = first_unreadable_entry(container)
    if entry is None:
        return False
    entry.setFocus(Qt.FocusReason.OtherFocusReason)
    entry.selectAll()
    QToolTip.showText(entry.mapToGlobal(entry.rect().bottomLeft()), entry.error(), entry)
    return True


def watch(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call `callback` whenever the user changes any input inside `widget`."""
    targets = [widget, *widget.findChildren(QWidget)]

    def notify(*_args: object) -> None:
        callback()

    for w in targets:
        if w.property("_watched"):
            continue
        if isinstance(w, DateTimeEntry):  # a new value, and typing not yet confirmed
            w.dateTimeChanged.connect(notify)
            w.textEdited.connect(notify)
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox | QAbstractSpinBox):
            w.textChanged.connect(notify)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(notify)
            if w.isEditable():
                w.editTextChanged.connect(notify)
        elif isinstance(w, QDateTimeEdit):  # QDateEdit too
            w.dateTimeChanged.connect(notify)
        elif isinstance(w, QCheckBox):
            w.toggled.connect(notify)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(notify)
        else:
            continue
        w.setProperty("_watched", True)


class RowWidget(QFrame):
    """One editable item of a RowList (an e-mail, a role ...)."""

    sig_remove_requested = Signal(object)
    """The user clicked this row's remove button."""

    def __init__(self, remove_name: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 2, 0, 2)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.remove_button = QToolButton()
        self.remove_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_DialogDiscardButton)
        )
        named(self.remove_button, remove_name, remove_name)
        self.remove_button.clicked.connect(lambda: self.sig_remove_requested.emit(self))
        self.error = error_label()

    def finish(self, columns: int, rows: int = 1) -> None:
        """Place the remove button right of the first line and the error line below."""
        self.grid.addWidget(self.remove_button, 0, columns, Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(self.error, rows, 0, 1, columns + 1)

    # to implement ------------------------------------------------------
    def value(self) -> Any | None:
        """The row's data, or None when the row is empty (it is then left out)."""
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def primary(self) -> QWidget:
        """The field to highlight and focus for an error of this row."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        mark_invalid(self.primary(), message)

    def focus_chain(self) -> list[QWidget]:
        widgets = [
            w
            for w in self.findChildren(QWidget)
            if isinstance(w, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractButton)
            and w is not self.remove_button
            and self._placed_here(w)
            and not isinstance(w.parent(), QComboBox | QAbstractSpinBox)
        ]
        return [*self._ordered(widgets), self.remove_button]

    def _placed_here(self, widget: QWidget) -> bool:
        """False for parts of pop-ups (a date field's calendar is a window of its own)."""
        current: QWidget | None = widget
        while current is not None and current is not self:
            if current.isWindow():
                return False
            current = current.parentWidget()
        return current is self

    def _ordered(self, widgets: Sequence[QWidget]) -> list[QWidget]:
        # Grid order (row, column) is the visual order even before the widget was shown.
        def key(w: QWidget) -> tuple[int, int]:
            idx = self.grid.indexOf(w)
            if idx < 0:
                parent = w.parentWidget()
                idx = self.grid.indexOf(parent) if parent is not None else -1
            if idx < 0:
                return (99, 99)
            # (row, column, row span, column span)
            place: tuple[int, int, int, int] = self.grid.getItemPosition(idx)  # type: ignore[assignment]  # PySide6 stubs say object
            return (place[0], place[1])

        return sorted(widgets, key=key)


class RowList(QWidget):
    """A vertical list of RowWidgets with an add button; empty rows are left out of values()."""

    sig_edited = Signal()
    """Rows were added or removed, or a field in a row changed."""

    def __init__(self, factory: Callable[[], RowWidget], add_text: str, name: str) -> None:
        super().__init__()
        self._factory = factory
        self._rows: list[RowWidget] = []
        self._collected: list[RowWidget] = []
        self.setAccessibleName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(2)
        layout.addLayout(self._rows_layout)
        self.error = error_label()
        layout.addWidget(self.error)
        bar = QHBoxLayout()
        self.add_button = named(QPushButton(add_text), add_text)
        self.add_button.setIcon(QIcon.fromTheme("list-add"))
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        layout.addLayout(bar)

    @property
    def rows(self) -> list[RowWidget]:
        return list(self._rows)

    def add_row(self, value: Any = None, *, focus: bool = False) -> RowWidget:
        row = self._factory()
        if value is not None:
            row.set_value(value)
        row.sig_remove_requested.connect(self._remove)
        watch(row, self.sig_edited.emit)
        self._rows.append(row)
        self._rows_layout.addWidget(row)
        row.show()  # the layout would only show it from the event loop
        self.sig_edited.emit()
        if focus:
            row.primary().setFocus()
        return row

    def _remove(self, row: RowWidget) -> None:
        index = self._rows.index(row)
        self._rows.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.sig_edited.emit()
        if self._rows:
            self._rows[min(index, len(self._rows) - 1)].primary().setFocus()
        else:
            self.add_button.setFocus()

    def set_values(self, values: list[Any]) -> None:
        for row in self._rows:
            row.setParent(None)
            row.deleteLater()
        self._rows = []
        self._collected = []
        for value in values:
            self.add_row(value)
        self.clear_errors()

    def values(self) -> list[Any]:
        """Data of the non-empty rows; error indices of the core refer to this list."""
        result = []
        self._collected = []
        for row in self._rows:
            value = row.value()
            if value is not None:
                result.append(value)
                self._collected.append(row)
        return result

    def set_item_error(self, index: int, message: str) -> QWidget | None:
        if 0 <= index < len(self._collected):
            row = self._collected[index]
            row.set_error(message)
            return row.primary()
        self.set_error(message)
        return self.add_button

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))

    def clear_errors(self) -> None:
        self.set_error(None)
        for row in self._rows:
            row.set_error(None)

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for row in self._rows:
            chain += row.focus_chain()
        return [*chain, self.add_button]
