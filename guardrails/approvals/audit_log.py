"""The append-only audit log: who did what to which draft, with the state before and after.

Entries are only added and read, except by the retention purge (docs/retention.md): it erases the texts of an
approval whose retention has passed, and removes entries older than the audit log's own retention.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, delete, func, insert, or_, select, update

from copilot.core.errors import InputError
from copilot.core.tables import create_tables
from guardrails.approvals.records import Action, AuditEntry, Clock, Redact, Status, from_row, parse_choice, utc_now
from guardrails.approvals.tables import approvals, audit_log, metadata
from guardrails.approvals.upgrade import upgrade_audit_actions

FREE_TEXT_FIELDS = frozenset({"question", "draft", "final_text", "reason"})
"""Keys of a before/after snapshot whose values are people's words, so they go through `redact`."""

ERASED_FIELDS = FREE_TEXT_FIELDS | {"citations", "tone_findings"}
"""Keys of a snapshot emptied when its approval's retention passes (a tone finding quotes the draft)."""


class AuditLog:
    def __init__(self, engine: Engine, *, redact: Redact, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._redact = redact
        self._clock = clock
        create_tables(metadata, engine)
        upgrade_audit_actions(engine)

    def record(
        self,
        action: str,
        actor: str,
        *,
        approval_id: int | None = None,
        trace_id: str | None = None,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        connection: Connection | None = None,
    ) -> AuditEntry:
        """Append one entry. Pass `connection` to write inside the caller's transaction."""
        if not actor.strip():
            raise InputError("an audit entry needs an actor: give the associate or manager id")
        values = {
            "at": self._clock(),
            "actor": actor,
            "action": parse_choice(Action, action, "audit action").value,
            "approval_id": approval_id,
            "trace_id": trace_id,
            "before": self._redacted(before),
            "after": self._redacted(after),
        }
        if connection is not None:
            return self._append(connection, values)
        with self._engine.begin() as conn:
            return self._append(conn, values)

    def entries(self, approval_id: int | None = None) -> list[AuditEntry]:
        """Every entry in the order written, or only those about one approval."""
        query = select(audit_log).order_by(audit_log.c.id)
        if approval_id is not None:
            query = query.where(audit_log.c.approval_id == approval_id)
        with self._engine.connect() as conn:
            return [_to_entry(row._mapping) for row in conn.execute(query)]

    def count_before(self, cutoff: datetime) -> int:
        """How many entries `purge_before(cutoff)` would remove."""
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(audit_log).where(_expired(cutoff))).scalar_one()

    def purge_before(self, cutoff: datetime) -> int:
        """Remove the entries older than `cutoff`, keeping an approval's history whole: the history of an
        approval decided before `cutoff` goes with the approval itself; that of a pending approval stays.
        Returns how many entries were removed."""
        with self._engine.begin() as conn:
            removed = conn.execute(delete(audit_log).where(_expired(cutoff))).rowcount
            conn.execute(delete(approvals).where(approvals.c.id.in_(_decided_before(cutoff))))
        return removed

    def erase_texts(self, approval_ids: Sequence[int], connection: Connection) -> None:
        """Empty the people's words (and the draft's quotes) in the snapshots of these approvals' entries,
        inside the caller's transaction; who did what and when stays."""
        rows = connection.execute(
            select(audit_log.c.id, audit_log.c.before, audit_log.c.after).where(audit_log.c.approval_id.in_(approval_ids))
        )
        for entry_id, before, after in rows.all():
            connection.execute(
                update(audit_log).where(audit_log.c.id == entry_id).values(before=_erased(before), after=_erased(after))
            )

    def _append(self, conn: Connection, values: dict[str, Any]) -> AuditEntry:
        entry_id = conn.execute(insert(audit_log).values(**values)).inserted_primary_key[0]
        return _to_entry({"id": entry_id, **values})

    def _redacted(self, snapshot: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if snapshot is None:
            return None
        return {
            key: self._redact(value) if key in FREE_TEXT_FIELDS and isinstance(value, str) else value
            for key, value in snapshot.items()
        }


def _decided_before(cutoff: datetime) -> Any:
    return select(approvals.c.id).where(approvals.c.status != Status.PENDING.value, approvals.c.decided_at < cutoff)


def _expired(cutoff: datetime) -> ColumnElement[bool]:
    return or_(
        audit_log.c.approval_id.in_(_decided_before(cutoff)),
        and_(audit_log.c.approval_id.is_(None), audit_log.c.at < cutoff),
    )


def _erased(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {key: None if key in ERASED_FIELDS else value for key, value in snapshot.items()}


def _to_entry(row: Mapping[str, Any]) -> AuditEntry:
    return from_row(AuditEntry, row, action=Action)
