"""Saving a file that the core writes: where to (the save dialog of pdf_preview, which starts in
the folder used last; the suffix added when the user typed none) and the German answer when the
core refuses or the disk does (`write_or_explain`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from contactdesk.core.errors import ContactdeskError, os_reason
from contactdesk.core.i18n import _
from contactdesk.gui import prompts


def ask_save_target(
    parent: QWidget | None, title: str, suggested: str, filters: str, suffix: str
) -> Path | None:
    """The file to write (with `suffix`, e.g. ".json", when none was typed), or None."""
    from contactdesk.gui.views.pdf_preview import choose_save_path

    chosen = choose_save_path(parent, title, suggested, filters)
    if not chosen:
        return None
    target = Path(chosen)
    return target if target.suffix else target.with_suffix(suffix)


def write_or_explain(
    parent: QWidget | None, target: Path, write: Callable[[], object], title: str
) -> bool:
    """Run `write` (which writes `target`); on failure say why in German and return False."""
    try:
        write()
    except ContactdeskError as exc:
        prompts.show_error(parent, exc.message, title)
        return False
    except OSError as exc:
        prompts.show_error(
            parent,
            _("Die Datei „{name}“ kann nicht geschrieben werden ({reason}).").format(
                name=target.name, reason=os_reason(exc)
            ),
            title,
        )
        return False
    return True
