"""Shared pieces of the example data: fixed UIDs and the report of what was loaded."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

NAMESPACE = uuid.UUID("5b1f4a52-4a44-4d0e-9f58-6b1f8a0c2021")


def demo_uid(key: str) -> str:
    """The fixed UID of an example record, so loading twice adds nothing twice."""
    return str(uuid.uuid5(NAMESPACE, key))


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
