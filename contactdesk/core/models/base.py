"""Declarative base, constraint naming convention and shared column types."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, MetaData, String, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores timezone-aware datetimes as naive UTC; returns them aware (UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        # Same result as value.replace(tzinfo=UTC), several times quicker on every date read.
        return _EPOCH_UTC + (value - _EPOCH)


_EPOCH = datetime(1970, 1, 1)
_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


_last_uuid7 = [0]


def new_uid() -> str:
    """A time-ordered UUID (version 7, RFC 9562): unique, and cheap to append to an index."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big") & ((1 << 74) - 1)
    value = (
        (millis << 80)
        | (0x7 << 76)
        | ((rand >> 62) << 64)
        | (0b10 << 62)
        | (rand & ((1 << 62) - 1))
    )
    if value <= _last_uuid7[0]:  # same millisecond: keep strictly increasing
        value = _last_uuid7[0] + 1
    _last_uuid7[0] = value
    return str(uuid.UUID(int=value))


def new_uids(count: int) -> list[str]:
    """`count` fresh time-ordered UUIDs at once, for bulk inserts (consecutive counters)."""
    if count <= 0:
        return []
    millis = time.time_ns() // 1_000_000
    # Leave room in the 62 random bits so that counting up never touches the variant bits.
    rand = int.from_bytes(os.urandom(10), "big") & ((1 << 61) - 1)
    first = (
        (millis << 80)
        | (0x7 << 76)
        | ((rand >> 50) << 64)
        | (0b10 << 62)
        | (rand & ((1 << 50) - 1))
    )
    first = max(first, _last_uuid7[0] + 1)
    _last_uuid7[0] = first + count - 1
    out = []
    for value in range(first, first + count):
        h = f"{value:032x}"
        out.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return out


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class UidMixin:
    """A stable UUID for everything that leaves the program (vCard UID, export ids)."""

    uid: Mapped[str] = mapped_column(String(255), default=new_uid, unique=True)
