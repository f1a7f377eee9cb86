"""What a PDF is made with and what comes out, free of reportlab (cheap to import)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_TOWN = "Stadt Bitterfeld-Wolfen"


@dataclass(frozen=True)
class PdfSettings:
    """What the town configures once (the GUI keeps it in its settings)."""

    town_name: str = DEFAULT_TOWN
    logo_path: Path | None = None
    author: str = ""
    #: the hole-punch side; 25 mm leaves room for a filing punch
    left_margin_mm: float = 25.0
    right_margin_mm: float = 18.0


@dataclass
class PdfResult:
    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
