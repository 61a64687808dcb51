"""The approval queue's two tables in portable SQLAlchemy Core: SQLite today, PostgreSQL by URL later.

Timestamps are stored as naive UTC and read back as aware UTC, identically on every database.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from guardrails.approvals.records import Action, Kind, Status


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, whatever the database does with time zones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"timestamp {value.isoformat()} has no time zone; the clock must return aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def _one_of(column: str, values: type[Status] | type[Kind] | type[Action]) -> CheckConstraint:
    allowed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_allowed")


metadata = MetaData()

approvals = Table(
    "approvals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("trace_id", String(64), nullable=False),
    Column("question", Text, nullable=False),
    Column("draft", Text, nullable=False),
    Column("citations", JSON, nullable=False),
    Column("tone_findings", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("decided_by", String(200)),
    Column("decided_at", UTCDateTime),
    Column("reason", Text),
    Column("final_text", Text),
    _one_of("kind", Kind),
    _one_of("status", Status),
    Index("approvals_status", "status"),
)

# Append-only by convention and by code: nothing in this package updates or deletes its rows.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(32), nullable=False),
    Column("approval_id", Integer, ForeignKey("approvals.id")),
    Column("trace_id", String(64)),
    Column("before", JSON(none_as_null=True)),
    Column("after", JSON(none_as_null=True)),
    _one_of("action", Action),
    Index("audit_log_approval", "approval_id"),
)
