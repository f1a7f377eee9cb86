"""Worker processes for the concurrency tests: each is a separate desk with its own login."""

from __future__ import annotations

import dataclasses
import time
from typing import Any


def save_notes(url: str, contact_id: int, text: str, barrier: Any, out: Any) -> None:
    """Read the contact, wait until the other desk has read it too, then save notes."""
    from contactdesk.core.db import open_database
    from contactdesk.core.services import contacts as cs
    from contactdesk.core.team.versions import VersionConflictError

    database = open_database(url)
    try:
        with database.session() as s:
            shown = cs.get_contact(s, contact_id)
        barrier.wait(timeout=60)
        mine = dataclasses.replace(shown, notes=text)
        try:
            with database.session() as s:
                cs.update_contact(s, contact_id, mine, expected_version=shown.row_version)
            out.put(("saved", database.user_name, text))
        except VersionConflictError as exc:
            out.put(("conflict", database.user_name, exc.message, mine.notes))
    finally:
        database.dispose()


def alternate_edits(
    url: str, contact_id: int, turn: int, rounds: int, turns: Any, done: Any
) -> None:
    """Take every other turn: read the newest version and save a numbered note."""
    from contactdesk.core.db import open_database
    from contactdesk.core.services import contacts as cs

    database = open_database(url)
    try:
        for n in range(rounds):
            step = 2 * n + turn
            while turns.value != step:
                time.sleep(0.001)
            with database.session() as s:
                data = cs.get_contact(s, contact_id)
                cs.update_contact(
                    s,
                    contact_id,
                    dataclasses.replace(data, notes=f"Schritt {step}"),
                    expected_version=data.row_version,
                )
            turns.value = step + 1
        done.put(database.user_name)
    finally:
        database.dispose()
