"""Benchmark: CSV and vCard export of 100,000 contacts (issue 18, finding 9).

Run apart from the test suite:  .venv/bin/python tests/benchmarks/bench_export.py [N] [RUNS]
Each export (the service call: read the database, write the file) is printed beside two
references measured in the same run on the same machine, best of RUNS (default 3) each:
(a) the writer alone: Python's csv module writing exactly the rows of our CSV file (read back
    with csv.reader, so already formatted) / a plain string join of exactly the lines of our
    vCard file, written to a file;
(b) the least any export that reads from the database can cost: the same columns read with
    bare sqlite3 (the same six queries) and every row written by csv.writer, nothing formatted;
(b') the same, each query sorted in the order of the contact list as the export needs it.
Then where the time goes (reading alone, writers alone) and the peak memory (tracemalloc) of
each export. The spread of the runs (slowest / fastest) shows the noise of a shared machine.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

import bench_contacts  # noqa: E402

from contactdesk.core.db import Database, open_database  # noqa: E402
from contactdesk.core.formats import outlook_csv_export, vcard_export  # noqa: E402
from contactdesk.core.gcpause import paused  # noqa: E402
from contactdesk.core.services import contact_exchange as kx  # noqa: E402
from contactdesk.core.services import contacts as cs  # noqa: E402
from contactdesk.core.services.contact_export import export_contacts  # noqa: E402

#: the columns the export reads, as bare SQL (what (b) reads)
BARE_QUERIES = (
    "SELECT c.id, c.kind, c.uid, p.salutation, p.title, p.first_name, p.last_name, o.name,"
    " c.display_name, c.website, c.notes FROM contact c LEFT JOIN person p ON p.id = c.id"
    " LEFT JOIN organisation o ON o.id = c.id WHERE c.deleted_at IS NULL",
    "SELECT contact_id, address, label FROM email",
    "SELECT contact_id, number, label FROM phone",
    "SELECT contact_id, street, postal_code, city, country, label FROM address",
    "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id",
    "SELECT r.person_id, o.name, r.function, r.end_date FROM role r"
    " JOIN organisation o ON o.id = r.organisation_id",
)
#: the same columns in the order of the contact list, as the export needs them (b')
_LIVE = "JOIN contact c ON c.id = {0} WHERE c.deleted_at IS NULL ORDER BY c.sort_name, c.id"
ORDERED_QUERIES = (
    BARE_QUERIES[0] + " ORDER BY c.sort_name, c.id",
    "SELECT e.contact_id, e.address, e.label FROM email e "
    + _LIVE.format("e.contact_id")
    + ", e.position, e.id",
    "SELECT p.contact_id, p.number, p.label FROM phone p "
    + _LIVE.format("p.contact_id")
    + ", p.position, p.id",
    "SELECT a.contact_id, a.street, a.postal_code, a.city, a.country, a.label FROM address a "
    + _LIVE.format("a.contact_id")
    + ", a.position, a.id",
    "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
    + _LIVE.format("ct.contact_id")
    + ", t.name",
    "SELECT r.person_id, o.name, r.function, r.end_date FROM role r"
    " JOIN organisation o ON o.id = r.organisation_id "
    + _LIVE.format("r.person_id")
    + ", r.start_date, r.id",
)


class Times:
    """Wall-clock and CPU seconds (this process) of each run."""

    def __init__(self, runs: int, work: Callable[[], object]) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            work()
            self.cpu.append(time.process_time() - cpu)
            self.wall.append(time.perf_counter() - wall)

    def row(self) -> str:
        """best wall, slowest wall, best CPU"""
        return f"{min(self.wall):7.2f} {max(self.wall):7.2f} {min(self.cpu):7.2f}"


def _peak(work: Callable[[], object]) -> float:
    """Peak of Python allocations while `work` runs, in MB."""
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def _writers_alone(db: Database, runs: int) -> tuple[Times, Times]:
    """The two writers over contacts read beforehand."""
    with db.session() as session:
        read = list(export_contacts(session))
    with paused():  # as in the export: the collector does not walk the 100,000 tuples
        return (
            Times(runs, lambda: outlook_csv_export.write_rows(read)),
            Times(runs, lambda: vcard_export.write_cards(read)),
        )


def main() -> None:
    if len(sys.argv) > 1:
        bench_contacts.N = int(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    path = work / "export.sqlite"
    db = open_database(path)
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

    csv_times = Times(runs, export_csv)
    vcf_times = Times(runs, export_vcf)

    # (a) the same fields, written by the csv module / joined as plain strings
    text = (work / "kontakte.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))

    def reference_csv() -> None:
        with open(work / "referenz.csv", "w", encoding="utf-8-sig", newline="") as out:
            csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)

    lines = (work / "kontakte.vcf").read_bytes().decode("utf-8").split("\r\n")

    def reference_vcf() -> None:
        (work / "referenz.vcf").write_bytes("\r\n".join(lines).encode("utf-8"))

    csv_a = Times(runs, reference_csv)
    vcf_a = Times(runs, reference_vcf)
    assert (work / "referenz.csv").read_bytes() == (work / "kontakte.csv").read_bytes()
    assert (work / "referenz.vcf").read_bytes() == (work / "kontakte.vcf").read_bytes()

    # (b) bare sqlite3 reading the same columns, csv.writer writing every row unformatted
    def bare(queries: tuple[str, ...]) -> None:
        con = sqlite3.connect(path)
        with open(work / "bare.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
            for query in queries:
                writer.writerows(con.execute(query))
        con.close()

    bare_b = Times(runs, lambda: bare(BARE_QUERIES))
    ordered_b = Times(runs, lambda: bare(ORDERED_QUERIES))

    # where the time goes
    def read_only() -> None:
        with db.session() as session:
            for _contact in export_contacts(session):
                pass

    reading = Times(runs, read_only)
    csv_writer, vcf_writer = _writers_alone(db, runs)
    csv_peak = _peak(export_csv)
    vcf_peak = _peak(export_vcf)
    size_csv = (work / "kontakte.csv").stat().st_size / 1e6
    size_vcf = (work / "kontakte.vcf").stat().st_size / 1e6

    print(
        f"\nbeste von {runs} Läufen (Sekunden); Streuung = langsamster Lauf; CPU = dieser Prozess"
    )
    print(f"{'was':42} {'Wand':>7} {'Streuung':>7} {'CPU':>7} {'(a)':>11} {'(b)':>11} {'(b´)':>11}")
    for label, ours, a in (
        ("CSV-Export (alles, Datei geschrieben)", csv_times, csv_a),
        ("vCard-Export (alles, Datei geschrieben)", vcf_times, vcf_a),
    ):
        ratios = [
            f"{min(ours.wall) / min(ref.wall):4.1f}x/{min(ours.cpu) / min(ref.cpu):4.1f}x"
            for ref in (a, bare_b, ordered_b)
        ]
        print(f"{label:42} {ours.row()} {ratios[0]:>11} {ratios[1]:>11} {ratios[2]:>11}")
    print(f"{'(a) csv.writer, gleiche Zeilen':42} {csv_a.row()}")
    print(f"{'(a) String-Join, gleiche vCard-Zeilen':42} {vcf_a.row()}")
    print(f"{'(b) sqlite3 lesen + csv.writer, roh':42} {bare_b.row()}")
    print(f"{'(b´) dasselbe in Listenreihenfolge':42} {ordered_b.row()}")
    print(f"{'  davon Kontakte lesen (gestreamt)':42} {reading.row()}")
    print(f"{'  davon CSV-Schreiber allein':42} {csv_writer.row()}")
    print(f"{'  davon vCard-Schreiber allein':42} {vcf_writer.row()}")
    print("Faktoren: Wand/CPU, jeweils beste Läufe.")
    print(f"\nSpeicher-Spitze CSV-Export:   {csv_peak:6.1f} MB (Datei {size_csv:.1f} MB)")
    print(f"Speicher-Spitze vCard-Export: {vcf_peak:6.1f} MB (Datei {size_vcf:.1f} MB)")
    print("\nZiel: höchstens 2x von (a), wenn erreichbar; in jedem Fall höchstens 2x von (b).")
    db.dispose()


if __name__ == "__main__":
    main()
