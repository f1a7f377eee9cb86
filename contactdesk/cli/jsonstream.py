"""JSON lists written item by item, byte for byte what `print_json(list(items))` writes.

`json.dump(..., indent=2)` runs json's pure-Python encoder and needs the whole list first:
6 s and the memory of every row for `contacts list --json` over 100,000 contacts. Flat
objects (strings, numbers, booleans, null) are written here with the C string encoder; any
other value falls back to json itself, indented as it would be inside the list.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from json.encoder import encode_basestring  # the C version when the accelerator is there
from typing import Any, TextIO

_CHUNK = 500  # items per write()


def _value(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    # floats (nan, inf), lists, nested objects: json decides, indented for depth 2
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")


def _item(item: Mapping[str, Any]) -> str:
    if not item:
        return "{}"
    body = ",\n    ".join(f"{encode_basestring(str(k))}: {_value(v)}" for k, v in item.items())
    return "{\n    " + body + "\n  }"


def write_json_list(items: Iterable[Mapping[str, Any]], out: TextIO | None = None) -> int:
    """Write the list as print_json() would (with its final newline); the number of items."""
    out = out or sys.stdout
    count = 0
    chunk: list[str] = []
    for item in items:
        chunk.append(("[\n  " if count == 0 else ",\n  ") + _item(item))
        count += 1
        if len(chunk) >= _CHUNK:
            out.write("".join(chunk))
            chunk.clear()
    if count == 0:
        out.write("[]\n")
        return 0
    chunk.append("\n]\n")
    out.write("".join(chunk))
    return count
