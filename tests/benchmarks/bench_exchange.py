"""Benchmark: importing 10,000 vCards (preview included) into an empty database.

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_exchange.py
Target from the issue: under 3 s, preview included.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from contactdesk.core.db import open_database  # noqa: E402
from contactdesk.core.services import contact_exchange as cx  # noqa: E402

FIRST = ["Anna", "Jörg", "Ayşe", "Lena", "Stefan", "Katrin", "Jürgen", "Sandra", "Thomas", "Özlem"]
LAST = ["Müller", "Schmidt", "Weiß", "Öztürk", "Groß", "Schäfer", "Maier", "Köhler", "Lehmann"]


def cards(n: int) -> bytes:
    rng = random.Random(5)
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        out.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"UID:bench-{i}\r\nN:{last};{first};;;\r\nFN:{first} {last}\r\n"
            f"ORG:Verein {i % 50}\r\nTITLE:Ehrenamt\r\n"
            f"EMAIL;TYPE=INTERNET,WORK:p{i}@example.de\r\n"
            f"TEL;TYPE=WORK,VOICE:+49 340 {1000000 + i}\r\n"
            "ADR;TYPE=WORK:;;Markt 1;Bitterfeld-Wolfen;;06766;Deutschland\r\n"
            "CATEGORIES:Engagierte Stadt\r\nEND:VCARD\r\n"
        )
    return "".join(out).encode()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-vcard-"))
    source = tmp / "kontakte.vcf"
    source.write_bytes(cards(10_000))
    db = open_database(tmp / "x.sqlite")
    t0 = time.perf_counter()
    with db.session() as s:
        preview = cx.preview_import(s, [source])
        t1 = time.perf_counter()
        report = cx.commit_import(s, preview)
    t2 = time.perf_counter()
    print(
        f"import 10,000 vCards: {t2 - t0:.2f} s (preview {t1 - t0:.2f} s, commit {t2 - t1:.2f} s), "
        f"{report.summary()} (target < 3 s)"
    )


if __name__ == "__main__":
    main()
