"""The answer-trace routes (manager key): the latest answers, and why one answer is what it is, with the
approval history of its draft. Thin, like `routes.py`: the trace store and the queue hold the data."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi import Path as PathParam

from copilot.api.auth import MANAGERS_ONLY, ManagerDep
from copilot.api.deps import NOT_READY, CopilotDep
from copilot.api.errors import no_store
from copilot.api.trace_models import ApprovalHistoryOut, TraceOut, TraceSummaryOut
from copilot.ask.pipeline import Copilot
from copilot.core.errors import NotFoundError

router = APIRouter(prefix="/v1/traces", tags=["traces"], dependencies=[Depends(no_store)])
TRACE_ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
TraceId = Annotated[
    str, PathParam(min_length=1, max_length=64, pattern=TRACE_ID_PATTERN, description="The trace_id an answer gave.")
]
UNKNOWN_TRACE = {404: {"description": "No trace with this id: never given, or older than the retention period."}}


@router.get("", summary="The latest answers, newest first, with their outcome (manager key)", responses={**MANAGERS_ONLY, **NOT_READY})
def recent_traces(
    _manager: ManagerDep, copilot: CopilotDep, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[TraceSummaryOut]:
    return [TraceSummaryOut.of(s) for s in copilot.traces.recent(limit)] if copilot.traces else []


@router.get(
    "/{trace_id}",
    summary="Why this answer: candidates and scores, sentences weighed, statements dropped, outcome (manager key)",
    responses={**MANAGERS_ONLY, **UNKNOWN_TRACE, **NOT_READY},
)
def get_trace(trace_id: TraceId, _manager: ManagerDep, copilot: CopilotDep) -> TraceOut:
    return trace_of(copilot, trace_id)


def trace_of(copilot: Copilot, trace_id: str) -> TraceOut:
    """The stored trace with the approval history of its draft; NotFoundError when there is none."""
    body = copilot.traces.get(trace_id) if copilot.traces else None
    if body is None:
        raise NotFoundError(f"no trace {trace_id}: it was never given, or is older than the retention period")
    history = [
        ApprovalHistoryOut.of(a, copilot.approvals.audit.entries(a.id))
        for a in copilot.approvals.list()
        if a.trace_id == trace_id
    ]
    return TraceOut.of(body, history)
