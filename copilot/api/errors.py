"""The one place where the project's exceptions become HTTP status codes.

Bodies keep FastAPI's shape, `{"detail": ...}`; a 422 carries a list, as request validation does.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from copilot.errors import ConflictError, CopilotError, InputError, NotFoundError

RETRY_AFTER_SECONDS = 5


class ServiceNotReady(CopilotError):
    """The model and index are still loading, or loading them failed (the message says which)."""


# Most specific first: the first class the exception is an instance of decides.
_STATUS: tuple[tuple[type[CopilotError], int], ...] = (
    (ServiceNotReady, 503),
    (InputError, 422),
    (NotFoundError, 404),
    (ConflictError, 409),
    (CopilotError, 400),
)


def status_for(exc: CopilotError) -> int:
    return next(status for cls, status in _STATUS if isinstance(exc, cls))


async def _copilot_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CopilotError)
    status = status_for(exc)
    if status == 422:
        detail: object = [{"type": "input_error", "loc": ["body"], "msg": str(exc)}]
    else:
        detail = str(exc)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if status == 503 else None
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def register_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CopilotError, _copilot_error)
