"""Two desks (real processes, own logins) edit the same contact on one PostgreSQL server."""

from __future__ import annotations

import multiprocessing

from contactdesk.core import audit
from contactdesk.core.db import open_database
from contactdesk.core.services import contacts as cs
from tests.core.team import workers
from tests.pg import PgServer

#: the rights a desk's login needs (README, Teambetrieb): data, not schema
GRANTS = (
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {user}",
    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {user}",
)


def _desks(pg_server: PgServer, url: str) -> tuple[str, str]:
    dbname = url.rsplit("/", 1)[1]
    urls = []
    for user in ("urban", "referent"):
        pg_server.admin(
            f"DO $$ BEGIN CREATE ROLE {user} LOGIN PASSWORD 'pw-{user}'; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
        database = open_database(url)
        with database.engine.begin() as conn:
            for grant in GRANTS:
                conn.exec_driver_sql(grant.format(user=user))
        database.dispose()
        urls.append(pg_server.url(dbname, user=user, password=f"pw-{user}"))
    return urls[0], urls[1]


def _contact(url: str) -> int:
    database = open_database(url)
    with database.session() as s:
        cid = cs.create_contact(s, cs.ContactData(first_name="Anna", last_name="Schulze")).id
    database.dispose()
    return cid or 0


def test_two_desks_save_the_same_contact_one_wins_the_other_is_told(
    pg_server: PgServer, pg_url: str
) -> None:
    urban, referent = _desks(pg_server, pg_url)
    cid = _contact(pg_url)
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(2), ctx.Queue()
    procs = [
        ctx.Process(target=workers.save_notes, args=(urban, cid, "Text von Urban", barrier, out)),
        ctx.Process(
            target=workers.save_notes, args=(referent, cid, "Text vom Referenten", barrier, out)
        ),
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    saved = [r for r in results if r[0] == "saved"]
    refused = [r for r in results if r[0] == "conflict"]
    assert len(saved) == 1 and len(refused) == 1
    winner, loser = saved[0], refused[0]
    assert f"von {winner[1]} geändert" in loser[2]  # names who
    assert "Notizen" in loser[2]  # and what
    assert loser[3] != winner[2] and loser[3].startswith("Text v")  # the loser keeps their text
    database = open_database(pg_url)
    with database.session() as s:
        assert cs.get_contact(s, cid).notes == winner[2]
    database.dispose()


def test_fifty_interleaved_edits_leave_exactly_the_expected_audit_rows(
    pg_server: PgServer, pg_url: str
) -> None:
    urban, referent = _desks(pg_server, pg_url)
    cid = _contact(pg_url)
    ctx = multiprocessing.get_context("spawn")
    turns, done = ctx.Value("i", 0), ctx.Queue()
    procs = [
        ctx.Process(target=workers.alternate_edits, args=(url, cid, turn, 25, turns, done))
        for turn, url in enumerate((urban, referent))
    ]
    for p in procs:
        p.start()
    finished = {done.get(timeout=240) for _ in procs}
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert finished == {"urban", "referent"}
    database = open_database(pg_url)
    with database.session() as s:
        rows = [r for r in audit.list_entries(s) if r.record_id == cid]
        final = cs.get_contact(s, cid)
    database.dispose()
    changes = [r for r in rows if r.action == audit.CHANGED]
    assert len(changes) == 50
    assert [r.user_name for r in changes] == ["urban", "referent"] * 25
    assert all(r.fields == ["notes"] for r in changes)
    assert final.notes == "Schritt 49"
