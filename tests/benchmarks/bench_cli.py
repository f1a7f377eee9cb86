"""Read commands of the command line on the demo database, beside `python -c pass`.

    .venv/bin/python tests/benchmarks/bench_cli.py [--runs 7]

Issue 17 asks for `contacts search`, `contacts list`, `events list` and `agreements due` within
0.35 s. Each command runs as a fresh process (as an administrator's script starts it); the
median and the spread of the runs are printed, with the interpreter alone and the import of the
command line as references, so the noise of a shared machine can be read off.
"""

from __future__ import annotations

import argparse
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


def timed(argv: list[str], runs: int) -> list[float]:
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=ROOT, check=True, capture_output=True)
        took.append(time.perf_counter() - start)
    return took


def line(name: str, took: list[float], reference: float | None = None) -> str:
    median = statistics.median(took)
    text = f"{name:<28} median {median:.3f} s   min {min(took):.3f}   max {max(took):.3f}"
    if reference is not None:
        text += f"   ({median / reference:.1f}× python -c pass; target {TARGET:.2f} s)"
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
        print(line("python -c pass", bare))
        print(
            line(
                "import contactdesk.cli", timed([python, "-c", "import contactdesk.cli"], args.runs)
            )
        )
        reference = statistics.median(bare)
        for command in COMMANDS:
            took = timed([python, "main.py", "--database", db, *command], args.runs)
            print(line(" ".join(command), took, reference))


if __name__ == "__main__":
    main()
