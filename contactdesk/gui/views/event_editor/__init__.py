"""The event editor (Termine), one module per part:

- editor.py: EventEditor — the writes (save, series, cancel, delete, participants) on top of
- view.py: EventView — header, tabs, notices, button bar, the open event and its baseline;
- form.py: the first tab (the event's fields) and to_qdatetime/from_qdatetime;
- participants.py: the second tab (participants table, answers, outcome and tasks);
- lists.py: the third tab (agenda, linked organisations and agreements);
- recurrence.py: the repetition form; tasks.py: the rows of results and tasks.
"""

from __future__ import annotations

from contactdesk.gui.views.event_editor.editor import EventEditor
from contactdesk.gui.views.event_editor.form import EventForm, from_qdatetime, to_qdatetime
from contactdesk.gui.views.event_editor.recurrence import RecurrenceEditor

__all__ = ["EventEditor", "EventForm", "RecurrenceEditor", "from_qdatetime", "to_qdatetime"]
