"""Kölner Phonetik (Postel 1969): a code for how a German name sounds, "Meier" = "Mayer" = "67".

Used by the duplicate finder (core/services/duplicates.py) to see spelling variants of one name.
Rules as published by Hans Joachim Postel; umlauts count as vowels, ß as S.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_VOWELS = frozenset("AEIJOUY")
_TO_ASCII = str.maketrans({"Ä": "A", "Ö": "O", "Ü": "U", "ß": "S", "ẞ": "S"})
_C_INITIAL_HARD = frozenset("AHKLOQRUX")
_C_HARD = frozenset("AHKOQUX")


def _letters(word: str) -> str:
    upper = unicodedata.normalize("NFC", word).upper().translate(_TO_ASCII)
    decomposed = unicodedata.normalize("NFKD", upper)
    return "".join(ch for ch in decomposed if "A" <= ch <= "Z")


def _code(letters: str, i: int) -> str:
    ch = letters[i]
    prev = letters[i - 1] if i > 0 else ""
    nxt = letters[i + 1] if i + 1 < len(letters) else ""
    if ch in _VOWELS:
        return "0"
    if ch == "H":
        return ""
    if ch == "B":
        return "1"
    if ch == "P":
        return "3" if nxt == "H" else "1"
    if ch in "DT":
        return "8" if nxt in ("C", "S", "Z") and nxt else "2"
    if ch in "FVW":
        return "3"
    if ch in "GKQ":
        return "4"
    if ch == "C":
        if i == 0:
            return "4" if nxt and nxt in _C_INITIAL_HARD else "8"
        if prev in ("S", "Z"):
            return "8"
        return "4" if nxt and nxt in _C_HARD else "8"
    if ch == "X":
        return "8" if prev in ("C", "K", "Q") and prev else "48"
    if ch == "L":
        return "5"
    if ch in "MN":
        return "6"
    if ch == "R":
        return "7"
    return "8"  # S, Z


@lru_cache(maxsize=1 << 17)
def cologne(text: str) -> str:
    """The Kölner Phonetik code of a text: its words' codes joined by spaces ("" for none)."""
    codes = []
    for word in text.replace("-", " ").split():
        letters = _letters(word)
        if not letters:
            continue
        raw = "".join(_code(letters, i) for i in range(len(letters)))
        collapsed: list[str] = []
        for digit in raw:
            if not collapsed or collapsed[-1] != digit:
                collapsed.append(digit)
        code = collapsed[0] + "".join(d for d in collapsed[1:] if d != "0") if collapsed else ""
        codes.append(code)
    return " ".join(codes)


def cologne_word(text: str) -> str:
    """One code for the whole text as one word ("Müller-Lüdenscheidt" -> "65752682")."""
    return cologne("".join(_letters(w) for w in text.split()).replace("-", ""))


__all__ = ["cologne", "cologne_word"]
