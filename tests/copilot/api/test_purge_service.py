"""The service's own retention purge on a live app: it runs at start and then every interval, in the
background (requests are answered meanwhile), removes from the data dir's files what has expired, keeps what
associates just wrote, and leaves a `purged` entry in the audit log each time."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from copilot.api.app import create_app
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from guardrails.approvals import Action, ApprovalQueue, AuditLog, create_approvals_engine, default_url
from guardrails.feedback import FeedbackStore
from guardrails.feedback import default_url as feedback_url
from tests.support.server import ASSOCIATE_KEY, http_client, live_server, wait_until

pytestmark = pytest.mark.slow


def aged(days: int) -> Callable[[], datetime]:
    return lambda: datetime.now(UTC) - timedelta(days=days)


def files_holding(data_dir: Path, marker: str) -> list[str]:
    return [p.name for p in data_dir.rglob("*") if p.is_file() and marker.encode() in p.read_bytes()]


def purges(audit: AuditLog) -> list[dict[str, object]]:
    return [e.after or {} for e in audit.entries() if e.action is Action.PURGED]


@pytest.fixture
def data(indexed: Settings, tmp_path: Path) -> Settings:
    """A copy of the small corpus's index with a queue and feedback of its own, purged every second."""
    copy = tmp_path / "data"
    shutil.copytree(indexed.data_dir, copy, ignore=shutil.ignore_patterns("approvals.sqlite*", "feedback.sqlite*", "slack.sqlite*"))
    return indexed.model_copy(update={"data_dir": copy, "purge_interval_seconds": 1})


def test_the_service_purges_at_start_and_then_every_interval_without_blocking_requests(
    data: Settings, factory: Callable[[Settings], Copilot]
) -> None:
    old_queue = ApprovalQueue(create_approvals_engine(default_url(data.data_dir)), redact=str, clock=aged(400))
    old = old_queue.create(kind="client_draft", created_by="claire", trace_id="trace-old",
                           question="STARTQUESTIONMARK", draft="STARTDRAFTMARK")
    old_queue.approve(old.id, "sophie")
    old_feedback = FeedbackStore.at_url(feedback_url(data.data_dir), redact=str, clock=aged(400))
    old_feedback.record(trace_id="trace-old", user_id="claire", kind="rating", value="down", comment="STARTCOMMENTMARK")
    audit = AuditLog(create_approvals_engine(default_url(data.data_dir)), redact=str)

    with live_server(create_app(data, copilot_factory=factory)) as url, http_client(url, ASSOCIATE_KEY) as client:
        wait_until(lambda: len(purges(audit)) >= 1, "the service did not purge at start")
        assert purges(audit)[0]["removed"] == {"approvals": 1, "audit log": 0, "feedback": 1, "answer traces": 0, "reports": 0}
        # A reader the service holds open can keep a write-ahead log from being truncated; the next purge,
        # a second later, finishes it.
        start_markers = ("STARTQUESTIONMARK", "STARTDRAFTMARK", "STARTCOMMENTMARK")
        wait_until(lambda: not any(files_holding(data.data_dir, m) for m in start_markers),
                   "the start purge's rows stayed in the data dir's files")

        answer = client.post("/v1/ask", json={"question": "Can a Celeste ring be resized?"}).json()
        given = client.post("/v1/feedback", json={"trace_id": answer["trace_id"], "rating": "up", "comment": "LIVECOMMENTMARK"})
        assert given.status_code == 201, given.text
        old_feedback.record(trace_id="trace-later", user_id="claire", kind="rating", value="down", comment="LATERCOMMENTMARK")
        seen = len(purges(audit))
        assert files_holding(data.data_dir, "LATERCOMMENTMARK") != []

        # Requests are answered while the daily purge keeps running in the background.
        for _ in range(20):
            assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        wait_until(lambda: len(purges(audit)) > seen and not files_holding(data.data_dir, "LATERCOMMENTMARK"),
                   "the interval's purge did not remove the feedback written while the service ran")
        assert files_holding(data.data_dir, "LIVECOMMENTMARK") != []
        assert [f.comment for f in FeedbackStore.at_url(feedback_url(data.data_dir), redact=str).all()] == ["LIVECOMMENTMARK"]
