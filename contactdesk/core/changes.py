"""The kinds of record an action can change (Qt-free).

Services and undo commands say which kinds they touched; the window's runner (gui/ops.py) puts
them into its `Change`, and every area refreshes only when a Change names a kind it shows.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """DOCUMENTS are the files of agreements; a paper's attachments belong to PAPERS, a
    session's agenda to SESSIONS (committee sessions), its date to EVENTS."""

    CONTACTS = "contacts"
    ORGANISATIONS = "organisations"
    AGREEMENTS = "agreements"
    EVENTS = "events"
    PARTICIPANTS = "participants"
    PAPERS = "papers"
    SESSIONS = "sessions"
    DOCUMENTS = "documents"
    SETTINGS = "settings"


#: every kind: a restore, a migration, demo data, an undo whose command does not say
ALL_KINDS: frozenset[Kind] = frozenset(Kind)
#: what a contact write touches (a person and an organisation share the contact table)
CONTACT_KINDS: frozenset[Kind] = frozenset({Kind.CONTACTS, Kind.ORGANISATIONS})
#: what an agreement write touches (its documents are shown with it)
AGREEMENT_KINDS: frozenset[Kind] = frozenset({Kind.AGREEMENTS, Kind.DOCUMENTS})
#: what an event write touches (its participants are saved with it)
EVENT_KINDS: frozenset[Kind] = frozenset({Kind.EVENTS, Kind.PARTICIPANTS})
#: what a paper write touches (its attachments and consultations belong to the paper)
PAPER_KINDS: frozenset[Kind] = frozenset({Kind.PAPERS})
