"""The HTTP routes, kept thin: parse, call the Copilot, shape the response.

Probes (/healthz, /readyz, open to all) and /metrics (managers) sit beside POST /v1/ask; the approval
routes are in `approvals.py`.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST

from copilot.api.auth import MANAGERS_ONLY, UNAUTHORIZED, CurrentUserDep, ManagerDep, User
from copilot.api.deps import NOT_READY, AskRequestDep, CopilotDep, MetricsDep, PilotDep, get_copilot
from copilot.api.errors import DISK_FULL, UNPARSABLE, no_store
from copilot.api.schemas import AskResponse, Status
from copilot.ask.conversation import log_id
from copilot.core.types import AskResult

logger = logging.getLogger(__name__)
router = APIRouter()

@router.post(
    "/v1/ask",
    summary="Answer a question from the house documents, with citations; hold client-facing text for approval",
    responses={**UNAUTHORIZED, **NOT_READY, **UNPARSABLE, **DISK_FULL},
    dependencies=[Depends(no_store)],
)
def ask(
    user: CurrentUserDep, body: AskRequestDep, copilot: CopilotDep, metrics: MetricsDep, pilot: PilotDep
) -> AskResponse:
    # A plain `def`: FastAPI runs it in its threadpool, so the CPU-bound pipeline never blocks the event loop.
    result = copilot.ask(
        body.question,
        body.conversation_id,
        body.filters.to_filters() if body.filters else None,
        for_client=body.for_client,
        asker=user.as_asker(),
    )
    metrics.observe_ask(result)
    if pilot:
        pilot.lookup(result, user.boutique)
    _log_ask(result, user)
    return AskResponse.from_result(result)


@router.get("/healthz", summary="The process is alive (always 200)")
async def healthz() -> Status:
    return Status(status="ok")


@router.get(
    "/readyz",
    summary="200 once the model and index are loaded, 503 before or if loading failed",
    responses=NOT_READY,
    dependencies=[Depends(get_copilot)],
)
def readyz(request: Request) -> Status:
    # A plain `def`: the Chroma server's heartbeat is a blocking call, made in the threadpool.
    probe = request.app.state.chroma_probe
    if probe is not None and (problem := probe.problem()):
        raise problem
    return Status(status="ready")


@router.get("/metrics", summary="Prometheus metrics (manager key)", response_class=Response, responses=MANAGERS_ONLY)
async def metrics(_manager: ManagerDep, metrics: MetricsDep) -> Response:
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)


def _log_ask(result: AskResult, user: User) -> None:
    """One line per question. Never the question nor the answer, even redacted: ids, flags and timings only."""
    timings = " ".join(f"{stage}={ms}" for stage, ms in result.timings_ms.items())
    logger.info(
        "ask trace_id=%s conversation=%s asker=%s refused=%s citations=%d requires_approval=%s approval_id=%s "
        "timings_ms: %s",
        result.trace_id,
        log_id(result.conversation_id),
        user.id,
        result.refused,
        len(result.citations),
        result.requires_approval,
        result.approval_id,
        timings,
    )
