"""The UTC column type reads naive stored values back as aware UTC, unchanged."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from contactdesk.core.models.base import UTCDateTime


@given(st.datetimes())
def test_read_value_is_the_stored_instant_in_utc(stored: datetime) -> None:
    read = UTCDateTime().process_result_value(stored, None)
    assert read == stored.replace(tzinfo=UTC)
    assert read is not None and read.tzinfo is UTC
    assert read.replace(tzinfo=None) == stored


def test_none_stays_none() -> None:
    assert UTCDateTime().process_result_value(None, None) is None
