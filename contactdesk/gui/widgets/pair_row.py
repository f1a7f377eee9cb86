"""A row of a row list with one main field and a smaller one beside it (3 : 1): an e-mail
address or phone number with its label, a party with its role."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from contactdesk.gui.views.widgets import RowWidget


class PairRow(RowWidget):
    """`main` takes three quarters of the line, `side` one; the remove button follows."""

    def __init__(self, remove_name: str, main: QWidget, side: QWidget) -> None:
        super().__init__(remove_name)
        self.grid.addWidget(main, 0, 0)
        self.grid.addWidget(side, 0, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 1)
        self.finish(2)
