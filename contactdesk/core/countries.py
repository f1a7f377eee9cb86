"""Country names as address books write them, mapped to the region codes phonenumbers uses.

A vCard or Outlook CSV row from abroad writes its numbers the way that country dials them
("(718) 555-0142" in New York). Read with region DE they would become German numbers; the
country of the contact's address tells the region instead.
"""

from __future__ import annotations

from functools import lru_cache

from contactdesk.core.folding import fold

# Folded names (German and English, with the usual abbreviations) -> ISO 3166 code.
_NAMES: dict[str, tuple[str, ...]] = {
    "DE": ("deutschland", "germany", "bundesrepublik deutschland", "brd", "d"),
    "AT": ("oesterreich", "austria", "a"),
    "CH": ("schweiz", "switzerland", "suisse", "svizzera", "ch"),
    "LI": ("liechtenstein",),
    "LU": ("luxemburg", "luxembourg"),
    "NL": ("niederlande", "netherlands", "holland", "the netherlands", "nederland"),
    "BE": ("belgien", "belgium", "belgique", "belgie"),
    "FR": ("frankreich", "france"),
    "IT": ("italien", "italy", "italia"),
    "ES": ("spanien", "spain", "espana"),
    "PT": ("portugal",),
    "DK": ("daenemark", "denmark", "danmark"),
    "SE": ("schweden", "sweden", "sverige"),
    "NO": ("norwegen", "norway", "norge"),
    "FI": ("finnland", "finland", "suomi"),
    "PL": ("polen", "poland", "polska"),
    "CZ": ("tschechien", "czech republic", "czechia", "tschechische republik", "cesko"),
    "SK": ("slowakei", "slovakia"),
    "HU": ("ungarn", "hungary", "magyarorszag"),
    "SI": ("slowenien", "slovenia"),
    "HR": ("kroatien", "croatia"),
    "RO": ("rumaenien", "romania"),
    "BG": ("bulgarien", "bulgaria"),
    "GR": ("griechenland", "greece"),
    "TR": ("tuerkei", "turkey", "tuerkiye"),
    "UA": ("ukraine",),
    "RU": ("russland", "russia", "russian federation", "russische foederation"),
    "GB": (
        "vereinigtes koenigreich",
        "grossbritannien",
        "united kingdom",
        "great britain",
        "england",
        "scotland",
        "schottland",
        "wales",
        "uk",
        "gb",
    ),
    "IE": ("irland", "ireland"),
    "US": (
        "usa",
        "us",
        "u s a",
        "u s",
        "united states",
        "united states of america",
        "vereinigte staaten",
        "vereinigte staaten von amerika",
        "amerika",
    ),
    "CA": ("kanada", "canada"),
    "MX": ("mexiko", "mexico"),
    "BR": ("brasilien", "brazil", "brasil"),
    "AU": ("australien", "australia"),
    "NZ": ("neuseeland", "new zealand"),
    "CN": ("china", "volksrepublik china", "people s republic of china"),
    "JP": ("japan",),
    "IN": ("indien", "india"),
    "IL": ("israel",),
    "ZA": ("suedafrika", "south africa"),
}
_BY_NAME = {name: code for code, names in _NAMES.items() for name in names}


@lru_cache(maxsize=256)
def region_for_country(country: str) -> str | None:
    """The region code of a country as written in an address, or None when unknown."""
    key = " ".join("".join(ch if ch.isalnum() else " " for ch in fold(country)).split())
    if not key:
        return None
    return _BY_NAME.get(key)
