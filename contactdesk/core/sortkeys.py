"""Sort keys: the name order of all contacts as numbers with gaps.

Invariant: ordering contacts by `sort_key` gives exactly the order of (sort_name, id). The key
is also the contact's rowid in the full-text index (core/search.py), and FTS5 returns its hits
in rowid order: a search can read the first page of hits already sorted by name and stop there,
however many contacts share a common prefix.

A new or renamed contact gets a key between its neighbours; keys start STEP apart, so about
twenty contacts can be placed between the same two neighbours one by one before the keys run out
there. Then (and when a bulk insert does not fit the gaps) every contact is numbered afresh and
the search index is moved along in the same transaction.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from sqlalchemy import Row, Table, bindparam, select, tuple_
from sqlalchemy.orm import Session

from contactdesk.core import search
from contactdesk.core.models import Contact

#: Room between two neighbours: 2**20 lets about twenty contacts be placed one by one between
#: the same two before a renumbering, and keeps the index's rowid deltas short (3-byte varints).
STEP = 1 << 20


def _neighbours(session: Session, sort_name: str, contact_id: int) -> tuple[int, int | None]:
    """Keys of the contacts just before and just after (sort_name, id), this one excluded."""
    place = tuple_(Contact.sort_name, Contact.id)
    here = tuple_(sort_name, contact_id)
    before = session.scalar(
        select(Contact.sort_key)
        .where(place < here, Contact.id != contact_id)
        .order_by(Contact.sort_name.desc(), Contact.id.desc())
        .limit(1)
    )
    after = session.scalar(
        select(Contact.sort_key)
        .where(place > here, Contact.id != contact_id)
        .order_by(Contact.sort_name, Contact.id)
        .limit(1)
    )
    return before or 0, after


def place(session: Session, contact: Contact) -> int | None:
    """Give `contact` a key that fits its (flushed) sort_name; returns its old key.

    The old key is the rowid its search entry has now (None: it has none yet). When the keys
    had to be renumbered, the old entry has moved already and the new key is returned instead.
    """
    old = contact.sort_key
    before, after = _neighbours(session, contact.sort_name, contact.id)
    if old is not None and before < old and (after is None or old < after):
        return old  # still in its place
    if after is None:
        contact.sort_key = before + STEP
    elif after - before > 1:
        contact.sort_key = before + (after - before) // 2
    else:
        renumber_all(session)
        return contact.sort_key
    session.flush()
    return old


def keys_for_new(session: Session, new: Sequence[tuple[int, str]]) -> dict[int, int]:
    """Keys for contacts about to be inserted (id, sort_name), fitted into the existing order.

    Keys of existing contacts stay unless the new ones do not fit their gaps; then everything is
    renumbered (search index included) and the returned keys fit the new numbering.
    """
    ordered = sorted(new, key=lambda item: (item[1], item[0]))
    existing = session.execute(
        select(Contact.sort_name, Contact.id, Contact.sort_key).order_by(
            Contact.sort_name, Contact.id
        )
    ).all()
    if any(row.sort_key is None for row in existing):  # cannot happen; repair, do not fail
        return _renumbered_with(session, existing, ordered)
    places = [(row.sort_name, row.id) for row in existing]
    keys = [row.sort_key for row in existing]
    result: dict[int, int] = {}
    # Runs of new contacts that fall into the same gap between two existing ones.
    runs: dict[int, list[int]] = {}
    for cid, sort_name in ordered:
        runs.setdefault(bisect_left(places, (sort_name, cid)), []).append(cid)
    for gap, run in runs.items():
        low = keys[gap - 1] if gap > 0 else 0
        high = keys[gap] if gap < len(keys) else None
        if high is None:
            for n, cid in enumerate(run, start=1):
                result[cid] = low + n * STEP
            continue
        step = (high - low) // (len(run) + 1)
        if step < 1:
            return _renumbered_with(session, existing, ordered)
        for n, cid in enumerate(run, start=1):
            result[cid] = low + n * step
    return result


def _renumbered_with(
    session: Session,
    existing: Sequence[Row[str, int, int | None]],
    new: Sequence[tuple[int, str]],
) -> dict[int, int]:
    everyone = sorted(
        [(row.sort_name, row.id, False) for row in existing]
        + [(sort_name, cid, True) for cid, sort_name in new]
    )
    moved: dict[int, int] = {}
    result: dict[int, int] = {}
    for position, (_name, cid, is_new) in enumerate(everyone, start=1):
        (result if is_new else moved)[cid] = position * STEP
    _apply(session, moved)
    return result


def renumber_all(session: Session) -> None:
    """Number every contact afresh, STEP apart, and move the search entries along."""
    session.flush()
    ids = session.scalars(select(Contact.id).order_by(Contact.sort_name, Contact.id)).all()
    _apply(session, {cid: position * STEP for position, cid in enumerate(ids, start=1)})


def _apply(session: Session, keys: dict[int, int]) -> None:
    """Set the keys of existing contacts (by id) and re-key their search entries."""
    session.flush()
    rows = session.execute(select(Contact.id, Contact.sort_key)).all()
    old_to_new = {r.sort_key: keys[r.id] for r in rows if r.sort_key is not None and r.id in keys}
    table = Contact.__table__
    assert isinstance(table, Table)  # a mapped class's table (typed as any FromClause)
    conn = session.connection()
    # Two passes through negative keys: the unique index never sees two equal keys.
    conn.execute(
        table.update().values(sort_key=-table.c.sort_key).where(table.c.sort_key.is_not(None))
    )
    items = [{"cid": cid, "key": key} for cid, key in keys.items()]
    stmt = table.update().where(table.c.id == bindparam("cid")).values(sort_key=bindparam("key"))
    for start in range(0, len(items), 5000):
        conn.execute(stmt, items[start : start + 5000])
    search.rekey(session, old_to_new)
    session.expire_all()
