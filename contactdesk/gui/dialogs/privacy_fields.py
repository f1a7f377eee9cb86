"""The *Datenschutz* tab of the settings dialog: the town as controller, its data protection
officer and the storage period per purpose, kept in the shared settings store (`privacy.*`)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox, QWidget

from contactdesk.core import settings as st
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import _
from contactdesk.core.labels import CONSENT_PURPOSE, label

TEXT_KEYS = ("privacy.controller", "privacy.dpo_name", "privacy.dpo_email")
PURPOSES = ("kontaktdaten", "einladungen", "vorlagen", "veroeffentlichung")


class PrivacyFields(QWidget):
    """Reads the values when built; `problems()` before `apply()` (the caller saves)."""

    def __init__(self, store: st.Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        form = QFormLayout(self)
        self.texts: dict[str, QLineEdit] = {}
        captions = (
            _("&Verantwortliche Stelle:"),
            _("Datenschutz&beauftragte/r:"),
            _("E-Mail der/des D&atenschutzbeauftragten:"),
        )
        for key, caption in zip(TEXT_KEYS, captions, strict=True):
            edit = QLineEdit(store.get(key))
            edit.setAccessibleName(_(st.KEYS[key].description))
            form.addRow(caption, edit)
            self.texts[key] = edit
        self.texts["privacy.controller"].setPlaceholderText(
            _("z. B. Stadt Weißwasser/O.L., Marktplatz 1, 02943 Weißwasser")
        )
        self.months: dict[str, QSpinBox] = {}
        for purpose in PURPOSES:
            key = f"privacy.retention.{purpose}"
            spin = QSpinBox()
            spin.setRange(st.KEYS[key].minimum or 1, st.KEYS[key].maximum or 600)
            spin.setSuffix(_(" Monate"))
            spin.setValue(store.get(key))
            spin.setAccessibleName(_(st.KEYS[key].description))
            form.addRow(
                _("Speicherdauer „{purpose}“:").format(purpose=label(CONSENT_PURPOSE, purpose)),
                spin,
            )
            self.months[key] = spin

    def values(self) -> dict[str, object]:
        found: dict[str, object] = {k: e.text().strip() for k, e in self.texts.items()}
        found.update({k: s.value() for k, s in self.months.items()})
        return found

    def problems(self) -> list[str]:
        found = []
        for key, value in self.values().items():
            try:
                st.convert(key, value)
            except ValidationError as exc:
                found.append(exc.message)
        return found

    def apply(self) -> None:
        for key, value in self.values().items():
            self.store.set(key, value)
