"""Import and export with Outlook and other programs, for the main window.

`Exchange` owns the actions of Datei › Importieren … and Datei › Exportieren ▸, the context
menus of the contact list and the schedule, and dropping files on the window. The main window
only creates one `Exchange` and calls `install(file_menu)`.

Reading, writing and exports all run through the one runner (`Ops.run_in_background`: worker
thread, own session, progress, cancel); the core writes files atomically. Exchange holds only
what it needs: the runner, a parent widget (also the drop target), the window's areas and
settings. One subject per module (the public names are re-exported here):

- base.py            the action keys, the shared state and helpers (`ExchangeBase`);
- importing.py       the import with preview, dropping files and Outlook items (`ImportFlow`);
- contact_export.py  vCard, vCard ZIP and Outlook CSV (`ContactExports`);
- calendar_export.py calendar, event, invitation, cancellation, e-mail, sending
                     (`CalendarExports`);
- menus.py           `Exchange`: the actions, the export menu and the context menus.
"""

from contactdesk.gui.exchange.base import (
    CALENDAR,
    CANCELLATION,
    CSV,
    EMAIL,
    EVENT_ICS,
    IMPORT,
    INVITATION,
    SEND,
    SEND_CANCEL,
    VCARD,
    VCARD_ZIP,
    ExchangeBase,
    file_slug,
    german_file_list,
)
from contactdesk.gui.exchange.importing import ImportOutcome, import_change, import_filter
from contactdesk.gui.exchange.menus import Exchange

__all__ = [
    "CALENDAR",
    "CANCELLATION",
    "CSV",
    "EMAIL",
    "EVENT_ICS",
    "IMPORT",
    "INVITATION",
    "SEND",
    "SEND_CANCEL",
    "VCARD",
    "VCARD_ZIP",
    "Exchange",
    "ExchangeBase",
    "ImportOutcome",
    "file_slug",
    "german_file_list",
    "import_change",
    "import_filter",
]
