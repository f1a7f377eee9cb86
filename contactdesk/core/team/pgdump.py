"""Backup and restore of a team database with PostgreSQL's own tools (pg_dump, pg_restore).

`backup` writes a pg_dump custom-format file (compressed, restorable table by table) through a
temporary file and checks it with `pg_restore --list` before the rename. `restore` reads only a
file that is such a dump of a contactdesk database this version can open, and restores only into
an EMPTY database, in one transaction. The password goes to the tools in the environment
(PGPASSWORD), never on the command line. The town's database administrator keeps making their own
dumps of the server; these are the dumps a user of the app can make and read back.

The window (gui/datasafety.py) uses the same functions: a backup with a progress callback that
can stop pg_dump, and a restore into another, empty database on the same server (`sibling_url`),
never into the database the window works on. The daily automatic backup of the window is not
made in team mode (`TEAM_DAILY_NOTE`): the server's backup is the IT's, and a daily copy of the
whole team database on every desk would spread personal data without need.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.i18n import N_
from contactdesk.core.progress import Progress, advance

MAGIC = b"PGDMP"
#: the ending of a team backup file
SUFFIX = ".dump"

TEAM_DAILY_NOTE = N_(
    "Teambetrieb: Die tägliche Sicherung der Datenbank macht die IT auf dem Server. "
    "Datei › Datensicherung erstellen schreibt zusätzlich eine pg_dump-Datei."
)


class PgToolError(ContactdeskError):
    """pg_dump/pg_restore is missing or failed; nothing was changed."""


@dataclass(frozen=True)
class DumpInfo:
    path: Path
    size: int
    revision: str
    tables: frozenset[str]


def find_tool(name: str) -> str:
    """pg_dump / pg_restore from the PATH, or Debian's versioned folder (newest first)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.parent.name) or 0),
    )
    if candidates:
        return candidates[-1]
    raise PgToolError(
        f"Das PostgreSQL-Programm {name} wurde nicht gefunden. Bitte installieren Sie die "
        "PostgreSQL-Clientprogramme (Debian/Ubuntu: Paket postgresql-client, Windows: "
        "PostgreSQL-Installer mit „Command Line Tools“) oder lassen Sie die Datenbank von der "
        "IT sichern."
    )


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment carrying it."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    uri = parsed.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return uri, env


def _run(
    cmd: list[str], env: dict[str, str] | None = None, progress: Progress | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a tool; with `progress`, ask it four times a second whether to go on and end the tool
    (BackupCancelled) when the user cancelled."""
    if progress is None:
        return subprocess.run(
            cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", env=env
        )
    from contactdesk.core.db import BackupCancelled

    with subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
    ) as proc:
        started = time.monotonic()
        while True:
            # the tools tell no total: the seconds so far, against an open end
            try:
                advance(progress, int(time.monotonic() - started), 0, error=BackupCancelled)
            except BackupCancelled:
                proc.kill()
                proc.communicate()
                raise
            try:
                out, err = proc.communicate(timeout=0.25)
                break
            except subprocess.TimeoutExpired:
                continue
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def inspect_dump(path: Path) -> DumpInfo:
    """Check that a file is a pg_dump of a contactdesk database; return what it holds."""
    from contactdesk.core.db import head_revision

    try:
        with path.open("rb") as fh:
            head = fh.read(len(MAGIC))
        size = path.stat().st_size
    except OSError as exc:
        raise PgToolError(
            f"Die Sicherung {path} kann nicht gelesen werden: {exc.strerror}."
        ) from exc
    if head != MAGIC:
        raise PgToolError(
            f"Die Datei {path} ist keine Sicherung eines Datenbankservers (pg_dump-Format)."
        )
    listing = _run([find_tool("pg_restore"), "--list", str(path)])
    if listing.returncode != 0:
        raise PgToolError(
            f"Die Sicherung {path} ist beschädigt und kann nicht gelesen werden.",
            detail=listing.stderr,
        )
    tables = frozenset(re.findall(r"TABLE DATA \S+ (\w+) ", listing.stdout))
    if not {"alembic_version", "contact", "audit_entry"} <= tables:
        raise PgToolError(f"Die Sicherung {path} enthält keine contactdesk-Datenbank.")
    data = _run([find_tool("pg_restore"), "-a", "-t", "alembic_version", "-f", "-", str(path)])
    match = re.search(r"COPY \S*alembic_version \(version_num\) FROM stdin;\n(\S+)\n", data.stdout)
    if data.returncode != 0 or match is None:
        raise PgToolError(f"Die Sicherung {path} nennt keinen Datenbankstand.")
    revision = match.group(1)
    from alembic.script import ScriptDirectory

    from contactdesk.core.db import alembic_config

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception:
        raise PgToolError(
            f"Die Sicherung {path} stammt von einer neueren Version von contactdesk (Stand "
            f"{revision}, diese Version kennt bis {head_revision()}). Bitte installieren Sie "
            "die aktuelle Version."
        ) from None
    return DumpInfo(path=path, size=size, revision=revision, tables=tables)


def backup(url: str, out: Path, progress: Progress | None = None) -> DumpInfo:
    """Write a checked pg_dump custom-format file of the team database to `out` (a file that
    was there stays as it was unless the new one is complete and checked)."""
    uri, env = _libpq(url)
    out = Path(out)
    tool = find_tool("pg_dump")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PgToolError(
            f"Der Ordner {out.parent} kann nicht angelegt werden: {exc.strerror}."
        ) from exc
    tmp = out.with_name(out.name + ".tmp")
    result = _run([tool, "-Fc", "--no-owner", "-f", str(tmp), "-d", uri], env, progress)
    try:
        if result.returncode != 0:
            raise PgToolError(
                "pg_dump konnte die Datenbank nicht sichern: " + _first_line(result.stderr),
                detail=result.stderr,
            )
        info = inspect_dump(tmp)
        os.replace(tmp, out)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return DumpInfo(path=out, size=info.size, revision=info.revision, tables=info.tables)


def restore(path: Path, url: str, progress: Progress | None = None) -> DumpInfo:
    """Restore a checked dump into an empty team database (one transaction)."""
    from sqlalchemy import create_engine, inspect

    from contactdesk.core.team.connection import describe, engine_options

    info = inspect_dump(Path(path))
    engine = create_engine(url, **engine_options(url))
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
    except Exception as exc:
        raise PgToolError(
            describe(exc, url) or "Die Zieldatenbank kann nicht geöffnet werden.",
            detail=repr(exc),
        ) from exc
    finally:
        engine.dispose()
    if tables:
        raise PgToolError(
            "Die Zieldatenbank ist nicht leer. Eine Sicherung wird nur in eine leere Datenbank "
            "zurückgespielt, damit nichts überschrieben wird; sie wurde nicht verändert. "
            "Bitte lassen Sie von der IT eine neue, leere Datenbank anlegen."
        )
    uri, env = _libpq(url)
    result = _run(
        [
            find_tool("pg_restore"),
            "--no-owner",
            "--exit-on-error",
            "--single-transaction",
            "-d",
            uri,
            str(path),
        ],
        env,
        progress,
    )
    if result.returncode != 0:
        raise PgToolError(
            "pg_restore konnte die Sicherung nicht zurückspielen; die Datenbank blieb leer: "
            + _first_line(result.stderr),
            detail=result.stderr,
        )
    return info


def suggested_name(today: date) -> str:
    """The file name a backup of the window proposes."""
    return f"contactdesk-team-sicherung-{today.isoformat()}{SUFFIX}"


_DB_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$-]{0,62}")


def database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return str(make_url(url).database or "")


def sibling_url(url: str, name: str) -> str:
    """The address of database `name` on the same server with the same login: where the window
    restores a backup (an empty database the IT created), never the open one."""
    from sqlalchemy.engine import make_url

    name = name.strip()
    if not _DB_NAME.fullmatch(name):
        raise PgToolError(
            f"„{name}“ ist kein Datenbankname. Bitte geben Sie den Namen der leeren Datenbank "
            "an, den die IT angelegt hat (Buchstaben, Ziffern, _ und -)."
        )
    if name == database_name(url):
        raise PgToolError(
            f"„{name}“ ist die Datenbank, mit der Sie gerade arbeiten. Eine Sicherung wird nur "
            "in eine leere Datenbank zurückgespielt, damit nichts überschrieben wird."
        )
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def public_address(url: str) -> str:
    """The address to tell a person: the password replaced by ***."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "unbekannter Fehler"


__all__ = [
    "SUFFIX",
    "TEAM_DAILY_NOTE",
    "DumpInfo",
    "PgToolError",
    "Progress",
    "backup",
    "database_name",
    "find_tool",
    "inspect_dump",
    "public_address",
    "restore",
    "sibling_url",
    "suggested_name",
]
