"""The town and who sends the invitations: the fields the welcome dialog and Datei ›
Einstellungen both edit, with their one check and their one way of being saved."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from contactdesk.core import settings as st
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.gui import prompts
from contactdesk.gui.settings import Settings


def form_line(form: QFormLayout, label: str, value: str) -> QLineEdit:
    """A text field in a form, named for screen readers after its label (without "&" and ":")."""
    edit = QLineEdit(value)
    edit.setAccessibleName(label.replace("&", "").rstrip(":"))
    form.addRow(label, edit)
    return edit


class IdentityFields:
    """Town, organiser name, e-mail address and function, added to the caller's forms."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def add_town(self, form: QFormLayout, label: str) -> QLineEdit:
        self.town = form_line(form, label, self.settings.town_name)
        return self.town

    def add_organiser(self, form: QFormLayout, name_label: str) -> None:
        s = self.settings
        self.organiser_name = form_line(form, name_label, s.organiser_name)
        self.organiser_email = form_line(form, _("&E-Mail-Adresse:"), s.organiser_email)
        self.organiser_function = form_line(form, _("&Funktion:"), s.organiser_function)

    def checked_email(self) -> tuple[str, list[str]]:
        """The address as it will be stored, and the problem with it (focused), if any."""
        email = self.organiser_email.text().strip()
        try:
            return st.convert("organiser.email", email), []
        except ValidationError:
            self.organiser_email.setFocus()
            return email, [_("Bitte geben Sie eine gültige E-Mail-Adresse an.")]

    def apply(self, email: str) -> None:
        """Write the fields (inside the caller's `settings.batch()`)."""
        s = self.settings
        s.town_name = self.town.text()
        s.organiser_name = self.organiser_name.text()
        s.organiser_email = email
        s.organiser_function = self.organiser_function.text()


def save_settings(
    parent: QWidget,
    settings: Settings,
    problems: list[str],
    error: QLabel,
    write: Callable[[], str | None],
    *,
    joiner: str = " ",
) -> bool:
    """Show the problems at `error` and keep the dialog open (False); or write the values in
    one batch (`write` returns what the mail settings could not keep), write the settings
    file and say what could not be kept: the values are in use for this session all the same."""
    if problems:
        error.setText(joiner.join(problems))
        error.setVisible(True)
        return False
    with settings.batch():
        note = write()
    settings.sync()
    if notes := [n for n in (note, settings.store_error) if n]:
        prompts.warn(parent, _("Einstellungen"), "\n".join(notes))
    return True


__all__ = ["IdentityFields", "form_line", "save_settings"]
