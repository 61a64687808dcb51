"""The retention purge of a data dir (docs/retention.md): which stores hold what people wrote or did, how
long the settings keep each, and the service's daily run of it. `copilot purge` and the service both call
`purge_data_dir`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from copilot.ask.trace_store import TraceStore
from copilot.ask.trace_store import default_url as trace_default_url
from copilot.core.errors import CopilotError, DataProblem
from copilot.core.settings import Settings
from copilot.core.sqlite_files import sqlite_problem
from copilot.slack.placements import Placements
from copilot.slack.placements import default_url as slack_url
from guardrails.approvals import ApprovalQueue, Status, create_approvals_engine
from guardrails.approvals.engine import sqlite_path
from guardrails.approvals.integrity import RESTORE, check_approvals
from guardrails.approvals.marker import QueueMarker
from guardrails.approvals.records import Clock, utc_now
from guardrails.feedback import FeedbackStore
from guardrails.retention import PurgeReport, ReportFiles, Retained, Retention

logger = logging.getLogger(__name__)


def purge_data_dir(settings: Settings, *, dry_run: bool = False, clock: Clock = utc_now) -> PurgeReport:
    """Purge (or count, with `dry_run`) what has expired in the data dir's stores and reports. Refuses,
    naming the file and the fix, when a store is damaged: a purge must not write into a file being restored."""
    with _retention(settings, clock) as retention:
        return retention.purge(dry_run=dry_run)


async def purge_daily(settings: Settings, clock: Clock = utc_now) -> None:
    """The service's purge: once now, then every `purge_interval_seconds`, each in a worker thread so no
    request waits. A failed purge is logged and tried again at the next interval."""
    while True:
        await asyncio.to_thread(_purge_and_log, settings, clock)
        await asyncio.sleep(settings.purge_interval_seconds)


def _purge_and_log(settings: Settings, clock: Clock) -> None:
    try:
        report = purge_data_dir(settings, clock=clock)
    except CopilotError as exc:
        logger.warning("retention purge skipped: %s", exc)
    except Exception:
        logger.exception("retention purge failed; it runs again in %.0f s", settings.purge_interval_seconds)
    else:
        removed = ", ".join(f"{s.name} {s.count}" for s in report.stores)
        logger.info("retention purge removed %s (%d in all)", removed or "nothing", report.total)
        if report.still_in_log:
            logger.warning("retention purge: a reader kept the write-ahead log of %s; the next purge clears it",
                           ", ".join(map(str, report.still_in_log)))


class SlackPlacements:
    """The Slack ids of approvals asked for in Slack, kept as long as the approval's texts."""

    def __init__(self, placements: Placements, queue: ApprovalQueue) -> None:
        self._placements = placements
        self._queue = queue

    def count_before(self, cutoff: datetime) -> int:
        return self._placements.count(self._decided_before(cutoff))

    def purge_before(self, cutoff: datetime) -> int:
        return self._placements.forget(self._decided_before(cutoff))

    def _decided_before(self, cutoff: datetime) -> list[int]:
        return [
            a.id for a in self._queue.list()
            if a.status is not Status.PENDING and a.decided_at is not None and a.decided_at < cutoff
        ]


def _never_text(text: str) -> str:
    # The purge builds the stores only to remove from them and writes counts alone: no text reaches here.
    raise ValueError("the retention purge writes no free text")


@contextmanager
def _retention(settings: Settings, clock: Clock) -> Iterator[Retention]:
    # The same stores the service writes, SQLite files in the data dir or a database server by URL.
    approvals_url = settings.approvals_db_url
    feedback_url = settings.feedback_db_url
    _refuse_damaged(approvals_url, feedback_url, QueueMarker(settings.approvals_marker, approvals_url))
    retained: list[Retained] = []
    audit = None
    with ExitStack() as open_engines:
        def engine(url: str) -> Engine:
            created = create_approvals_engine(url)
            open_engines.callback(created.dispose)
            return created

        if _in_use(approvals_url):
            queue = ApprovalQueue(engine(approvals_url), redact=_never_text, clock=clock)
            audit = queue.audit
            files = _files(approvals_url)
            retained += [
                Retained("approvals", queue, settings.approval_retention_days, files),
                Retained("audit log", audit, settings.audit_retention_days, files),
            ]
            if _in_use(slack_url(settings.data_dir)):
                placements = Placements(slack_url(settings.data_dir))
                open_engines.callback(placements.close)
                retained.append(Retained(
                    "slack placements", SlackPlacements(placements, queue), settings.approval_retention_days,
                    _files(slack_url(settings.data_dir)),
                ))
        if _in_use(feedback_url):
            feedback = FeedbackStore(engine(feedback_url), redact=_never_text, clock=clock)
            retained.append(Retained("feedback", feedback, settings.feedback_retention_days, _files(feedback_url)))
        traces_url = trace_default_url(settings.data_dir)
        if _in_use(traces_url):
            traces = TraceStore(engine(traces_url))
            retained.append(Retained("answer traces", traces, settings.trace_retention_days, _files(traces_url)))
        retained.append(Retained("reports", ReportFiles(settings.reports_dir), settings.report_retention_days))
        yield Retention(retained, audit=audit, clock=clock)


def _in_use(url: str) -> bool:
    """A database server is always in use; a SQLite file once it exists (a purge creates no store)."""
    path = sqlite_path(url)
    return path is None or path.exists()


def _files(url: str) -> tuple[Path, ...]:
    path = sqlite_path(url)
    return (path,) if path is not None else ()


def _refuse_damaged(approvals_url: str, feedback_url: str, marker: QueueMarker) -> None:
    problems: list[DataProblem] = check_approvals(approvals_url, marker)
    feedback = sqlite_path(feedback_url)
    if feedback is not None and feedback.exists():
        problems = [*problems, *[p for p in [sqlite_problem(feedback, RESTORE)] if p]]
    if problems:
        raise CopilotError("nothing was purged: " + "; ".join(str(p) for p in problems))
