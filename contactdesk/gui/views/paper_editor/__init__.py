"""The paper editor (Vorlage), one module per section of its form:

- `editor.py`: `PaperEditor`, the coordinator (show, reload, lock, dirty state, save, errors);
- `status.py`: status, workflow buttons, released versions and history;
- `master.py`: Art, Datum, Öffentlichkeit, Einreicher, Federführend, Gegenstand;
- `council.py`: Bearbeitung und Unterschrift, Beschlussvorschlag, Antwort, Haushalt;
- `consultations.py` with `consultation_table.py`: the Beratungsfolge;
- `text.py`: Sachverhalt with writing blocks, Finanzielle Auswirkungen;
- `links.py`, `attachments.py`: Verknüpfungen and Anlagen;
- `workflow.py`: Freigeben, status steps, new version, OParl export;
- `parts.py`: the small builders the sections share.
"""

from contactdesk.gui.views.paper_editor.editor import PaperEditor
from contactdesk.gui.views.paper_editor.workflow import StatusDialog, ask_status
from contactdesk.gui.widgets.typed_choice import ChoiceDialog

__all__ = ["ChoiceDialog", "PaperEditor", "StatusDialog", "ask_status"]
