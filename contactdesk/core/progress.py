"""How long work in the core reports progress and learns that the user cancelled (Qt-free).

The caller (the window's runner in gui/ops.py, or a test) passes a `Progress` callback; the core
calls it between steps -- after each file of an import, each batch of pages of a backup, each
mail sent. The callback raises `Cancelled` when the user pressed "Abbrechen"; the core lets it
propagate after removing what it had started (a temporary file; the caller rolls back the
session), so a cancelled action leaves nothing half written.

Older callbacks return False instead of raising; `report` accepts both forms, so a core loop
calls `advance(progress, done, total, text)` and never checks a return value itself.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled long work; nothing of it was written."""


class Progress(Protocol):
    def __call__(self, done: int, total: int, text: str = "") -> object:
        """`done` of `total` steps (total 0: unknown); `text` says what is being done now.

        Raises Cancelled when the user cancelled (an older callback returns False instead)."""
        ...


def advance(
    progress: Progress | None,
    done: int,
    total: int,
    text: str = "",
    *,
    error: type[Cancelled] = Cancelled,
) -> None:
    """Tell `progress` about a step; raise `error` (a Cancelled) if the user cancelled.

    `error` lets an area raise its own subclass with its own German message (for example
    ImportCancelled: "nichts geändert"), whichever form of callback cancelled."""
    if progress is None:
        return
    try:
        answer = progress(done, total, text) if text else progress(done, total)
    except Cancelled as exc:
        if isinstance(exc, error):
            raise
        raise error() from None
    if answer is False:
        raise error()
