"""The append-only audit log: who did what to which draft, with the state before and after.

It can only add and read entries; there is deliberately no way to change or remove one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from copilot.core.errors import InputError
from guardrails.approvals.records import Action, AuditEntry, Clock, Redact, from_row, parse_choice, utc_now
from guardrails.approvals.tables import audit_log, metadata

FREE_TEXT_FIELDS = frozenset({"question", "draft", "final_text", "reason"})
"""Keys of a before/after snapshot whose values are people's words, so they go through `redact`."""


class AuditLog:
    def __init__(self, engine: Engine, *, redact: Redact, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._redact = redact
        self._clock = clock
        metadata.create_all(engine)

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


def _to_entry(row: Mapping[str, Any]) -> AuditEntry:
    return from_row(AuditEntry, row, action=Action)
