"""Read commands of the command line on the demo database, beside `python -c pass`.

    .venv/bin/python tests/benchmarks/bench_cli.py [--runs 7]

Issue 17 asks for `contacts search`, `contacts list`, `events list` and `agreements due` within
0.35 s. Each command runs as a fresh process (as an administrator's script starts it); the
median and the spread of the runs are printed, with the interpreter alone and the import of the
command line as references, so the noise of a shared machine can be read off. Each command is
also timed with the lean read path switched off (CONTACTDESK_READPATH=normal: SQLAlchemy, the
models and the services), the way it ran before core/readpath.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = [
    ["contacts", "search", "weiss"],
    ["contacts", "list"],
    ["events", "list"],
    ["agreements", "due"],
]
TARGET = 0.35


def timed(argv: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, capture_output=True, env=env)
        took.append(time.perf_counter() - start)
    return took


def line(name: str, took: list[float], reference: float | None = None) -> str:
    median = statistics.median(took)
    text = (
        f"{name:<36} median {median:.3f} s   min {min(took):.3f}   max {max(took):.3f}"
        f"   spread ±{(max(took) - min(took)) / 2:.3f}"
    )
    if reference is not None:
        verdict = "ok" if median <= TARGET else "OVER"
        text += f"   ({median / reference:.1f}× python -c pass; target {TARGET:.2f} s: {verdict})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.sqlite")
        subprocess.run([python, "main.py", "--database", db, "demo"], cwd=ROOT, check=True)
        bare = timed([python, "-c", "pass"], args.runs)
        if hasattr(os, "getloadavg"):  # a busy machine stretches every figure: say how busy
            print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(line("python -c pass", bare))
        print(
            line(
                "import contactdesk.cli", timed([python, "-c", "import contactdesk.cli"], args.runs)
            )
        )
        reference = statistics.median(bare)
        normal = {**os.environ, "CONTACTDESK_READPATH": "normal"}
        for command in COMMANDS:
            took = timed([python, "main.py", "--database", db, *command], args.runs)
            print(line(" ".join(command), took, reference))
            took = timed([python, "main.py", "--database", db, *command], args.runs, normal)
            print(line(f"  (normal path: {' '.join(command)})", took))


if __name__ == "__main__":
    main()
