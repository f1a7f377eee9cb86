"""pytest plugin: a throwaway PostgreSQL cluster for the team-mode tests and benchmarks.

The cluster lives in a temporary folder, listens on 127.0.0.1 on a free port and on a socket in
that folder, and is removed at the end of the session. `initdb` refuses to run as root, so as root
the server runs as the unprivileged `postgres` user that Debian's package creates. Nothing is
skipped when PostgreSQL is missing: scripts/test installs it, and a missing server is an error.

Each test gets a fresh database copied from a migrated template (`CREATE DATABASE … TEMPLATE`),
which costs about as much as creating an empty SQLite file.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

TEMPLATE = "contactdesk_template"
#: the superuser's password: TCP logins need one (scram-sha-256), as on a town's server
PASSWORD = "geheim"
#: a database that refuses unencrypted connections (pg_hba.conf), for the TLS message
TLS_ONLY = "tlsonly"


def find_pg_bin() -> Path:
    """The folder with initdb/pg_ctl/pg_dump: $CONTACTDESK_PG_BIN, Debian's layout, or PATH."""
    env = os.environ.get("CONTACTDESK_PG_BIN")
    if env:
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL is not installed (no initdb): scripts/test installs Debian's postgresql package"
    )


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parent.parent.name)
    except ValueError:
        return 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """A running throwaway cluster; `new_database()` hands out fresh migrated databases."""

    def __init__(self, root: Path) -> None:
        self.bin = find_pg_bin()
        self.root = root
        self.data = root / "data"
        self.socket_dir = root / "sock"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        self._counter = itertools.count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=self.root)

    def start(self) -> None:
        self.socket_dir.mkdir(parents=True)
        if self.as_root:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket_dir, "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={self._pwfile()}",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        hba = self.data / "pg_hba.conf"
        rules = f"hostnossl {TLS_ONLY} all 127.0.0.1/32 reject\n"
        hba.write_text(rules + hba.read_text(encoding="utf-8"), encoding="utf-8")
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.socket_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            options,
            "-w",
            "start",
        )

    def _pwfile(self) -> Path:
        path = self.root / "pw"
        path.write_text(PASSWORD + "\n", encoding="utf-8")
        if self.as_root:
            shutil.chown(path, "postgres")
        return path

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def url(
        self, dbname: str = "postgres", user: str = "postgres", password: str = PASSWORD
    ) -> str:
        return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{self.port}/{dbname}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) as the superuser."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            password=PASSWORD,
            dbname="postgres",
            autocommit=True,
        ) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_template(self) -> None:
        from contactdesk.core.db import open_database

        self.admin(f"CREATE DATABASE {TEMPLATE}")
        open_database(self.url(TEMPLATE)).dispose()

    def new_database(self, *, migrated: bool = True, template: str | None = None) -> str:
        """The URL of a new database: a copy of the migrated template (or of the database
        named `template`), or empty."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        source = template or (TEMPLATE if migrated else "template0")
        template = f" TEMPLATE {source}"
        self.admin(f"CREATE DATABASE {name}{template}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    root = Path(tempfile.mkdtemp(prefix="contactdesk-pg-"))
    os.chmod(root, 0o755)
    server = PgServer(root)
    try:
        server.start()
        deadline = time.monotonic() + 10
        while True:  # pg_ctl -w waits for the socket; the first connection may still race
            try:
                server.admin("SELECT 1")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        server.create_template()
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    url = pg_server.new_database()
    yield url
    pg_server.drop_database(url)


@pytest.fixture
def pg_empty_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (no tables) for one test."""
    url = pg_server.new_database(migrated=False)
    yield url
    pg_server.drop_database(url)
