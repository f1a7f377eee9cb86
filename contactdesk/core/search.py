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
    """One page of contact list rows matching a tsquery, in name order (rowid = sort key):
    the PostgreSQL twin of the FTS5 keystroke query in services/contacts.py."""
    sql = _PG_PAGE.format(deleted="" if include_deleted else "AND c.deleted_at IS NULL")
    return text(sql).bindparams(tsq=expr, limit=limit, offset=offset)


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
