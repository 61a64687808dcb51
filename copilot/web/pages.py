"""The store tablet's pages: sign in with a key or a store access code, ask (/chat), and for managers,
decide the held client drafts (/approvals) and read why an answer is what it is (/answers). Pages are
server-rendered; their JS calls the JSON API."""

from __future__ import annotations

import hmac
import unicodedata
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from copilot.api.attempts import TooManyAttempts
from copilot.api.auth import User, client_address
from copilot.api.traces import trace_of
from copilot.core.errors import NotFoundError
from copilot.web.api import MAX_COMMENT_CHARS as MAX_CORRECTION_CHARS
from copilot.web.api import feedback_store_for
from copilot.web.session import CSRF_HEADER, Session, session_cookies, signed_in
from guardrails.approvals import Status

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

ANSWER_TIMEOUT_MS = 15000
UNKNOWN_KEY = "That key or access code is not recognised. Check it, or ask your boutique manager for a new one."

# Everything the pages load comes from this app: no inline script, no third party.
_SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",  # answers may name a client: no copy in the tablet's cache
}


@router.get("/", response_class=HTMLResponse)
async def sign_in_page(request: Request) -> Response:
    found = signed_in(request)
    if found:
        return _redirect(_home(found[1]))
    return _page(request, "signin.html", {"error": None})


@router.post("/signin", response_class=HTMLResponse)
async def sign_in(request: Request, key: Annotated[str, Form(max_length=500)] = "") -> Response:
    if not _same_origin(request):
        return _page(request, "signin.html", {"error": "Sign in from this page."}, status_code=403)
    try:
        user = request.app.state.key_ring.sign_in(key.strip(), client_address(request)) if key.strip() else None
    except TooManyAttempts as exc:
        page = _page(request, "signin.html", {"error": str(exc)}, status_code=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if user is None:
        return _page(request, "signin.html", {"error": UNKNOWN_KEY}, status_code=401)
    response = _redirect(_home(user))
    session_cookies(request).start(response, user)
    return response


@router.post("/signout")
async def sign_out(request: Request, csrf: Annotated[str, Form()] = "") -> Response:
    found = signed_in(request)
    response = _redirect("/")
    if found and _same_origin(request) and hmac.compare_digest(csrf, found[0].csrf):
        session_cookies(request).end(request, response)
    return response


@router.get("/chat", response_class=HTMLResponse)
async def chat(request: Request) -> Response:
    found = signed_in(request)
    if found is None:
        return _redirect("/")
    session, user = found
    settings = request.app.state.settings
    return _page(
        request,
        "chat.html",
        {"active": "chat", "refusal_contact": settings.refusal_contact, "timeout_ms": ANSWER_TIMEOUT_MS,
         "pilot": _in_pilot(request, user)},
        session=session,
        user=user,
    )


@router.get("/drafts", response_class=HTMLResponse)
async def drafts(request: Request) -> Response:
    """The notes and forwarded answers the signed-in user asked for, with their status (from /v1/approvals/mine)."""
    found = signed_in(request)
    if found is None:
        return _redirect("/")
    session, user = found
    return _page(request, "drafts.html", {"active": "drafts"}, session=session, user=user)


@router.get("/approvals", response_class=HTMLResponse)
def approvals(request: Request) -> Response:
    found = signed_in_manager(request)
    if isinstance(found, Response):
        return found
    session, user = found
    if reason := _not_ready(request):
        context = {"active": "approvals", "pending": [], "not_ready": reason}
        return _page(request, "approvals.html", context, session=session, user=user, status_code=503)
    copilot = request.app.state.copilot
    context = {
        "active": "approvals",
        "pending": copilot.approvals.list(Status.PENDING),
        "not_ready": None,
        "holder": session_cookies(request).holder,
    }
    return _page(request, "approvals.html", context, session=session, user=user)


RECENT_ANSWERS = 50
# The panel shows the best of each list; the full trace is GET /v1/traces/{trace_id}.
SENTENCES_SHOWN = 8
CANDIDATES_SHOWN = 12
OUTCOME_LABELS = {"answer": "Answered", "closest_passages": "Closest passages", "refusal": "Refused", "search": "Catalog search"}


@router.get("/answers", response_class=HTMLResponse)
def recent_answers(request: Request) -> Response:
    """The latest answers, each linking to why it is what it is."""
    found = _manager_page(request)
    if isinstance(found, Response):
        return found
    session, user, copilot = found
    recent = copilot.traces.recent(RECENT_ANSWERS) if copilot.traces else []
    context = {
        "active": "answers", "recent": recent, "holder": session_cookies(request).holder, "outcome_label": OUTCOME_LABELS,
    }
    return _page(request, "answers.html", context, session=session, user=user)


@router.get("/answers/{trace_id}", response_class=HTMLResponse)
def why_this_answer(request: Request, trace_id: str) -> Response:
    """The "Why this answer" panel: candidates and scores, sentences weighed, statements dropped, the
    outcome and its reason, the approval history, corrections, and the "Mark wrong" form."""
    found = _manager_page(request)
    if isinstance(found, Response):
        return found
    session, user, copilot = found
    try:
        trace = trace_of(copilot, trace_id)
    except NotFoundError as exc:
        return _page(request, "trace_missing.html", {"active": "answers", "detail": str(exc)}, session=session, user=user,
                     status_code=404)
    corrections = [f for f in feedback_store_for(request.app.state, copilot).for_trace(trace_id) if f.comment]
    context = {
        "active": "answers", "trace": trace, "corrections": corrections, "holder": session_cookies(request).holder,
        "max_correction": MAX_CORRECTION_CHARS, "outcome_label": OUTCOME_LABELS, "sentences_shown": SENTENCES_SHOWN,
        "candidates_shown": CANDIDATES_SHOWN,
        "label_of": {c.chunk_id: c.label for search in trace.searches for c in search.candidates if c.label},
    }
    return _page(request, "trace.html", context, session=session, user=user)


def signed_in_manager(request: Request, forbidden: str = "forbidden.html") -> Response | tuple[Session, User]:
    """The signed-in manager, or the response to send instead: sign in, or the `forbidden` page (403)
    for an associate."""
    found = signed_in(request)
    if found is None:
        return _redirect("/")
    session, user = found
    if not user.is_manager:
        return _page(request, forbidden, {}, session=session, user=user, status_code=403)
    return session, user


def _manager_page(request: Request) -> Response | tuple[Session, User, Any]:
    """The signed-in manager and the copilot, or the response to send instead (sign in, 403, 503)."""
    found = signed_in_manager(request)
    if isinstance(found, Response):
        return found
    session, user = found
    if reason := _not_ready(request):
        return _page(request, "trace_missing.html", {"active": "answers", "detail": reason}, session=session, user=user,
                     status_code=503)
    return session, user, request.app.state.copilot


def _not_ready(request: Request) -> str | None:
    """Why the copilot cannot serve yet (still loading, or its data dir is damaged); None once it can."""
    if request.app.state.copilot is not None:
        return None
    return request.app.state.copilot_error or "The copilot is still loading: reload this page in a few seconds."


def _page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    session: Session | None = None,
    user: User | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        **context, "user": user, "csrf": session.csrf if session else "", "csrf_header": CSRF_HEADER,
        "pending_count": _pending_count(request, user), "time_zone": _time_zone(request, user),
    }
    return templates.TemplateResponse(request, template, context, status_code=status_code, headers=_SECURITY_HEADERS)


def _in_pilot(request: Request, user: User) -> bool:
    """The user's boutique takes part in the pilot COPILOT_PILOT names: its lookups are timed."""
    pilot = request.app.state.pilot
    return pilot is not None and pilot.takes_part(user.boutique)


def _home(user: User) -> str:
    """A manager lands where their decisions wait; an associate on the question box."""
    return "/approvals" if user.is_manager else "/chat"


def _pending_count(request: Request, user: User | None) -> int | None:
    copilot = request.app.state.copilot
    if user is None or not user.is_manager or copilot is None:
        return None
    return len(copilot.approvals.list(Status.PENDING))


def _time_zone(request: Request, user: User | None) -> str:
    """The IANA zone of the user's boutique (times of drafts are shown in it); UTC when not configured."""
    zones: dict[str, str] = request.app.state.settings.boutique_time_zones
    if user is None:
        return "UTC"
    plain = {_plain(name): zone for name, zone in zones.items()}
    return plain.get(_plain(user.boutique), "UTC")


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.strip().lower()) if not unicodedata.combining(c))


def _redirect(path: str) -> Response:
    return RedirectResponse(path, status_code=303, headers={"Cache-Control": "no-store"})


def _same_origin(request: Request) -> bool:
    """A form post from another site (login CSRF) carries that site's Origin; browsers send one on every POST.
    Hosts only, not schemes: behind a TLS-terminating proxy this app sees http while the page is https."""
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.url.netloc
