"""Run ical.js (Thunderbird's iCalendar library) on a file: the independent parser of the tests."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

TOOL = Path(__file__).resolve().parents[2] / "tools" / "icaljs"


def parse_with_icaljs(path: Path, max_occurrences: int = 50) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "node is missing: scripts/test installs it (Debian package nodejs)"
    assert (TOOL / "node_modules" / "ical.js").is_dir(), (
        "run scripts/test once: it installs ical.js"
    )
    result = subprocess.run(
        [node, str(TOOL / "parse.mjs"), str(path), str(max_occurrences)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
