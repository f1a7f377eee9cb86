"""The collector pause of bulk work nests and always restores the previous state."""

from __future__ import annotations

import gc

import pytest

from contactdesk.core.gcpause import bulk_work, paused


def test_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block leaves the outer pause in place
    assert gc.isenabled()


def test_collector_is_back_after_an_error() -> None:
    @bulk_work
    def failing() -> None:
        assert not gc.isenabled()
        raise ValueError("kaputt")

    with pytest.raises(ValueError, match="kaputt"):
        failing()
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
