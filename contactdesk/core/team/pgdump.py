"""Backup and restore of a team database with PostgreSQL's own tools (pg_dump, pg_restore).

`backup` writes a pg_dump custom-format file (compressed, restorable table by table) through a
temporary file and checks it with `pg_restore --list` before the rename. `restore` reads only a
file that is such a dump of a contactdesk database this version can open, and restores only into
an EMPTY database, in one transaction. The password goes to the tools in the environment
(PGPASSWORD), never on the command line. The town's database administrator keeps making their own
dumps of the server; these are the dumps a user of the app can make and read back.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from contactdesk.core.errors import ContactdeskError

MAGIC = b"PGDMP"


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


def _run(cmd: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, capture_output=True, text=True, encoding="utf-8", errors="replace", env=env
    )


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


def backup(url: str, out: Path) -> DumpInfo:
    """Write a checked pg_dump custom-format file of the team database to `out`."""
    uri, env = _libpq(url)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    result = _run([find_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(tmp), "-d", uri], env)
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


def restore(path: Path, url: str) -> DumpInfo:
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
    )
    if result.returncode != 0:
        raise PgToolError(
            "pg_restore konnte die Sicherung nicht zurückspielen; die Datenbank blieb leer: "
            + _first_line(result.stderr),
            detail=result.stderr,
        )
    return info


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return "unbekannter Fehler"


__all__ = ["DumpInfo", "PgToolError", "backup", "find_tool", "inspect_dump", "restore"]
