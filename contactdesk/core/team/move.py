"""Moving a register between a single desk (SQLite file) and a team server (PostgreSQL).

`copy_database` copies every table, the search index and the documents into an EMPTY target,
then verifies row counts and the SHA-256 of every stored document, attachment and released PDF.
The source is only read: it must already be at this version's schema (a file of an older version
is opened with this version once first, which makes its own backup). The target is created at
the same schema, so ids, UIDs, versions and the audit trail move unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, LargeBinary, Table, func, inspect, select, text

from contactdesk.core.errors import ContactdeskError
from contactdesk.core.migrations import HEAD

BATCH = 1000


class MoveError(ContactdeskError):
    """The move cannot start or its check failed; the source is unchanged."""


@dataclass
class MoveReport:
    #: rows per table, as counted in source and target after the copy
    rows: dict[str, int] = field(default_factory=dict)
    #: stored files compared by SHA-256 (documents, attachments, released PDFs)
    files_checked: int = 0

    @property
    def contacts(self) -> int:
        return self.rows.get("contact", 0)

    def to_dict(self) -> dict[str, Any]:
        return {"rows": self.rows, "files_checked": self.files_checked}


def _tables() -> list[Table]:
    from contactdesk.core.models import Base

    return list(Base.metadata.sorted_tables)


def _user_tables(conn: Connection) -> set[str]:
    names = set(inspect(conn).get_table_names())
    return {n for n in names if n not in {"sqlite_sequence"}}


def _check_source(url: str) -> None:
    from contactdesk.core.db import open_database, sqlite_file

    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise MoveError(f"Die Quelldatenbank {path} gibt es nicht.")

    database = open_database(url, upgrade=False)
    try:
        with database.engine.connect() as conn:
            tables = _user_tables(conn)
            version = None
            if "alembic_version" in tables:
                version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    finally:
        database.dispose()
    if version != HEAD:
        raise MoveError(
            "Die Quelldatenbank hat nicht den Stand dieser Version von contactdesk "
            f"(Stand {version or 'unbekannt'}, erwartet {HEAD}). Bitte öffnen Sie sie einmal "
            "mit dieser Version (das legt eine Sicherung an) und versuchen Sie es dann erneut."
        )


def _check_target_empty(url: str) -> None:
    from sqlalchemy import create_engine

    from contactdesk.core.db import sqlite_file
    from contactdesk.core.team.connection import describe, engine_options

    path = sqlite_file(url)
    if path is not None:
        if path.exists() and path.stat().st_size > 0:
            raise MoveError(
                f"Die Zieldatei {path} gibt es schon. contactdesk überträgt nur in eine neue "
                "Datei, damit nichts überschrieben wird; sie wurde nicht verändert."
            )
        return
    engine = create_engine(url, **engine_options(url))
    try:
        with engine.connect() as conn:
            tables = _user_tables(conn)
    except Exception as exc:
        raise MoveError(
            describe(exc, url) or "Die Zieldatenbank kann nicht geöffnet werden.",
            detail=repr(exc),
        ) from exc
    finally:
        engine.dispose()
    if tables:
        raise MoveError(
            "Die Zieldatenbank ist nicht leer. contactdesk überträgt nur in eine leere "
            "Datenbank, damit nichts überschrieben wird; sie wurde nicht verändert."
        )


def _fts_rows(conn: Connection) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in conn.exec_driver_sql("SELECT rowid, text FROM contact_fts")]


def _digests(conn: Connection, table: Table) -> dict[tuple[Any, ...], str]:
    blobs = [c for c in table.columns if isinstance(c.type, LargeBinary)]
    if not blobs:
        return {}
    pk = list(table.primary_key.columns)
    out: dict[tuple[Any, ...], str] = {}
    for row in conn.execute(select(*pk, *blobs)):
        key = tuple(row[: len(pk)])
        digest = hashlib.sha256()
        for value in row[len(pk) :]:
            digest.update(b"\x00" if value is None else b"\x01" + bytes(value))
        out[key] = digest.hexdigest()
    return out


def _fix_sequences(conn: Connection, source_seq: dict[str, int]) -> None:
    """After explicit ids: the target hands out ids above every id the source ever had."""
    if conn.dialect.name == "postgresql":
        for table in _tables():
            if "id" not in table.c or len(table.primary_key.columns) != 1:
                continue
            seq = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, 'id')").bindparams(t=table.name)
            ).scalar()
            if seq is None:
                continue
            highest = conn.execute(select(func.max(table.c.id))).scalar() or 0
            highest = max(highest, source_seq.get(table.name, 0))
            if highest:
                conn.execute(text("SELECT setval(:s, :v, true)").bindparams(s=seq, v=highest))
    elif conn.dialect.name == "sqlite":
        for name, seq in source_seq.items():
            conn.exec_driver_sql(
                "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (seq, name)
            )


def _source_sequences(conn: Connection) -> dict[str, int]:
    if conn.dialect.name == "sqlite":
        return {r[0]: r[1] for r in conn.exec_driver_sql("SELECT name, seq FROM sqlite_sequence")}
    out: dict[str, int] = {}
    if conn.dialect.name == "postgresql":
        for table in _tables():
            if "id" not in table.c:
                continue
            seq = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, 'id')").bindparams(t=table.name)
            ).scalar()
            if seq is not None:
                value = conn.exec_driver_sql(
                    f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {seq}"
                ).scalar()
                out[table.name] = int(value or 0)
    return out


def _copy_rows(source: Any, target: Any, progress: Callable[[str], None] | None) -> None:
    """Every row in one transaction of the target (rows the migrations seeded are replaced)."""
    with source.connect() as src, target.begin() as dst:
        for table in reversed(_tables()):
            dst.execute(table.delete())
        dst.exec_driver_sql("DELETE FROM contact_fts")
        for table in _tables():
            if progress is not None:
                progress(table.name)
            order = list(table.primary_key.columns)
            result = src.execution_options(stream_results=True).execute(
                select(table).order_by(*order)
            )
            while chunk := result.fetchmany(BATCH):
                dst.execute(table.insert(), [dict(r._mapping) for r in chunk])
        fts = _fts_rows(src)
        for start in range(0, len(fts), 5000):
            dst.execute(
                text("INSERT INTO contact_fts (rowid, text) VALUES (:r, :t)"),
                [{"r": r, "t": t} for r, t in fts[start : start + 5000]],
            )
        _fix_sequences(dst, _source_sequences(src))


def copy_database(
    source_url: str, target_url: str, progress: Callable[[str], None] | None = None
) -> MoveReport:
    """Copy a whole register into an empty database and verify it (see module docstring)."""
    from contactdesk.core.db import open_database, resolve_url

    source_url, target_url = resolve_url(source_url), resolve_url(target_url)
    if source_url == target_url:
        raise MoveError("Quelle und Ziel sind dieselbe Datenbank.")
    _check_source(source_url)
    _check_target_empty(target_url)
    source = open_database(source_url, upgrade=False)
    target = open_database(target_url)
    report = MoveReport()
    try:
        try:
            _copy_rows(source.engine, target.engine, progress)
        except MoveError:
            raise
        except Exception as exc:
            raise MoveError(
                "Die Übertragung ist fehlgeschlagen: Es wurden keine Daten übertragen, und die "
                "Quelle ist unverändert. Bitte lassen Sie die Zieldatenbank neu anlegen und "
                "versuchen Sie es erneut.",
                detail=repr(exc),
            ) from exc
        with source.engine.connect() as src, target.engine.connect() as dst:
            fts_total = len(_fts_rows(src))
            for table in [*_tables()]:
                count = select(func.count()).select_from(table)
                a, b = src.execute(count).scalar(), dst.execute(count).scalar()
                if a != b:
                    raise MoveError(
                        f"Prüfung fehlgeschlagen: Tabelle {table.name} hat in der Quelle {a}, "
                        f"im Ziel {b} Zeilen. Die Quelle ist unverändert; bitte leeren Sie die "
                        "Zieldatenbank und versuchen Sie es erneut."
                    )
                report.rows[table.name] = int(a or 0)
                digests = _digests(src, table)
                if digests:
                    if digests != _digests(dst, table):
                        raise MoveError(
                            f"Prüfung fehlgeschlagen: Dateien in {table.name} stimmen im Ziel "
                            "nicht mit der Quelle überein. Die Quelle ist unverändert."
                        )
                    report.files_checked += len(digests)
            report_fts = dst.exec_driver_sql("SELECT count(*) FROM contact_fts").scalar() or 0
            if report_fts != fts_total:
                raise MoveError("Prüfung fehlgeschlagen: der Suchindex ist unvollständig.")
            report.rows["contact_fts"] = fts_total
    finally:
        source.dispose()
        target.dispose()
    return report


__all__ = ["MoveError", "MoveReport", "copy_database"]
