"""The status workflow of the paper editor: Freigeben (the PDF rendered and stored as the next
version, in the background), the other status steps, "Neue Fassung bearbeiten" and the OParl
export. Each asks its date and note through `prompts.ask_dated_note` and runs through
Ops with the undo commands of core/undo_papers.py."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from contactdesk.core.changes import PAPER_KINDS
from contactdesk.core.errors import ValidationError
from contactdesk.core.i18n import N_, _
from contactdesk.core.models import PaperStatus
from contactdesk.core.services import papers as ps
from contactdesk.core.undo_papers import released_paper, status_step
from contactdesk.gui import prompts
from contactdesk.gui.ops import Change
from contactdesk.gui.widgets.save_target import ask_save_target

if TYPE_CHECKING:
    from contactdesk.gui.views.paper_editor.editor import PaperEditor

PS = PaperStatus
#: released states whose fields "Neue Fassung bearbeiten" opens again
EDITABLE_RELEASED = (PS.FREIGEGEBEN.value, PS.IN_BERATUNG.value)

#: The button text of each target status (what the user does).
STATUS_VERBS = {
    PS.ENTWURF.value: N_("Zurück zum Entwurf"),
    PS.FREIGEGEBEN.value: N_("Freigeben"),
    PS.IN_BERATUNG.value: N_("In Beratung geben"),
    PS.ZUR_KENNTNIS_GENOMMEN.value: N_("Zur Kenntnis genommen"),
    PS.BESCHLOSSEN.value: N_("Beschlossen"),
    PS.ZURUECKGEZOGEN.value: N_("Zurückziehen"),
}


def unlock(editor: PaperEditor) -> None:
    """Open a released paper's fields for a new version (the stored PDF stays)."""
    if editor.loaded is None or editor.loaded.status not in EDITABLE_RELEASED:
        return
    editor.unlocked = True
    editor.apply_lock()
    editor.master.subject.setFocus()


def release(editor: PaperEditor) -> bool:
    """Freigeben: store the PDF as the next version; show the core's warnings."""
    if editor.paper_id is None or not editor.confirm_leave():
        return False
    loaded = editor.loaded
    assert loaded is not None
    pid, ref, status = editor.paper_id, loaded.reference, loaded.status
    first = status == PS.ENTWURF.value
    answer = prompts.ask_dated_note(
        editor,
        _("Vorlage freigeben"),
        _("{ref} freigeben: das PDF wird als Fassung {n} gespeichert.").format(
            ref=ref, n=len(loaded.versions) + 1
        ),
        _("Freigeben"),
        _("Eine gespeicherte Fassung wird nie mehr verändert.")
        if first
        else _("Die bisherigen Fassungen bleiben erhalten."),
    )
    if answer is None:
        return False
    on_date, note = answer
    # the PDF is rendered and stored in the background (the runner's progress dialog);
    # one step that cannot be stopped halfway, so no "Abbrechen"
    result = editor.ops.run_in_background(
        lambda s, _progress: ps.release_paper(s, pid, on_date=on_date, note=note),
        title=_("Vorlage freigeben"),
        label=_("Das PDF wird erzeugt und als Fassung gespeichert …"),
        command=(lambda r: released_paper(pid, ref, on_date, note)) if first else None,
        on_done=lambda r: Change.of(
            _("{ref}: Fassung {n} freigegeben.").format(ref=ref, n=r.version.version),
            PAPER_KINDS,
        ),
        cancellable=False,
        parent=editor,
    )
    if not result.ok:
        if isinstance(result.error, ValidationError):
            editor.show_errors(result.error.fields)
        return False
    assert result.value is not None
    editor.unlocked = False
    editor.reload(keep_edits=False)
    editor.show_warnings(result.value.warnings)
    return True


def change_status(editor: PaperEditor, to_status: str) -> bool:
    """A step of the workflow; "freigegeben" goes through release()."""
    if to_status == PS.FREIGEGEBEN.value:
        return release(editor)
    if editor.paper_id is None or not editor.confirm_leave():
        return False
    loaded = editor.loaded
    assert loaded is not None
    pid, ref, from_status = editor.paper_id, loaded.reference, loaded.status
    verb = _(STATUS_VERBS.get(to_status, to_status))
    info = (
        _(
            "Die freigegebenen Fassungen bleiben erhalten; eine neue Freigabe wird Fassung {n}."
        ).format(n=len(loaded.versions) + 1)
        if to_status == PS.ENTWURF.value
        else _("Rückgängig machen mit Strg+Z.")
    )
    answer = prompts.ask_dated_note(
        editor,
        verb,
        _("{ref}: {old} → {new}").format(
            ref=ref,
            old=_(ps.STATUS_LABELS.get(from_status, from_status)),
            new=_(ps.STATUS_LABELS.get(to_status, to_status)),
        ),
        verb,
        info,
    )
    if answer is None:
        return False
    on_date, note = answer
    result = editor.ops.run(
        lambda s: ps.change_status(s, pid, to_status, on_date=on_date, note=note),
        command=lambda d: status_step(pid, ref, to_status, on_date, note),
        message=lambda d: _("{ref}: Status {status}.").format(ref=ref, status=_(d.status_label)),
        kinds=PAPER_KINDS,
    )
    if result.ok:
        editor.unlocked = False
        editor.reload(keep_edits=False)
    return result.ok


def export_oparl(editor: PaperEditor) -> Path | None:
    """Save the paper with its sessions as OParl 1.1 JSON (atomic write by the core)."""
    pid = editor.paper_id
    if pid is None or editor.loaded is None:
        return None
    target = ask_save_target(
        editor,
        _("Für Ratsinformationssystem exportieren (OParl)"),
        f"{editor.loaded.reference}-oparl.json",
        _("OParl-JSON (*.json);;Alle Dateien (*)"),
        ".json",
    )
    if target is None:
        return None
    return prompts.file_step(
        editor,
        _("OParl-Export"),
        lambda: editor.ops.read(lambda s: ps.export_oparl(s, pid, target)),
        lambda reason: _("Die Datei „{name}“ kann nicht geschrieben werden ({reason}).").format(
            name=target.name, reason=reason
        ),
    )
