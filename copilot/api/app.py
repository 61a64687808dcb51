"""Build the FastAPI app: settings, API keys, metrics, error mapping and routes, and a lifespan that builds the
Copilot once, in a worker thread, so /healthz answers while the model loads and /readyz says when it's done,
and runs the retention purge at start and then daily (docs/retention.md)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import State

from copilot import slack, web
from copilot.api import approvals, search, traces
from copilot.api.attempts import FailedAttempts
from copilot.api.auth import KeyRing
from copilot.api.errors import register_exception_handlers
from copilot.api.metrics import Metrics, RequestMetricsMiddleware
from copilot.api.routes import router
from copilot.ask.factory import build_copilot
from copilot.ask.pipeline import Copilot
from copilot.core.errors import CopilotError
from copilot.core.settings import Settings, get_settings
from copilot.core.shared_state import open_shared_state
from copilot.doctor import data_problems
from copilot.pilot import PilotRecorder, PilotStore, load_plan, store_path
from copilot.purge import purge_daily
from ingestion.vector_store import ServerProbe

logger = logging.getLogger(__name__)

CopilotFactory = Callable[[Settings], Copilot]

DESCRIPTION = """Answers boutique associates' questions from Maison Aurelle's own documents (catalog,
grading reports, house manuals), with a citation for every statement, and refuses rather than guess."""


def create_app(settings: Settings | None = None, copilot_factory: CopilotFactory = build_copilot) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A daemon thread rather than the event loop's executor: shutting down mid-load must not wait
        # for the model to finish loading.
        built = threading.Event()
        threading.Thread(
            target=_build_copilot, args=(app.state, settings, copilot_factory, built), name="copilot-build", daemon=True
        ).start()
        slack.start(app)
        purging = asyncio.create_task(_purge_once_built(settings, built), name="retention-purge")
        yield
        purging.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await purging
        slack.stop(app)

    app = FastAPI(title="Maison Aurelle associate copilot", description=DESCRIPTION, lifespan=lifespan, docs_url="/docs")
    app.state.settings = settings
    app.state.key_ring = KeyRing(settings.api_keys, _attempts(settings))
    app.state.metrics = Metrics()
    app.state.copilot = None
    app.state.copilot_error = None
    app.state.chroma_probe = ServerProbe(settings.chroma_url) if settings.chroma_url else None
    app.state.pilot = _pilot_recorder(settings)
    app.add_middleware(RequestMetricsMiddleware, metrics=app.state.metrics)
    register_exception_handlers(app)
    app.include_router(router)
    app.include_router(approvals.router)
    app.include_router(search.router)
    app.include_router(traces.router)
    web.install(app, settings)  # the store tablet's pages; the API also accepts its session cookie
    slack.install(app, settings)  # the Slack bot at POST /slack/events, when its settings are there
    _document_limits(app, settings)
    return app


def _pilot_recorder(settings: Settings) -> PilotRecorder | None:
    """A plan that does not load stops the service here, naming the file: a pilot must not run unrecorded."""
    if settings.pilot is None:
        return None
    return PilotRecorder(load_plan(settings.pilot), PilotStore.at(store_path(settings.data_dir)))


def _attempts(settings: Settings) -> FailedAttempts:
    """Wrong keys counted by every worker together when they share state, so a guesser spreading tries
    over the workers is locked out as soon as one process would lock them out."""
    limits = {"limit": settings.wrong_key_limit, "lockout_seconds": settings.wrong_key_lockout_seconds}
    shared = open_shared_state(settings)
    return FailedAttempts(**limits, state=shared, clock=time.time) if shared else FailedAttempts(**limits)


def _document_limits(app: FastAPI, settings: Settings) -> None:
    """The question's length limit is a setting, so the schema states the configured one."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        schema["components"]["schemas"]["AskRequest"]["properties"]["question"]["maxLength"] = settings.max_question_chars
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


async def _purge_once_built(settings: Settings, built: threading.Event) -> None:
    # The copilot creates its stores (traces.sqlite...) while it builds: a purge compacting a SQLite file
    # that another connection is still creating fails with "disk I/O error", so the purges start after.
    # Polled, not waited on in a thread: a service stopped mid-load must not wait for the model.
    while not built.is_set():
        await asyncio.sleep(0.2)
    await purge_daily(settings)


def _build_copilot(state: State, settings: Settings, factory: CopilotFactory, built: threading.Event) -> None:
    started = time.perf_counter()
    try:
        # A damaged data dir would answer wrongly rather than fail ("not in the house records" from an
        # empty index, keywords only without Chroma): not ready, naming the file and the fix.
        problems = data_problems(settings)
        if problems:
            raise CopilotError("; ".join(str(p) for p in problems))
        state.copilot = factory(settings)
        state.metrics.watch_composer(state.copilot.composer)
    except CopilotError as exc:
        state.copilot_error = str(exc)
        logger.error("copilot not ready: %s", exc)
    except Exception as exc:
        state.copilot_error = f"building the copilot failed ({type(exc).__name__}: {exc}); see the server log"
        logger.exception("building the copilot failed")
    else:
        logger.info("copilot ready in %.1f s (data dir %s)", time.perf_counter() - started, settings.data_dir)
    finally:
        built.set()
