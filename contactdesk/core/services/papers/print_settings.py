"""Town name and logo of the printed papers from the one settings store (window and command
line alike); an option given for one print wins over the store."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from contactdesk.core.formats.pdf import PdfSettings


def pdf_settings(*, town: str | None = None, logo: str | Path | None = None) -> PdfSettings:
    """PdfSettings from `town`/`logo` if given, else from the settings store (town.name,
    town.logo), else the defaults (no logo: the town's name is the typographic header)."""
    from contactdesk.core.settings import load_settings

    store = load_settings()
    settings = PdfSettings()
    name = (town or store.get("town.name") or "").strip()
    if name:
        settings = replace(settings, town_name=name)
    picture = str(logo or store.get("town.logo") or "").strip()
    if picture:
        settings = replace(settings, logo_path=Path(picture).expanduser())
    return settings


def oparl_base_url(given: str | None = None) -> str:
    """The base URL of OParl ids: the option if given, else the store's oparl.base_url."""
    from contactdesk.core.settings import convert, load_settings

    if given:
        return str(convert("oparl.base_url", given))
    return str(load_settings().get("oparl.base_url") or "")
