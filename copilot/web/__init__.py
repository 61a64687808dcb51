"""The store tablet: sign-in, ask and approval pages served by the API's own FastAPI app.

`install(app, settings)` is the one call `create_app` makes. It adds the pages, their static files, the
tablet's JSON endpoints (/v1/feedback, /v1/documents/{doc_id}), and lets the whole JSON API accept the
tablet's session cookie wherever it accepts an API key, by overriding `copilot.api.auth.get_current_user`
with `copilot.web.session.user_from_key_or_session` (a key in the headers still wins; see that function).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from copilot.api import auth
from copilot.core.settings import Settings
from copilot.web import api, pages, reports
from copilot.web.documents import DocumentCatalog
from copilot.web.session import SessionCookies, user_from_key_or_session

STATIC_DIR = Path(__file__).parent / "static"


def install(app: FastAPI, settings: Settings) -> None:
    """Call after `app.state.key_ring` is set: sessions resolve to the users of the configured keys."""
    app.state.session_cookies = SessionCookies.for_settings(settings, app.state.key_ring)
    app.state.document_catalog = DocumentCatalog(settings.index_db)
    app.state.feedback_store = None  # built on first feedback, once the copilot's redactor is ready
    app.dependency_overrides[auth.get_current_user] = user_from_key_or_session
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(reports.router)  # managers' links to DATA_DIR/reports
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
