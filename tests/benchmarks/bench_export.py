"""Benchmark: CSV and vCard export of 100,000 contacts (issue 18, finding 9).

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_export.py [N]
Prints each export beside its reference, measured in the same run on the same machine:
- CSV: Python's csv module writing exactly the rows of our file (read back with csv.reader,
  so the reference writes the same fields, already formatted) to a file;
- vCard: a plain string join of exactly the lines of our file, written to a file;
and, to show where the time goes, reading the contacts (bulk) and the writer alone.
"""

from __future__ import annotations

import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import bench_contacts  # noqa: E402

from contactdesk.core.db import open_database  # noqa: E402
from contactdesk.core.formats import outlook_csv, vcard  # noqa: E402
from contactdesk.core.services import contact_exchange as kx  # noqa: E402
from contactdesk.core.services import contacts as cs  # noqa: E402
from contactdesk.core.services.contact_export import contacts_for_export  # noqa: E402


def _best(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    if len(sys.argv) > 1:
        bench_contacts.N = int(sys.argv[1])
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    db = open_database(work / "export.sqlite")
    print(f"{bench_contacts.N:,} Kontakte anlegen …".replace(",", "."), flush=True)
    with db.session() as session:
        cs.bulk_create(session, bench_contacts.make_contacts())
        session.commit()

    def export_csv() -> None:
        with db.session() as session:
            kx.export_outlook_csv(session, work / "kontakte.csv")

    def export_vcf() -> None:
        with db.session() as session:
            kx.export_vcards(session, work / "kontakte.vcf")

    csv_total = _best(2, export_csv)
    vcf_total = _best(2, export_vcf)

    # references: the same fields, written by the csv module / joined as plain strings
    text = (work / "kontakte.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    def reference_csv() -> None:
        with open(work / "referenz.csv", "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)

    lines = (work / "kontakte.vcf").read_bytes().decode("utf-8").split("\r\n")

    def reference_vcf() -> None:
        (work / "referenz.vcf").write_bytes("\r\n".join(lines).encode("utf-8"))

    csv_reference = _best(3, reference_csv)
    vcf_reference = _best(3, reference_vcf)
    assert (work / "referenz.csv").read_bytes() == (work / "kontakte.csv").read_bytes()

    with db.session() as session:
        start = time.perf_counter()
        contacts = contacts_for_export(session, None)
        reading = time.perf_counter() - start
    csv_writer = _best(2, lambda: outlook_csv.write(contacts))
    vcf_writer = _best(2, lambda: vcard.write(contacts))

    print(f"\n{'was':44} {'Sekunden':>9} {'Referenz':>9} {'Faktor':>7}")
    for label, ours, reference in (
        ("CSV-Export (alles, Datei geschrieben)", csv_total, csv_reference),
        ("vCard-Export (alles, Datei geschrieben)", vcf_total, vcf_reference),
    ):
        print(f"{label:44} {ours:9.2f} {reference:9.2f} {ours / reference:6.1f}x")
    print(f"{'  davon Kontakte lesen (gebündelt)':44} {reading:9.2f}")
    print(f"{'  davon CSV-Schreiber allein':44} {csv_writer:9.2f}")
    print(f"{'  davon vCard-Schreiber allein':44} {vcf_writer:9.2f}")
    print("\nZiel: höchstens 2x der Referenz.")
    db.dispose()


if __name__ == "__main__":
    main()
