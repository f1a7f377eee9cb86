"""Where to save a file that the core writes: the save dialog of pdf_preview (which starts in the
folder used last), with the suffix added when the user typed none. The writing itself goes
through `prompts.file_step`, which answers a failure in German."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget


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
