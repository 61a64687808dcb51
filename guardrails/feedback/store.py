"""The feedback table: one row per (answer, associate, kind), so a changed mind replaces the earlier
vote rather than counting twice. Comments are redacted before they are written.

SQLAlchemy Core, on the same SQLite set-up as the approval queue (WAL, busy timeout); PostgreSQL by URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from sqlalchemy import (
    CheckConstraint,
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from copilot.core.errors import InputError
from copilot.core.tables import create_tables
from guardrails.approvals.engine import create_approvals_engine
from guardrails.approvals.records import Clock, Redact, utc_now
from guardrails.approvals.tables import UTCDateTime


class FeedbackKind(StrEnum):
    RATING = "rating"  # value: up | down
    ANSWERED_CLIENT = "answered_client"  # value: yes | no (the associate used the answer with a client)


_VALUES: dict[FeedbackKind, tuple[str, ...]] = {
    FeedbackKind.RATING: ("up", "down"),
    FeedbackKind.ANSWERED_CLIENT: ("yes", "no"),
}

metadata = MetaData()

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UTCDateTime, nullable=False),
    Column("trace_id", String(64), nullable=False),
    Column("user_id", String(200), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("value", String(8), nullable=False),
    Column("comment", Text),  # redacted
    CheckConstraint("kind IN ('rating', 'answered_client')", name="kind_allowed"),
    CheckConstraint("value IN ('up', 'down', 'yes', 'no')", name="value_allowed"),
    UniqueConstraint("trace_id", "user_id", "kind", name="one_per_answer_user_kind"),
)


@dataclass(frozen=True)
class Feedback:
    id: int
    at: datetime
    trace_id: str
    user_id: str
    kind: FeedbackKind
    value: str
    comment: str | None


def default_url(data_dir: Path) -> str:
    """`sqlite:///DATA_DIR/feedback.sqlite`, next to the approval queue."""
    return f"sqlite:///{data_dir / 'feedback.sqlite'}"


class FeedbackStore:
    def __init__(self, engine: Engine, *, redact: Redact, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._redact = redact
        self._clock = clock
        create_tables(metadata, engine)

    @classmethod
    def at_url(cls, url: str, *, redact: Redact, clock: Clock = utc_now) -> FeedbackStore:
        return cls(create_approvals_engine(url), redact=redact, clock=clock)

    def record(
        self, *, trace_id: str, user_id: str, kind: str, value: str, comment: str | None = None
    ) -> Feedback:
        """Store (or replace) this associate's feedback of this kind on the answer `trace_id`."""
        parsed = _kind(kind)
        if value not in _VALUES[parsed]:
            raise InputError(f"{parsed.value} feedback must be one of {', '.join(_VALUES[parsed])}, not {value!r}")
        for name, given in (("trace_id", trace_id), ("user_id", user_id)):
            if not given or not given.strip():
                raise InputError(f"{name} is empty; give the {name} of the answer and of the associate")
        row = {
            "at": self._clock(),
            "value": value,
            "comment": self._redact(comment.strip()) if comment and comment.strip() else None,
        }
        key = {"trace_id": trace_id, "user_id": user_id, "kind": parsed.value}
        try:
            return self._upsert(key, row)
        except IntegrityError:
            # Two taps raced to insert the same key: the row exists now, so the retry updates it.
            return self._upsert(key, row)

    def for_trace(self, trace_id: str) -> list[Feedback]:
        query = select(feedback).where(feedback.c.trace_id == trace_id).order_by(feedback.c.id)
        with self._engine.connect() as conn:
            return [_to_feedback(r._mapping) for r in conn.execute(query)]

    def all(self) -> list[Feedback]:
        with self._engine.connect() as conn:
            return [_to_feedback(r._mapping) for r in conn.execute(select(feedback).order_by(feedback.c.id))]

    def count_before(self, cutoff: datetime) -> int:
        """How many rows `purge_before(cutoff)` would delete."""
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(feedback).where(feedback.c.at < cutoff)).scalar_one()

    def purge_before(self, cutoff: datetime) -> int:
        """Delete the feedback last given before `cutoff`; returns how many rows went."""
        with self._engine.begin() as conn:
            return conn.execute(delete(feedback).where(feedback.c.at < cutoff)).rowcount

    def _upsert(self, key: dict[str, str], row: dict[str, object]) -> Feedback:
        where = [feedback.c[name] == value for name, value in key.items()]
        with self._engine.begin() as conn:
            changed = conn.execute(update(feedback).where(*where).values(**row)).rowcount
            if changed == 0:
                conn.execute(insert(feedback).values(**key, **row))
            return _to_feedback(conn.execute(select(feedback).where(*where)).one()._mapping)


def _kind(kind: str) -> FeedbackKind:
    try:
        return FeedbackKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in FeedbackKind)
        raise InputError(f"unknown feedback kind {kind!r}; use one of: {allowed}") from None


def _to_feedback(row: object) -> Feedback:
    values = dict(row)  # type: ignore[call-overload]
    return Feedback(**{**values, "kind": FeedbackKind(values["kind"])})
