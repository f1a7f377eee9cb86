"""Country names of addresses -> phone regions."""

from __future__ import annotations

import pytest

from contactdesk.core.countries import region_for_country


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("Deutschland", "DE"),
        ("Germany", "DE"),
        ("Österreich", "AT"),
        ("Oesterreich", "AT"),
        ("Schweiz", "CH"),
        ("United States of America", "US"),
        ("U.S.A.", "US"),
        ("Vereinigte Staaten", "US"),
        ("Canada", "CA"),
        ("Vereinigtes Königreich", "GB"),
        ("  polen ", "PL"),
        ("Tschechische Republik", "CZ"),
    ],
)
def test_known_countries(country: str, region: str) -> None:
    assert region_for_country(country) == region


@pytest.mark.parametrize("country", ["", "   ", "Atlantis", "Bayside, NY"])
def test_unknown_countries(country: str) -> None:
    assert region_for_country(country) is None
