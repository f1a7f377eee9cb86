"""Data protection records: the erasure list (Art. 17 DSGVO).

An erased contact leaves no name here: only when, by whom, its record number and its UUID, so
that the erasure can be applied again to a restored backup (services/privacy_erase.py).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from contactdesk.core.models.base import Base, UTCDateTime


class Erasure(Base):
    __tablename__ = "erasure"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: the OS user (single desk) who erased; never the erased person's data
    erased_by: Mapped[str] = mapped_column(String(200))
    contact_id: Mapped[int] = mapped_column()
    contact_uid: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(20))
