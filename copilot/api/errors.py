"""The one place where the project's exceptions become HTTP status codes.

Bodies keep FastAPI's shape, `{"detail": ...}`; a 422 carries a list, as request validation does.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from copilot.api.attempts import TooManyAttempts
from copilot.core.errors import (
    ConflictError,
    CopilotError,
    InputError,
    NotFoundError,
    ServerUnreachable,
    disk_full_message,
)

RETRY_AFTER_SECONDS = 5
logger = logging.getLogger(__name__)


class ServiceNotReady(CopilotError):
    """The model and index are still loading, or loading them failed (the message says which)."""


class NotAuthenticated(CopilotError):
    """No API key, or one the service does not know."""


class Forbidden(CopilotError):
    """The key is valid but its role may not do this (an associate deciding an approval)."""


class StorageFull(CopilotError):
    """The disk holding the data dir is full: nothing was written, the request can be sent again later."""


# Most specific first: the first class the exception is an instance of decides.
_STATUS: tuple[tuple[type[CopilotError], int], ...] = (
    (TooManyAttempts, 429),
    (StorageFull, 507),
    (NotAuthenticated, 401),
    (Forbidden, 403),
    (ServiceNotReady, 503),
    (ServerUnreachable, 503),
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

# For the OpenAPI description of the routes: what a caller may get besides the success and the 422.
UNPARSABLE: dict[int | str, dict[str, str]] = {400: {"description": "The body is not JSON text (UTF-8)."}}
DISK_FULL: dict[int | str, dict[str, str]] = {
    507: {"description": "The disk holding the data dir is full: nothing was saved; send it again once space is freed."}
}


async def no_store(response: Response) -> None:
    """A router dependency: every response of the router may carry a client's details (an answer, a
    draft, a comment), so no browser or proxy may keep a copy."""
    response.headers["Cache-Control"] = "no-store"


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


async def _invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 shape, less `input` and `ctx`: they echo what was sent, which may name a client,
    and a NaN or a lone surrogate in them cannot even be written as JSON (a 500)."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"type": e.get("type", "value_error"), "loc": list(e.get("loc", ())), "msg": _printable(str(e.get("msg", "")))}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def _printable(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """A database that cannot write: a full disk says so (507); anything else is the service's fault
    and is logged, but the caller still learns that nothing was saved."""
    message = str(getattr(exc, "orig", None) or exc)
    data_dir = request.app.state.settings.data_dir
    if "full" in message.lower():
        logger.error("write refused, disk full: %s", message)
        message = disk_full_message(data_dir, "nothing was saved; ask IT to free space, then send this again")
        return await _copilot_error(request, StorageFull(message))
    logger.error("database error: %s", message)
    not_ready = ServiceNotReady(f"a database under {data_dir} could not be used ({message}): run `copilot doctor`")
    return await _copilot_error(request, not_ready)


def register_exception_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CopilotError, _copilot_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(OperationalError, _database_error)
    app.add_exception_handler(sqlite3.OperationalError, _database_error)
