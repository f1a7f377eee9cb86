"""Full-text search over contacts: German folding of our own plus SQLite FTS5 or PostgreSQL FTS.

FTS5's unicode61 tokenizer folds "Müller" to "muller" but knows nothing of German spelling
variants: "Mueller" and "Weisswasser" would not find "Müller" and "Weißwasser". So every word is
indexed in two folded forms (ä -> ae and ä -> a, ß -> ss in both), and the query is folded to the
"ae" form, which always exists in the index. Queries are built from quoted tokens only, so nothing
a user types can reach FTS5's query syntax.

On PostgreSQL the same index text is kept in `contact_fts.text`, and a generated column turns its
words into a `tsvector` one lexeme per word (`array_to_tsvector`, no parser and no dictionary, so
nothing is folded a second time or differently), with a GIN index (migration 0007). The query is
the same folded words as `'word':*` prefix lexemes joined by `&`, given to PostgreSQL as a
`tsquery` literal built from letters and digits only. `unaccent` is not used: it folds "Müller"
to "Muller" only, never to "Mueller", so it cannot give the meaning of core/folding.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Select,
    Text,
    TextClause,
    column,
    delete,
    func,
    insert,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from contactdesk.core.folding import fold, fold_cached, fold_simple, tokens
from contactdesk.core.searchtext import (
    index_text,
    like_patterns,
    match_expression,
    tsquery_expression,
)

#: rowid is the contact's sort key: 64 bits (PostgreSQL casts a bare Python int to INTEGER)
fts_table = table("contact_fts", column("rowid", BigInteger), column("text", Text))


def tsquery_clause(expr: str) -> TextClause:
    """WHERE contact_fts.tsv @@ expr, for a query over the index table on PostgreSQL."""
    return text("contact_fts.tsv @@ CAST(:tsq AS tsquery)").bindparams(tsq=expr)


_PG_PAGE = """
SELECT c.id, c.kind, c.display_name, c.affiliation, c.primary_email, c.primary_phone,
       c.city, c.tags_text, o.network_role, o.org_kind
FROM contact_fts AS f
JOIN contact AS c ON c.sort_key = f.rowid
LEFT OUTER JOIN organisation AS o ON o.id = c.id
WHERE f.tsv @@ CAST(:tsq AS tsquery) {deleted}
ORDER BY f.rowid
LIMIT :limit OFFSET :offset
"""


def pg_search_page(expr: str, include_deleted: bool, limit: int | None, offset: int) -> TextClause:
    """Every contact list row matching a tsquery, in name order (rowid = sort key), in one
    statement: for the unbounded list of the command line. A keystroke's page goes through
    `pg_first_keys` and `pg_rows_of_keys` instead."""
    sql = _PG_PAGE.format(deleted="" if include_deleted else "AND c.deleted_at IS NULL")
    return text(sql).bindparams(tsq=expr, limit=limit, offset=offset)


#: How many index entries a keystroke walks in name order before it asks the GIN index instead.
WALK_ROWS = 2000

# The two ways to the first hits in name order. PostgreSQL's planner cannot choose between them
# well: the hits of a name prefix ("m", "sch", "koehler") lie together somewhere in the name
# order, which its row estimates assume to be spread evenly, so it walks the primary key from
# "A" and reads half the table before the first page of "Müller" is full (and all of it for a
# word nobody has). Walking a bounded stretch first and sorting the GIN hits otherwise is exact
# either way and costs at most the walk plus the sort of the hits (bench_postgres.py).
_PG_WALK = text(
    "SELECT w.rowid FROM (SELECT rowid, tsv FROM contact_fts ORDER BY rowid LIMIT :walk) AS w "
    "WHERE w.tsv @@ CAST(:tsq AS tsquery) LIMIT :k"
)
# "rowid + 0": sort the hits the GIN index finds; never walk the primary key for the order
_PG_SORTED_HITS = text(
    "SELECT rowid FROM contact_fts WHERE tsv @@ CAST(:tsq AS tsquery) ORDER BY rowid + 0 LIMIT :k"
)


def pg_first_keys(session: Session, expr: str, k: int, *, walk: bool = True) -> list[int]:
    """The sort keys of the first `k` contacts (in name order) matching a tsquery on
    PostgreSQL; fewer only when there are no more. Dense hits are found by walking the first
    WALK_ROWS index entries in name order; when those hold fewer than `k` hits, the GIN index
    hands out all hits and the server keeps the first `k` (a top-k sort, no full sort)."""
    if walk:
        keys = list(session.scalars(_PG_WALK, {"walk": WALK_ROWS, "tsq": expr, "k": k}))
        if len(keys) == k:  # every hit outside the walked stretch comes later in name order
            return keys
    return list(session.scalars(_PG_SORTED_HITS, {"tsq": expr, "k": k}))


_PG_ONE = """
WITH walk AS MATERIALIZED (
    SELECT w.rowid FROM (SELECT rowid, tsv FROM contact_fts ORDER BY rowid LIMIT %(walk)s) AS w
    WHERE w.tsv @@ %(tsq)s::tsquery LIMIT %(k)s
), hits AS MATERIALIZED (
    SELECT rowid FROM walk WHERE (SELECT count(*) FROM walk) = %(k)s
    UNION ALL
    (SELECT rowid FROM contact_fts
     WHERE tsv @@ %(tsq)s::tsquery AND (SELECT count(*) FROM walk) < %(k)s
     ORDER BY rowid + 0 LIMIT %(k)s)
)
SELECT c.id, c.kind, c.display_name, c.affiliation, c.primary_email, c.primary_phone,
       c.city, c.tags_text, o.network_role, o.org_kind, (SELECT count(*) FROM hits) AS taken
FROM hits
JOIN contact AS c ON c.sort_key = hits.rowid
LEFT OUTER JOIN organisation AS o ON o.id = c.id
{deleted}
ORDER BY hits.rowid
LIMIT %(limit)s OFFSET %(offset)s
"""
_PG_ONE_LIVE = _PG_ONE.format(deleted="WHERE c.deleted_at IS NULL")
_PG_ONE_ALL = _PG_ONE.format(deleted="")

_PG_ROWS = """
SELECT c.id, c.kind, c.display_name, c.affiliation, c.primary_email, c.primary_phone,
       c.city, c.tags_text, o.network_role, o.org_kind
FROM contact AS c
LEFT OUTER JOIN organisation AS o ON o.id = c.id
WHERE c.sort_key = ANY(CAST(:keys AS bigint[])) {deleted}
ORDER BY c.sort_key
"""
_PG_ROWS_LIVE = text(_PG_ROWS.format(deleted="AND c.deleted_at IS NULL"))
_PG_ROWS_ALL = text(_PG_ROWS.format(deleted=""))


def pg_search_rows(
    session: Session, expr: str, include_deleted: bool, limit: int, offset: int
) -> list[Any]:
    """One page of contact list rows matching a tsquery, in name order: the PostgreSQL twin of
    the FTS5 keystroke query in services/contacts.py. The first offset+limit hits' rows are read
    through the unique sort-key index; deleted contacts among them make it ask for more."""
    need = offset + limit
    if need <= 0:
        return []
    # Usually one statement, straight to psycopg (this runs at every keystroke): the walk, the
    # GIN hits only when the walk came up short, the page's rows, and how many hits were taken.
    raw = session.connection().connection.driver_connection
    assert raw is not None
    sql = _PG_ONE_ALL if include_deleted else _PG_ONE_LIVE
    params = {"walk": WALK_ROWS, "tsq": expr, "k": need, "limit": limit, "offset": offset}
    found = raw.execute(sql, params).fetchall()
    if len(found) == limit or (found and found[0][-1] < need):  # a full page, or every hit
        return [row[:-1] for row in found]
    # a short page: the end of the hits, or contacts in the recycle bin took places
    k = need
    keys = pg_first_keys(session, expr, k)
    while True:
        rows = list(
            session.execute(_PG_ROWS_ALL if include_deleted else _PG_ROWS_LIVE, {"keys": keys})
        )
        if len(rows) >= need or len(keys) < k:  # a full page, or no more hits
            return rows[offset:need]
        k *= 4  # contacts in the recycle bin took places: ask for more hits
        keys = pg_first_keys(session, expr, k, walk=False)


def replace_entries(
    session: Session, entries: Sequence[tuple[int, str]], *, old_keys: Sequence[int] = ()
) -> None:
    """Store (sort key, index text) pairs, replacing what was indexed under those keys and
    under `old_keys` (a contact whose key changed). Keys: core/sortkeys.py."""
    if not entries and not old_keys:
        return
    remove_entries(session, [key for key, _ in entries] + list(old_keys))
    if entries:
        session.execute(insert(fts_table), [{"rowid": key, "text": body} for key, body in entries])


def remove_entries(session: Session, keys: Sequence[int]) -> None:
    for start in range(0, len(keys), 500):
        chunk = list(keys[start : start + 500])
        session.execute(delete(fts_table).where(fts_table.c.rowid.in_(chunk)))


def rekey(session: Session, old_to_new: dict[int, int]) -> None:
    """Move index entries to new rowids (the contacts were renumbered)."""
    moved: list[tuple[int, str]] = []
    old_keys = list(old_to_new)
    for start in range(0, len(old_keys), 500):
        chunk = old_keys[start : start + 500]
        moved += [
            (old_to_new[row.rowid], row.text)
            for row in session.execute(
                select(fts_table.c.rowid, fts_table.c.text).where(fts_table.c.rowid.in_(chunk))
            )
        ]
    remove_entries(session, old_keys)
    for start in range(0, len(moved), 5000):
        batch = moved[start : start + 5000]
        session.execute(insert(fts_table), [{"rowid": key, "text": body} for key, body in batch])


#: Below this many hits a search sorts its few matches; above it, it walks the name index.
FEW_HITS = 300


def has_many_hits(session: Session, query: str) -> bool:
    """Whether the query matches at least FEW_HITS contacts (reads at most that many hits)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        tsq = tsquery_expression(query)
        if tsq is None:
            return True
        pg_probe = (
            select(fts_table.c.rowid).where(tsquery_clause(tsq)).limit(1).offset(FEW_HITS - 1)
        )
        return session.execute(pg_probe).first() is not None
    if dialect != "sqlite":
        return True
    expr = match_expression(query)
    if expr is None:
        return True
    probe = text(
        "SELECT rowid FROM contact_fts WHERE contact_fts MATCH :q LIMIT 1 OFFSET :n"
    ).bindparams(q=expr, n=FEW_HITS - 1)
    return session.execute(probe).first() is not None


def match_clause(expr: str) -> TextClause:
    """WHERE contact_fts MATCH expr, for a query over the index table."""
    return text("contact_fts MATCH :q").bindparams(q=expr)


def matching_keys(session: Session, query: str) -> Select[tuple[int]] | None:
    """A sub-select of the sort keys (index rowids, core/sortkeys.py) of the contacts matching
    the query, or None when the query has no words."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        expr = match_expression(query)
        if expr is None:
            return None
        return select(fts_table.c.rowid).where(match_clause(expr))
    if dialect == "postgresql":
        tsq = tsquery_expression(query)
        if tsq is None:
            return None
        return select(fts_table.c.rowid).where(tsquery_clause(tsq))
    patterns = like_patterns(query)
    if not patterns:
        return None
    body = func.concat(" ", fts_table.c.text)
    stmt = select(fts_table.c.rowid)
    for pattern in patterns:
        stmt = stmt.where(body.like(pattern, escape="\\"))
    return stmt


__all__ = [
    "fold",
    "fold_cached",
    "fold_simple",
    "index_text",
    "match_expression",
    "matching_keys",
    "rekey",
    "remove_entries",
    "replace_entries",
    "tokens",
    "tsquery_expression",
]
