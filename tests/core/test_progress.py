"""The core's progress protocol: a callback reports steps and cancels by raising Cancelled."""

from __future__ import annotations

import pytest

from contactdesk.core.db import BackupCancelled
from contactdesk.core.progress import Cancelled, advance


def test_no_callback_is_no_step() -> None:
    advance(None, 1, 2, "x")  # nothing to tell, nothing raised


def test_the_callback_hears_done_total_and_text() -> None:
    heard: list[tuple[int, int, str]] = []
    advance(lambda d, t, text="": heard.append((d, t, text)), 3, 7, "Datei a.vcf")
    assert heard == [(3, 7, "Datei a.vcf")]


def test_a_raised_cancel_becomes_the_callers_own_error() -> None:
    def cancel(done: int, total: int, text: str = "") -> None:
        raise Cancelled

    with pytest.raises(BackupCancelled):
        advance(cancel, 1, 2, error=BackupCancelled)


def test_an_older_callback_cancels_by_returning_false() -> None:
    with pytest.raises(Cancelled):
        advance(lambda d, t: False, 1, 2)
    advance(lambda d, t: True, 1, 2)  # True goes on
    advance(lambda d, t: None, 1, 2)  # and so does a callback that returns nothing
