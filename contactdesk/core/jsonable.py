"""Plain data (from dataclasses.asdict) made ready for json.dump: dates as ISO text, amounts
as text, tuples as lists."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class JsonRecord:
    """Mixed into a dataclass: `to_dict()` gives its fields ready for json.dump (the rows the
    command line prints with --json)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return cast("dict[str, Any]", jsonable(dataclasses.asdict(cast(Any, self))))
