"""gettext set-up. Source strings are German; other languages come from resources/translations."""

from __future__ import annotations

import gettext
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parents[2] / "resources" / "translations"
DOMAIN = "contactdesk"

_translation: gettext.NullTranslations = gettext.NullTranslations()
#: per thread: inside source_language() texts stay German
_local = threading.local()


def set_language(language: str) -> None:
    """Switch the language for core and GUI texts ('de' is the source language)."""
    global _translation
    if language == "de":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, localedir=str(LOCALE_DIR), languages=[language], fallback=True
        )


def _(text: str) -> str:
    """Translate a German source text to the current language."""
    if getattr(_local, "source", False):
        return text
    return _translation.gettext(text)


def N_(text: str) -> str:
    """Mark a German text for extraction without translating it now (tables, constants);
    the code that shows it translates it later with ``_(value)``."""
    return text


@contextmanager
def source_language() -> Iterator[None]:
    """Texts made inside stay German whatever the UI language: documents for the town (PDFs,
    text blocks of papers) and text that is stored or indexed. Only for the calling thread."""
    saved = getattr(_local, "source", False)
    _local.source = True
    try:
        yield
    finally:
        _local.source = saved
