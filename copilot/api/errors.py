"""The one place where the project's exceptions become HTTP status codes.

Bodies keep FastAPI's shape, `{"detail": ...}`; a 422 carries a list, as request validation does.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.api.attempts import TooManyAttempts
from copilot.core.errors import ConflictError, CopilotError, InputError, NotFoundError

RETRY_AFTER_SECONDS = 5


class ServiceNotReady(CopilotError):
    """The model and index are still loading, or loading them failed (the message says which)."""


class NotAuthenticated(CopilotError):
    """No API key, or one the service does not know."""


class Forbidden(CopilotError):
    """The key is valid but its role may not do this (an associate deciding an approval)."""


# Most specific first: the first class the exception is an instance of decides.
_STATUS: tuple[tuple[type[CopilotError], int], ...] = (
    (TooManyAttempts, 429),
    (NotAuthenticated, 401),
    (Forbidden, 403),
    (ServiceNotReady, 503),
    (InputError, 422),
    (NotFoundError, 404),
    (ConflictError, 409),
    (CopilotError, 400),
)


# 401 must say how to authenticate (RFC 9110); 503 says when to come back.
_HEADERS: dict[int, dict[str, str]] = {
    401: {"WWW-Authenticate": 'Bearer realm="copilot"'},
    503: {"Retry-After": str(RETRY_AFTER_SECONDS)},
}


def status_for(exc: CopilotError) -> int:
    return next(status for cls, status in _STATUS if isinstance(exc, cls))


async def _copilot_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CopilotError)
    status = status_for(exc)
    if status == 422:
        detail: object = [{"type": "input_error", "loc": ["body"], "msg": str(exc)}]
    else:
        detail = str(exc)
    headers = _HEADERS.get(status)
    if isinstance(exc, TooManyAttempts):
        headers = {"Retry-After": str(exc.retry_after)}
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


# FastAPI's words for a body it could not decode (bytes that are not UTF-8), said so a caller can act on it.
_UNPARSABLE_BODY = "There was an error parsing the body"
UNPARSABLE_BODY = 'the request body is not JSON text (UTF-8): send {"question": "..."} with Content-Type: application/json'


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
        return JSONResponse({"detail": UNPARSABLE_BODY}, status_code=400)
    return await http_exception_handler(request, exc)


def register_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CopilotError, _copilot_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
