"""The text side of the contact search, without any database: the folded words a contact is
indexed under and the FTS5 / tsquery / LIKE expressions of a query (core/search.py explains the
scheme). Importable without SQLAlchemy: the command line's lean read path (core/readpath.py) and
the search field build their queries from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from contactdesk.core.folding import ASCII_WORD, fold, fold_simple, tokens


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[str, ...]:
    if word.isascii():
        return (word.lower(),)
    forms: dict[str, None] = {}
    for form in (fold(word), fold_simple(word)):
        for piece in tokens(form):
            forms.setdefault(piece, None)
    return tuple(forms)


@lru_cache(maxsize=1 << 16)
def _pieces(part: str) -> tuple[str, ...]:
    """The folded index words of one non-ASCII text (names and places repeat: cached)."""
    words: dict[str, None] = {}
    for word in tokens(part):
        for piece in _word_forms(word):
            words.setdefault(piece, None)
    return tuple(words)


def index_text(parts: Iterable[str | None]) -> str:
    """The folded text stored in the index for one contact: each index word once, in order."""
    words: list[str] = []
    for part in parts:
        if not part:
            continue
        if part.isascii():
            # ASCII has no spelling variants: the words are its lower-case letter/digit runs.
            words += ASCII_WORD.findall(part.lower())
        else:
            words += _pieces(part)
    return " ".join(dict.fromkeys(words))


_PHONE_LIKE = re.compile(r"\+?[\d\s/().\-]+")


def _phone_digits(query: str) -> str | None:
    """For a query written like a phone number ("0340 / 12 34", "+49 340 1234"), the digit
    string as the index holds it (national "0340..." or international "49340..."), else None."""
    stripped = query.strip()
    if not _PHONE_LIKE.fullmatch(stripped):
        return None
    digits = "".join(ch for ch in stripped if ch.isdigit())
    if len(digits) < 5 or digits == stripped:
        return None  # one plain number: the word search already covers it
    if stripped.startswith("00"):
        digits = digits[2:]
    return digits


def match_expression(query: str) -> str | None:
    """An FTS5 MATCH expression (every word as a quoted prefix), or None for an empty query.

    A query written like a phone number also matches the number with its separators removed.
    """
    words = [piece for word in tokens(query) for piece in tokens(fold(word))]
    if not words:
        return None
    expr = " ".join('"' + w.replace('"', '""') + '"*' for w in words)
    digits = _phone_digits(query)
    if digits is not None and len(words) > 1:
        return f'({expr}) OR "{digits}"*'
    return expr


def tsquery_expression(query: str) -> str | None:
    """The PostgreSQL tsquery of a query (every folded word as a prefix lexeme, all required),
    or None for a query without words; a phone-like query also matches its bare digits."""
    words = [piece for word in tokens(query) for piece in tokens(fold(word))]
    if not words:
        return None
    # tokens() yields letters and digits only; quoting keeps tsquery operators out regardless.
    expr = " & ".join("'" + w.replace("'", "''").replace("\\", "\\\\") + "':*" for w in words)
    digits = _phone_digits(query)
    if digits is not None and len(words) > 1:
        return f"({expr}) | '{digits}':*"
    return expr


def like_patterns(query: str) -> list[str]:
    """For databases without FTS5: one LIKE pattern per folded word."""
    words = [piece for word in tokens(query) for piece in tokens(fold(word))]
    escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
    return [f"% {w}%" for w in escaped]
