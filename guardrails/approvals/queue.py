"""The approval queue: client-facing drafts wait here until a manager approves, edits or rejects them.

Each decision and its audit entry are written in one transaction, and only a pending draft can change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, and_, func, insert, select, update

from copilot.core.errors import ConflictError, InputError, NotFoundError
from copilot.core.tables import create_tables
from guardrails.approvals.audit_log import AuditLog
from guardrails.approvals.marker import QueueMarker
from guardrails.approvals.records import Action, Approval, Clock, Kind, Redact, Status, from_row, parse_choice, utc_now
from guardrails.approvals.tables import approvals, metadata

PURGE_BATCH = 500  # approvals erased per statement, well under every database's limit on bound parameters

_DONE = {Status.APPROVED: "approved", Status.EDITED: "edited and approved", Status.REJECTED: "rejected"}
_WANTED = {Status.APPROVED: "approved", Status.EDITED: "edited", Status.REJECTED: "rejected"}

# Every decision starts from this state (the WHERE clause guarantees it), so it is the audit's "before".
_PENDING_DECISION: dict[str, Any] = {
    "status": Status.PENDING.value,
    "decided_by": None,
    "decided_at": None,
    "reason": None,
    "final_text": None,
}


class ApprovalQueue:
    def __init__(
        self, engine: Engine, *, redact: Redact, clock: Clock = utc_now, audit: AuditLog | None = None,
        marker: QueueMarker | None = None,
    ) -> None:
        self._engine = engine
        self._redact = redact
        self._clock = clock
        self.audit = audit or AuditLog(engine, redact=redact, clock=clock)
        create_tables(metadata, engine)
        self._marker = marker
        if marker is not None:  # a queue that predates its marker gets one now
            with engine.connect() as conn:
                marker.record(conn.execute(select(func.max(approvals.c.id))).scalar_one() or 0)

    def create(
        self,
        *,
        kind: str,
        created_by: str,
        trace_id: str,
        question: str,
        draft: str,
        citations: Sequence[Mapping[str, Any]] = (),
        tone_findings: Sequence[Mapping[str, Any]] = (),
    ) -> Approval:
        """Queue a draft as pending. `question` and `draft` should already be redacted by the caller."""
        values = {
            "kind": parse_choice(Kind, kind, "approval kind").value,
            "created_at": self._now(),
            "created_by": _required(created_by, "created_by", "the id of the associate who asked"),
            "trace_id": _required(trace_id, "trace_id", "the trace id of the ask that produced the draft"),
            "question": self._redact(question),
            "draft": self._redact(_required(draft, "draft", "the text the client would receive")),
            "citations": _json_list(citations, "citations"),
            "tone_findings": [self._redacted_finding(f) for f in _json_list(tone_findings, "tone_findings")],
            "status": Status.PENDING.value,
        }
        with self._engine.begin() as conn:
            approval_id = conn.execute(insert(approvals).values(**values)).inserted_primary_key[0]
            approval = self._fetch(conn, approval_id)
            self.audit.record(
                Action.CREATED,
                approval.created_by,
                approval_id=approval.id,
                trace_id=approval.trace_id,
                after=_snapshot(approval),
                connection=conn,
            )
        if self._marker is not None:
            self._marker.record(approval.id)
        return approval

    def get(self, approval_id: int) -> Approval:
        with self._engine.connect() as conn:
            return self._fetch(conn, approval_id)

    def list(self, status: str | None = None, created_by: str | None = None) -> list[Approval]:
        """Approvals in the order they were created, optionally only those in one status or of one asker."""
        query = select(approvals).order_by(approvals.c.id)
        if status is not None:
            query = query.where(approvals.c.status == parse_choice(Status, status, "status").value)
        if created_by is not None:
            query = query.where(approvals.c.created_by == created_by)
        with self._engine.connect() as conn:
            return [_to_approval(row._mapping) for row in conn.execute(query)]

    def approve(self, approval_id: int, manager: str, reason: str | None = None) -> Approval:
        return self._decide(approval_id, manager, Status.APPROVED, reason=reason)

    def edit(self, approval_id: int, manager: str, new_text: str, reason: str | None = None) -> Approval:
        """Approve the manager's version of the text instead of the draft."""
        final_text = _required(new_text, "new_text", "the corrected text the client should receive")
        return self._decide(approval_id, manager, Status.EDITED, reason=reason, final_text=final_text)

    def reject(self, approval_id: int, manager: str, reason: str) -> Approval:
        _required(reason, "reason", "what the associate should change, e.g. 'cites the 2024 fee; use policy 4.2'")
        return self._decide(approval_id, manager, Status.REJECTED, reason=reason)

    def _decide(
        self, approval_id: int, manager: str, status: Status, *, reason: str | None, final_text: str | None = None
    ) -> Approval:
        decision = {
            "status": status.value,
            "decided_by": _required(manager, "manager", "the id of the manager deciding"),
            "decided_at": self._now(),
            "reason": self._redact(reason) if reason and reason.strip() else None,
            "final_text": self._redact(final_text) if final_text is not None else None,
        }
        with self._engine.begin() as conn:
            # Check and write in one statement: of two managers deciding at once, one updates the row
            # and the other updates nothing, whatever the database's isolation level.
            changed = conn.execute(
                update(approvals)
                .where(approvals.c.id == approval_id, approvals.c.status == Status.PENDING.value)
                .values(**decision)
            ).rowcount
            approval = self._fetch(conn, approval_id)
            if changed != 1:
                raise ConflictError(_already_decided(approval, status))
            if status is Status.EDITED and approval.final_text == approval.draft:
                raise InputError(f"the new text of draft {approval_id} is the draft unchanged; approve it instead")
            self.audit.record(
                Action(status.value),
                approval.decided_by or "",
                approval_id=approval.id,
                trace_id=approval.trace_id,
                before=_PENDING_DECISION,
                after=_decision(approval),
                connection=conn,
            )
        return approval

    def count_before(self, cutoff: datetime) -> int:
        """How many approvals `purge_before(cutoff)` would erase."""
        with self._engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(approvals).where(_expired(cutoff))).scalar_one()

    def purge_before(self, cutoff: datetime) -> int:
        """Erase the texts of the approvals decided before `cutoff`, in the queue and in their audit entries.
        The row keeps its id, who asked, who decided, when and how: ids are never reused, and the audit log
        (kept longer) still points at it. A pending approval is never touched. Returns how many were erased."""
        erased = 0
        with self._engine.begin() as conn:
            ids = [row[0] for row in conn.execute(select(approvals.c.id).where(_expired(cutoff)).order_by(approvals.c.id))]
            for start in range(0, len(ids), PURGE_BATCH):
                batch = ids[start : start + PURGE_BATCH]
                conn.execute(update(approvals).where(approvals.c.id.in_(batch)).values(**_ERASED))
                self.audit.erase_texts(batch, conn)
                erased += len(batch)
        return erased

    def _fetch(self, conn: Connection, approval_id: int) -> Approval:
        row = conn.execute(select(approvals).where(approvals.c.id == approval_id)).first()
        if row is None:
            raise NotFoundError(
                f"there is no approval {approval_id}; check the id against the list of pending approvals"
            )
        return _to_approval(row._mapping)

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the approval queue's clock returned a naive datetime; return an aware one (UTC)")
        return now

    def _redacted_finding(self, finding: dict[str, Any]) -> dict[str, Any]:
        # A finding's excerpt is quoted from the draft, so it may carry what the draft carried.
        excerpt = finding.get("excerpt")
        return {**finding, "excerpt": self._redact(excerpt)} if isinstance(excerpt, str) else finding


_ERASED: dict[str, Any] = {"question": "", "draft": "", "citations": [], "tone_findings": [], "reason": None, "final_text": None}


def _expired(cutoff: datetime) -> ColumnElement[bool]:
    # An erased draft is empty, and a draft is never created empty: erased rows are not counted twice.
    return and_(approvals.c.status != Status.PENDING.value, approvals.c.decided_at < cutoff, approvals.c.draft != "")


def _required(value: str | None, name: str, meaning: str) -> str:
    if value is None or not value.strip():
        raise InputError(f"{name} is empty; give {meaning}")
    return value


def _json_list(items: Sequence[Mapping[str, Any]], name: str) -> list[dict[str, Any]]:
    as_list = [dict(item) for item in items]
    try:
        json.dumps(as_list)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{name} must be JSON-serialisable dicts (str, number, bool, list, dict): {exc}") from None
    return as_list


def _already_decided(current: Approval, wanted: Status) -> str:
    when = current.decided_at.strftime("%Y-%m-%d %H:%M:%S UTC") if current.decided_at else "an unknown time"
    return (
        f"draft {current.id} was {_DONE[current.status]} by manager {current.decided_by} at {when}; "
        f"it cannot be {_WANTED[wanted]} (only pending drafts can be decided; ask the associate for a new draft)"
    )


def _decision(approval: Approval) -> dict[str, Any]:
    return {
        "status": approval.status.value,
        "decided_by": approval.decided_by,
        "decided_at": approval.decided_at.isoformat() if approval.decided_at else None,
        "reason": approval.reason,
        "final_text": approval.final_text,
    }


def _snapshot(approval: Approval) -> dict[str, Any]:
    return {
        "kind": approval.kind.value,
        "created_at": approval.created_at.isoformat(),
        "created_by": approval.created_by,
        "question": approval.question,
        "draft": approval.draft,
        "citations": approval.citations,
        "tone_findings": approval.tone_findings,
        **_decision(approval),
    }


def _to_approval(row: Mapping[str, Any]) -> Approval:
    return from_row(Approval, row, kind=Kind, status=Status)
