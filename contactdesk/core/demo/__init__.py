"""Example data of Stadt Bitterfeld-Wolfen's first year in the network "Engagierte Stadt".

Every record has a fixed UID derived from a key, so loading twice adds nothing twice. People the
source does not name are invented and flagged `is_example`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from contactdesk.core.demo.common import DemoReport, demo_uid

__all__ = ["DemoReport", "demo_uid", "load_demo"]


def load_demo(session: Session) -> DemoReport:
    """Add whatever example data is missing; one call is one transaction of the caller."""
    # Imported here: the papers pull in reportlab, which the start of the app does not need.
    from contactdesk.core.demo import agreements, contacts, papers, schedule

    report = DemoReport()
    ids = contacts.load(session, report)
    ids.update(agreements.load(session, report, ids))
    ids.update(schedule.load(session, report, ids))
    papers.load(session, report, ids)
    return report
