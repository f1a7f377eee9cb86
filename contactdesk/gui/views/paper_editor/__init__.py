"""The paper editor (Vorlage), one module per section of its form:

- `editor.py`: `PaperEditor`, the coordinator (show, reload, lock, dirty state, save, errors);
- `status.py`: status, workflow buttons, released versions and history;
- `master.py`: Art, Datum, Öffentlichkeit, Einreicher, Federführend, Gegenstand;
- `council.py`: Bearbeitung und Unterschrift, Beschlussvorschlag, Antwort, Haushalt;
- `consultations.py` with `consultation_table.py`: the Beratungsfolge;
- `text.py`: Sachverhalt with writing blocks, Finanzielle Auswirkungen;
- `links.py`, `attachments.py`: Verknüpfungen and Anlagen;
- `workflow.py`: Freigeben, status steps, new version, OParl export;
- `parts.py`: what the sections share (`Section`, boxes, buttons).

Their questions go through `gui/prompts.py` (`choose_one`, `ask_dated_note`, `confirm`,
`choose_documents`) and `gui/widgets/contact_picker.pick_contact`: tests answer them there.
"""

from contactdesk.gui.views.paper_editor.editor import PaperEditor

__all__ = ["PaperEditor"]
