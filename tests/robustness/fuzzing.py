"""A mutational fuzzer for the import readers, used by the suite (small fixed budget,
derandomised) and by scripts/fuzz (long runs).

Every input goes through what a user's import does: the preview of the import plan and the
commit in a transaction that is rolled back afterwards. What may come out: a clean preview
(invalid entries listed with their reasons), or the import's own German ImportError_. Anything
else is a finding: another exception, a hang (a watchdog stops a case after HANG_SECONDS), an
English message, or something left in the database after the rollback.

The corpus is every fixture under tests/data with a suffix in READERS; the .msg reader of
helper "msg" joins through the same table when contactdesk.core.formats.msg exists
(see _msg_reader).
"""

from __future__ import annotations

import importlib
import importlib.util
import random
import re
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from contactdesk.core import timezones as tzs
from contactdesk.core.errors import ImportError_

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
FUZZ_DATA = DATA / "fuzz"
HANG_SECONDS = 20.0

# Byte strings that steer mutations towards the interesting corners of the formats.
TOKENS = [
    b"\r\n",
    b"\r\n ",
    b"=\r\n",
    b":",
    b";",
    b",",
    b'"',
    b"\\",
    b"\x00",
    b"\xff\xfe",
    b"\xc3",
    b"BEGIN:VEVENT\r\n",
    b"END:VEVENT\r\n",
    b"BEGIN:VTIMEZONE\r\n",
    b"BEGIN:VCARD\r\n",
    b"END:VCARD\r\n",
    b"RRULE:FREQ=SECONDLY\r\n",
    b"RRULE:FREQ=DAILY;INTERVAL=0\r\n",
    b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n",
    b";COUNT=99999999",
    b";UNTIL=99991231T235959Z",
    b"RECURRENCE-ID:20240320T100000Z\r\n",
    b"EXDATE:20210230T100000Z\r\n",
    b"RDATE:20210230\r\n",
    b"DTSTART:00010101T000000\r\n",
    b"DTSTART:99991231T235959Z\r\n",
    b";TZID=",
    b";TZID=Customized Time Zone",
    b";VALUE=DATE",
    b"DURATION:P99999999D\r\n",
    b"ENCODING=QUOTED-PRINTABLE",
    b"ENCODING=BASE64",
    b"CHARSET=x-unknown",
    b"Content-Transfer-Encoding: base64\r\n",
    b"Content-Type: multipart/mixed; boundary=x\r\n",
    b"--x\r\n",
    b"Content-Type: text/calendar; charset=bogus\r\n",
    b"=?utf-8?q?=FF?=",
    b"+49",
    b"=cmd|' /C calc'!A0",
    b"9" * 40,
    b"-1",
    b"1" * 400,
]


@dataclass(frozen=True)
class Outcome:
    """What one input did: 'ok' (a preview), 'refused' (ImportError_) or a finding."""

    kind: str  # ok, refused, crash, hang, english, leftover
    detail: str = ""

    @property
    def is_finding(self) -> bool:
        return self.kind not in ("ok", "refused")


class Hang(BaseException):
    """Raised by the watchdog inside a case that runs too long (BaseException: no reader's
    `except Exception` swallows it)."""


# --------------------------------------------------------------------------- readers


def _calendar_import(session: Session, path: Path) -> list[str]:
    from contactdesk.core.services import calendar_exchange as cx

    preview = cx.preview_ics(session, [path])
    report = cx.commit_ics(session, preview)
    session.flush()
    # the report's lines start with the event's title and file ("Titel (datei.ics): …"): the
    # title is the file's own text, in any language, so only what follows is checked
    lines = report.invalid + report.skipped
    return [e.reason for e in preview.entries] + [line.rsplit("): ", 1)[-1] for line in lines]


def _contact_import(session: Session, path: Path) -> list[str]:
    from contactdesk.core.services import contact_exchange as kx

    preview = kx.preview_import(session, [path])
    if preview.errors:  # the reader's ImportError_ messages, as the window shows them
        raise ImportError_(preview.errors[0])
    kx.commit_import(session, preview, default_for_matches="update")
    session.flush()
    return [r for e in preview.entries for r in e.reasons]


def _msg_reader() -> Callable[[Session, Path], list[str]] | None:
    """Hook for Outlook .msg files: once helper "msg"'s reader (contactdesk.core.formats.msg)
    and helper "imports"' plan (contactdesk.core.services.imports: preview, commit) are both
    there, .msg files go through that plan like a user's import; until then .msg fixtures
    are not fuzzed (corpus() leaves them out)."""
    if importlib.util.find_spec("contactdesk.core.formats.msg") is None:
        return None
    if importlib.util.find_spec("contactdesk.core.services.imports") is None:
        return None
    imports = importlib.import_module("contactdesk.core.services.imports")
    if not (hasattr(imports, "preview") and hasattr(imports, "commit")):
        return None

    def run(session: Session, path: Path) -> list[str]:
        plan = imports.preview(session, [path])
        if plan.errors:  # a file that cannot be read: the plan's German reasons
            raise ImportError_(plan.errors[0])
        reasons = [f.reason for f in plan.files if f.reason]
        imports.commit(session, plan)
        session.flush()
        return reasons

    return run


READERS: dict[str, Callable[[Session, Path], list[str]]] = {
    ".ics": _calendar_import,
    ".eml": _calendar_import,
    ".vcf": _contact_import,
    ".csv": _contact_import,
}
_MSG = _msg_reader()
if _MSG is not None:
    READERS[".msg"] = _MSG


def corpus() -> list[Path]:
    """Every fixture a reader takes (tests/data/**), sorted: the same corpus on every run."""
    new = FUZZ_DATA / "neu"  # findings of scripts/fuzz not yet fixed
    return sorted(
        p
        for p in DATA.rglob("*")
        if p.is_file() and p.suffix.lower() in READERS and new not in p.parents
    )


# --------------------------------------------------------------------------- mutations


def mutate(data: bytes, rng: random.Random, others: list[bytes]) -> bytes:
    """One to four random edits: flip, insert, delete, duplicate, token, splice, truncate."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(out)
        op = rng.randrange(12)  # 8-11: more tokens and splices than cuts
        at = rng.randrange(n + 1)
        if op == 0 and n:
            out[rng.randrange(n)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2 and n:
            out[at : at + rng.randint(1, 64)] = b""
        elif op == 3 and n:
            start = rng.randrange(n)
            piece = out[start : start + rng.randint(1, 200)]
            out[at:at] = piece * rng.randint(1, 20)
        elif op in (4, 5, 8, 9, 10):
            out[at:at] = rng.choice(TOKENS)
        elif op in (6, 11) and others:
            other = rng.choice(others)
            lines = other.splitlines(keepends=True)
            if lines:
                start = rng.randrange(len(lines))
                out[at:at] = b"".join(lines[start : start + rng.randint(1, 10)])
        elif op == 7 and n and rng.random() < 0.3:
            del out[rng.randrange(n) :]
    return bytes(out)


# --------------------------------------------------------------------------- running


@contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise Hang in the main thread after `seconds` (POSIX); elsewhere no watchdog."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise Hang()

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ENGLISH = re.compile(
    r"\b(?:the|is|not|invalid|error|expected|found|cannot|unable|out of range|must)\b", re.I
)


def _english(message: str) -> bool:
    """A German message may quote the file ("the" in a title); look at the text outside
    quotes only."""
    outside = re.sub(r"„[^“]*“|\"[^\"]*\"|\([^)]*\)", "", message)
    return bool(_ENGLISH.search(outside))


def _stored(session: Session) -> tuple[int, int]:
    from contactdesk.core.models import Contact, Event

    return (
        session.scalar(select(func.count()).select_from(Contact)) or 0,
        session.scalar(select(func.count()).select_from(Event)) or 0,
    )


def run_case(database: object, path: Path, hang_seconds: float = HANG_SECONDS) -> Outcome:
    """Import `path` into `database` (a contactdesk Database) and roll back; the outcome."""
    reader = READERS[path.suffix.lower()]
    with database.session() as session:  # type: ignore[attr-defined]
        before = _stored(session)
        try:
            with watchdog(hang_seconds):
                reasons = reader(session, path)
        except ImportError_ as exc:
            outcome = (
                Outcome("english", exc.message) if _english(exc.message) else Outcome("refused")
            )
        except Hang:
            outcome = Outcome("hang", f"more than {hang_seconds:.0f} s")
            tzs.clear_caches()  # dateutil's caches are not safe against the interruption
        except Exception as exc:
            outcome = Outcome("crash", f"{type(exc).__name__}: {exc}"[:500])
        else:
            english = [r for r in reasons if r and _english(r)]
            outcome = Outcome("english", english[0]) if english else Outcome("ok")
        session.rollback()
        if _stored(session) != before and not outcome.is_finding:
            outcome = Outcome("leftover", "rows stayed after the rollback")
    return outcome


def cases(seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """(file name, mutated bytes) for `count` cases over the corpus, from `seed`."""
    rng = random.Random(seed)
    files = corpus()
    contents = {p: p.read_bytes() for p in files}
    by_suffix: dict[str, list[bytes]] = {}
    for p, data in contents.items():
        by_suffix.setdefault(p.suffix.lower(), []).append(data)
    for number in range(count):
        source = files[number % len(files)]
        data = mutate(contents[source], rng, by_suffix[source.suffix.lower()])
        yield f"fuzz-{seed}-{number}-{source.stem[:40]}{source.suffix.lower()}", data


# --------------------------------------------------------------------------- scripts/fuzz


def main(argv: list[str] | None = None) -> int:
    """The long run behind scripts/fuzz: mutated fixtures until the time is up."""
    import argparse
    import secrets
    import tempfile
    import time

    from contactdesk.core.db import open_database

    parser = argparse.ArgumentParser(prog="scripts/fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="start seed (default: random)")
    parser.add_argument(
        "--out", type=Path, default=FUZZ_DATA / "neu", help="where findings are written"
    )
    parser.add_argument("--hang-seconds", type=float, default=HANG_SECONDS)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
    deadline = time.monotonic() + args.minutes * 60
    work = Path(tempfile.mkdtemp(prefix="contactdesk-fuzz-"))
    database = open_database(work / "fuzz.sqlite")
    print(f"scripts/fuzz: seed {seed}, {len(corpus())} fixtures, {args.minutes:g} minutes")
    total = 0
    found: dict[tuple[str, str], Path] = {}
    while time.monotonic() < deadline:
        for name, data in cases(seed, 200):
            path = work / name
            path.write_bytes(data)
            outcome = run_case(database, path, args.hang_seconds)
            total += 1
            key = (outcome.kind, re.sub(r"\d+", "N", outcome.detail)[:120])
            if outcome.is_finding and key not in found:
                args.out.mkdir(parents=True, exist_ok=True)
                kept = args.out / name
                kept.write_bytes(data)
                kept.with_suffix(kept.suffix + ".txt").write_text(
                    f"{outcome.kind}: {outcome.detail}\n", encoding="utf-8"
                )
                found[key] = kept
                print(f"  {outcome.kind}: {outcome.detail[:200]}\n    -> {kept}", flush=True)
            path.unlink()
            if time.monotonic() >= deadline:
                break
        seed += 1
    database.dispose()
    print(f"scripts/fuzz: {total} cases, {len(found)} distinct findings")
    if found:
        print(
            "Each finding: fix it, move the file to tests/data/fuzz/ and add its row with the "
            "expected German message to tests/robustness/test_fuzz_regressions.py."
        )
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
