"""German folding of names and words, without any database: "Müller" -> "mueller".

Used by the search index (core/search.py) and wherever text is compared the way the register
compares it (country names of addresses, core/countries.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_EXPANSIONS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe"})
_SIMPLE = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "œ": "oe"})
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # _TOKEN on ASCII text, a little faster


def _strip_marks(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    if decomposed.isascii():  # the umlauts are already spelled out: nothing left to strip
        return decomposed
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(value: str) -> str:
    """The canonical folded form: lower case, ä -> ae, ß -> ss, other accents removed."""
    if value.isascii():
        return value.lower()
    lowered = unicodedata.normalize("NFC", value).casefold()
    # casefold() already maps ß to "ss"; the table handles the umlauts.
    return _strip_marks(lowered.translate(_EXPANSIONS))


@lru_cache(maxsize=1 << 16)
def fold_cached(value: str) -> str:
    """`fold` for values that repeat (names in bulk inserts)."""
    return fold(value)


def fold_simple(value: str) -> str:
    """The second form: umlauts without their e (ä -> a), for "Muller" finding "Müller"."""
    if value.isascii():
        return value.lower()
    lowered = unicodedata.normalize("NFC", value).casefold()
    return _strip_marks(lowered.translate(_SIMPLE))


def tokens(value: str) -> list[str]:
    """Words of a text, split at anything that is not a letter or digit."""
    return _TOKEN.findall(unicodedata.normalize("NFC", value))
