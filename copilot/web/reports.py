"""The manager's Reports page: links to the latest `copilot eval lookups` and `copilot pilot report`
pages in DATA_DIR/reports, and serves those self-contained HTML files. Managers only."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from copilot.web.pages import _page, signed_in_manager

router = APIRouter(include_in_schema=False)

# A report page holds its own inline <style> and inline SVG plots and no script: it may style itself and
# draw data: images, nothing else (no script, no connection, no form, no frame).
REPORT_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class ReportLink:
    name: str
    title: str
    what: str
    made_by: str
    written_at: datetime | None  # None: not written yet
    headline: str


REPORTS: dict[str, tuple[str, str, str]] = {
    "lookups": ("Time saved per lookup", "The copilot against the manual lookup, modelled on our documents",
                "copilot eval lookups"),
    "pilot": ("The pilot", "Real lookups of the boutiques in the pilot, against the plan's baseline and target",
              "copilot pilot report"),
}


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request) -> Response:
    found = signed_in_manager(request, forbidden="reports_forbidden.html")
    if isinstance(found, Response):
        return found
    session, user = found
    folder = request.app.state.settings.reports_dir
    links = [_link(folder, name) for name in REPORTS]
    return _page(request, "reports.html", {"active": "reports", "reports": links}, session=session, user=user)


@router.get("/reports/{name}.html", response_class=HTMLResponse)
def report_page(name: str, request: Request) -> Response:
    found = signed_in_manager(request, forbidden="reports_forbidden.html")
    if isinstance(found, Response):
        return found
    session, user = found
    if name not in REPORTS:  # only the two report pages: never a path into the data dir
        return HTMLResponse("No such report: the reports are lookups.html and pilot.html.", status_code=404, headers=REPORT_HEADERS)
    path: Path = request.app.state.settings.reports_dir / f"{name}.html"
    if not path.is_file():
        return HTMLResponse(f"No {name} report yet: run `{REPORTS[name][2]}`.", status_code=404, headers=REPORT_HEADERS)
    return HTMLResponse(path.read_text(encoding="utf-8"), headers=REPORT_HEADERS)


def _link(folder: Path, name: str) -> ReportLink:
    title, what, made_by = REPORTS[name]
    page = folder / f"{name}.html"
    written = datetime.fromtimestamp(page.stat().st_mtime, timezone.utc) if page.is_file() else None
    return ReportLink(name, title, what, made_by, written, _headline(folder / f"{name}.json", name) if written else "")


def _headline(path: Path, name: str) -> str:
    """One line from the report's JSON: the pilot's decision, or the reduction of the time spent."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if name == "pilot":
            return f"Decision: {data['decision']}. {data['decision_reason']}"
        return f"Reduction of the time spent: {data['saving']['time_reduction']:.1%} over {data['saving']['n']} lookups"
    except (OSError, ValueError, KeyError, TypeError):
        return ""
