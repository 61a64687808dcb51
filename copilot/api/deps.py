"""What routes receive through `Depends`: the app's settings, its Copilot (503 until built), its
metrics, and the ask request checked against the configured question length."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError

from copilot.api.errors import ServiceNotReady
from copilot.api.metrics import Metrics
from copilot.api.schemas import AskRequest
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from copilot.pilot import PilotRecorder

LOADING = "the copilot is still loading the embedding model and the index: retry in a few seconds"
NOT_READY: dict[int | str, dict[str, str]] = {
    503: {"description": "The model and index are still loading, or loading failed (detail says which)."}
}

# All `async def`: they do no I/O, and a sync dependency waits for a threadpool slot, so a probe
# would stall behind a burst of questions.

async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def get_copilot(request: Request) -> Copilot:
    state = request.app.state
    if state.copilot is None:
        raise ServiceNotReady(state.copilot_error or LOADING)
    return state.copilot


async def get_metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def get_pilot(request: Request) -> PilotRecorder | None:
    """The pilot recorder while COPILOT_PILOT names a plan, else None (nothing is recorded)."""
    return request.app.state.pilot


SettingsDep = Annotated[Settings, Depends(get_settings)]
CopilotDep = Annotated[Copilot, Depends(get_copilot)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
PilotDep = Annotated[PilotRecorder | None, Depends(get_pilot)]


async def get_ask_request(body: AskRequest, settings: SettingsDep) -> AskRequest:
    problem = body.length_problem(settings.max_question_chars)
    if problem:
        # Not echoing the input: a question this long is noise in a response, and may hold client details.
        raise RequestValidationError([{"type": "string_too_long", "loc": ("body", "question"), "msg": problem}])
    return body


AskRequestDep = Annotated[AskRequest, Depends(get_ask_request)]
