"""The pilot's lookups as the service records them, in DATA_DIR/pilot.sqlite: one row per answer given
(keyed by its trace id, so the tablet's buttons find it), with no question text and no client detail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    select,
    update,
)

from copilot.core.tables import create_tables
from copilot.pilot.plan import Outcome, PilotLookup
from guardrails.approvals import create_approvals_engine
from guardrails.approvals.engine import sqlite_path
from guardrails.approvals.tables import UTCDateTime, approvals

metadata = MetaData()

lookups = Table(
    "pilot_lookups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trace_id", String(64), nullable=False, unique=True),
    Column("at", UTCDateTime, nullable=False),  # the question reached the service
    Column("boutique", String(200), nullable=False),
    Column("question_class", String(64), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("answered_client", Boolean),
    Column("answered_at", UTCDateTime),  # when the associate marked "answered the client"
    Column("vote", String(8)),
    CheckConstraint("outcome IN ('answered', 'closest', 'refused', 'error')", name="outcome_allowed"),
    CheckConstraint("vote IN ('up', 'down')", name="vote_allowed"),
)


def store_path(data_dir: Path) -> Path:
    return data_dir / "pilot.sqlite"


@dataclass(frozen=True)
class DraftTimes:
    """When a held draft was queued and when a manager decided it (None while pending)."""

    queued: datetime
    decided: datetime | None


class PilotStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        create_tables(metadata, engine)

    @classmethod
    def at(cls, path: Path) -> PilotStore:
        return cls(create_approvals_engine(f"sqlite:///{path}"))

    def add(
        self, *, trace_id: str, at: datetime, boutique: str, question_class: str, outcome: Outcome, latency_ms: float
    ) -> None:
        row = {"trace_id": trace_id, "at": at, "boutique": boutique, "question_class": question_class,
               "outcome": outcome, "latency_ms": round(latency_ms, 1)}
        with self._engine.begin() as conn:
            conn.execute(lookups.insert().values(**row))

    def mark_answered(self, trace_id: str, answered: bool, at: datetime) -> bool:
        """The associate's "answered the client" (or its undoing); False when no such lookup was recorded."""
        return self._set(trace_id, answered_client=answered, answered_at=at if answered else None)

    def vote(self, trace_id: str, vote: str) -> bool:
        if vote not in ("up", "down"):
            raise ValueError(f"a vote is up or down, not {vote!r}")
        return self._set(trace_id, vote=vote)

    def lookups(self, drafts: Mapping[str, DraftTimes] | None = None) -> list[PilotLookup]:
        """Every recorded lookup as the report reads it. A lookup's seconds run from the question reaching
        the service to "answered the client"; its approval wait from the draft queued to the decision."""
        with self._engine.connect() as conn:
            rows = [r._mapping for r in conn.execute(select(lookups).order_by(lookups.c.id))]
        drafts = drafts or {}
        out = []
        for row in rows:
            draft = drafts.get(row["trace_id"])
            seconds = (row["answered_at"] - row["at"]).total_seconds() if row["answered_client"] and row["answered_at"] else None
            out.append(PilotLookup(
                at=row["at"], boutique=row["boutique"], question_class=row["question_class"], outcome=row["outcome"],
                seconds=seconds if seconds and seconds > 0 else None, latency_ms=row["latency_ms"],
                answered_client=row["answered_client"], vote=row["vote"],
                approval_wait_s=(draft.decided - draft.queued).total_seconds() if draft and draft.decided else None,
            ))
        return out

    def trace_ids(self) -> list[str]:
        with self._engine.connect() as conn:
            return [r[0] for r in conn.execute(select(lookups.c.trace_id).order_by(lookups.c.id))]

    def _set(self, trace_id: str, **values: object) -> bool:
        with self._engine.begin() as conn:
            return conn.execute(update(lookups).where(lookups.c.trace_id == trace_id).values(**values)).rowcount > 0


def draft_times(engine: Engine, trace_ids: list[str]) -> dict[str, DraftTimes]:
    """From the approval queue's own table: when each lookup's held draft was queued and decided."""
    found: dict[str, DraftTimes] = {}
    query = select(approvals.c.trace_id, approvals.c.created_at, approvals.c.decided_at)
    with engine.connect() as conn:
        for start in range(0, len(trace_ids), 500):
            batch = trace_ids[start:start + 500]
            for trace_id, queued, decided in conn.execute(query.where(approvals.c.trace_id.in_(batch))):
                found[trace_id] = DraftTimes(queued, decided)
    return found


def recorded_lookups(data_dir: Path, approvals_url: str) -> list[PilotLookup] | None:
    """The lookups the service recorded under `data_dir`, with their approval waits; None when it recorded
    none there (no pilot.sqlite). Opens nothing it would have to create."""
    path = store_path(data_dir)
    if not path.is_file():
        return None
    store = PilotStore.at(path)
    queue_file = sqlite_path(approvals_url)
    if queue_file is not None and not queue_file.is_file():
        return store.lookups()
    return store.lookups(draft_times(create_approvals_engine(approvals_url), store.trace_ids()))
