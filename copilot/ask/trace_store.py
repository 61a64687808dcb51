"""Where answer traces are kept: one row per trace_id, its JSON body (redacted) and when it was made,
so traces older than the retention period can be purged (`purge_before`).

SQLAlchemy Core on the approval queue's SQLite set-up (WAL, busy timeout), in DATA_DIR/traces.sqlite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Index, MetaData, String, Table, Text, delete, event, func, insert, select

from copilot.core.tables import create_tables
from guardrails.approvals.engine import create_approvals_engine
from guardrails.approvals.tables import UTCDateTime

metadata = MetaData()

traces = Table(
    "traces",
    metadata,
    Column("trace_id", String(64), primary_key=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("body", Text, nullable=False),  # the trace as JSON, redacted
    Index("traces_created_at", "created_at"),
)


@dataclass(frozen=True)
class TraceSummary:
    """A line of the "Recent answers" list."""

    trace_id: str
    created_at: datetime
    outcome: str
    question: str
    asked_by: str
    approval_id: int | None


def default_url(data_dir: Path) -> str:
    """`sqlite:///DATA_DIR/traces.sqlite`, next to the approval queue."""
    return f"sqlite:///{data_dir / 'traces.sqlite'}"


class TraceStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        create_tables(metadata, engine)

    @classmethod
    def at_url(cls, url: str) -> TraceStore:
        engine = create_approvals_engine(url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _commit_without_fsync)
        return cls(engine)

    def save(self, body: dict[str, Any]) -> None:
        """Store a trace made by `TraceRecorder.finish`."""
        row = {
            "trace_id": body["trace_id"],
            "created_at": datetime.fromisoformat(body["created_at"]),
            "outcome": body["outcome"]["kind"],
            "body": json.dumps(body, ensure_ascii=False),
        }
        with self._engine.begin() as conn:
            conn.execute(insert(traces).values(**row))

    def get(self, trace_id: str) -> dict[str, Any] | None:
        with self._engine.connect() as conn:
            body = conn.execute(select(traces.c.body).where(traces.c.trace_id == trace_id)).scalar_one_or_none()
        return json.loads(body) if body is not None else None

    def recent(self, limit: int = 50) -> list[TraceSummary]:
        """The latest traces, newest first."""
        if limit <= 0:
            raise ValueError("limit must be positive")
        query = select(traces.c.body).order_by(traces.c.created_at.desc()).limit(limit)
        with self._engine.connect() as conn:
            bodies = [json.loads(b) for b in conn.execute(query).scalars()]
        return [
            TraceSummary(
                b["trace_id"], datetime.fromisoformat(b["created_at"]), b["outcome"]["kind"], b["question"],
                b.get("asked_by", ""), b.get("approval_id"),
            )
            for b in bodies
        ]

    def count_before(self, cutoff: datetime) -> int:
        """How many traces `purge_before(cutoff)` would delete."""
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(traces).where(traces.c.created_at < cutoff)).scalar_one())

    def purge_before(self, cutoff: datetime) -> int:
        """Delete the traces made before `cutoff` (aware); returns how many. The caller VACUUMs."""
        with self._engine.begin() as conn:
            return conn.execute(delete(traces).where(traces.c.created_at < cutoff)).rowcount


def _commit_without_fsync(dbapi_connection: Any, _record: Any) -> None:
    # Every answer writes a trace: in WAL mode, NORMAL skips the fsync of each commit (a quarter of the
    # cost, measured) and still survives a crash of the service; a power cut may lose the last traces only.
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")
