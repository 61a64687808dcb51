"""The HTTP routes, kept thin: parse, call the Copilot, shape the response.

Probes (/healthz, /readyz) and /metrics sit beside the one business route, POST /v1/ask.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST

from copilot.api.deps import AskRequestDep, CopilotDep, MetricsDep, get_copilot
from copilot.api.schemas import AskResponse, Status
from copilot.ask.types import AskResult

logger = logging.getLogger(__name__)
router = APIRouter()

_NOT_READY = {503: {"description": "The model and index are still loading, or loading failed (detail says which)."}}


@router.post("/v1/ask", summary="Answer a question from the house documents, with citations", responses=_NOT_READY)
def ask(body: AskRequestDep, copilot: CopilotDep, metrics: MetricsDep) -> AskResponse:
    # A plain `def`: FastAPI runs it in its threadpool, so the CPU-bound pipeline never blocks the event loop.
    result = copilot.ask(body.question, body.conversation_id, body.filters.to_filters() if body.filters else None)
    metrics.observe_ask(result)
    _log_ask(result)
    return AskResponse.from_result(result)


@router.get("/healthz", summary="The process is alive (always 200)")
async def healthz() -> Status:
    return Status(status="ok")


@router.get(
    "/readyz",
    summary="200 once the model and index are loaded, 503 before or if loading failed",
    responses=_NOT_READY,
    dependencies=[Depends(get_copilot)],
)
async def readyz() -> Status:
    return Status(status="ready")


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


def _log_ask(result: AskResult) -> None:
    """One line per question. Never the question itself: it may name the client (redaction comes later)."""
    timings = " ".join(f"{stage}={ms}" for stage, ms in result.timings_ms.items())
    logger.info(
        "ask trace_id=%s conversation_id=%s refused=%s citations=%d requires_approval=%s timings_ms: %s",
        result.trace_id,
        result.conversation_id,
        result.refused,
        len(result.citations),
        result.requires_approval,
        timings,
    )
