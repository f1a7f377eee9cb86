"""File sizes as a German reader writes them."""

from __future__ import annotations

from contactdesk.core.i18n import _


def format_size(size: int) -> str:
    """German file size: 820 Bytes, 12,5 KB, 3,2 MB."""
    if size < 1024:
        return _("{n} Bytes").format(n=size)
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")
