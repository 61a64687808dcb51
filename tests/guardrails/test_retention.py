"""The retention purge on real SQLite files and folders: decided approvals lose their texts (in the queue
and the audit log) while pending ones are never touched, the audit log drops whole old histories, feedback
and reports expire by age, a dry run removes nothing, and each purge is recorded with counts only."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guardrails.approvals import Action, ApprovalQueue, AuditLog, Status, create_approvals_engine, default_url
from guardrails.approvals.integrity import check_approvals
from guardrails.feedback import FeedbackStore
from guardrails.feedback import default_url as feedback_url
from guardrails.retention import PURGE_ACTOR, ReportFiles, Retained, Retention

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A settable clock: a test writes at one date, then purges at another."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return default_url(tmp_path / "data")


@pytest.fixture
def queue(url: str, clock: Clock) -> ApprovalQueue:
    return ApprovalQueue(create_approvals_engine(url), redact=str, clock=clock)


def decided(queue: ApprovalQueue, clock: Clock, days_ago: int, marker: str, status: Status = Status.APPROVED) -> int:
    clock.at = NOW - timedelta(days=days_ago)
    approval = queue.create(
        kind="client_draft", created_by="claire", trace_id=f"trace-{days_ago}", question=f"Q {marker}", draft=f"D {marker}",
        tone_findings=[{"rule": "greeting", "excerpt": f"E {marker}"}],
    )
    if status is Status.EDITED:
        queue.edit(approval.id, "sophie", f"F {marker}", reason=f"R {marker}")
    elif status is Status.REJECTED:
        queue.reject(approval.id, "sophie", f"R {marker}")
    elif status is Status.APPROVED:
        queue.approve(approval.id, "sophie", reason=f"R {marker}")
    clock.at = NOW
    return approval.id


def texts_of(queue: ApprovalQueue) -> str:
    return repr(queue.list()) + repr(queue.audit.entries())


def test_decided_approvals_past_retention_lose_their_texts_everywhere_and_keep_who_and_when(
    queue: ApprovalQueue, clock: Clock, url: str
) -> None:
    old_edit = decided(queue, clock, 400, "old-edit", Status.EDITED)
    old_reject = decided(queue, clock, 370, "old-reject", Status.REJECTED)
    recent = decided(queue, clock, 10, "recent")
    ancient_pending = decided(queue, clock, 3000, "ancient-pending", Status.PENDING)

    assert queue.count_before(NOW - timedelta(days=365)) == 2
    assert queue.purge_before(NOW - timedelta(days=365)) == 2

    text = texts_of(queue)
    assert "old-edit" not in text and "old-reject" not in text
    assert "D recent" in text and "R recent" in text
    assert "D ancient-pending" in text  # a pending approval is never purged, however old
    erased = queue.get(old_edit)
    assert (erased.question, erased.draft, erased.final_text, erased.reason, erased.tone_findings) == ("", "", None, None, [])
    assert (erased.status, erased.created_by, erased.decided_by) == (Status.EDITED, "claire", "sophie")
    assert [e.action for e in queue.audit.entries(old_reject)] == [Action.CREATED, Action.REJECTED]
    assert queue.get(recent).draft == "D recent" and queue.get(ancient_pending).status is Status.PENDING
    # Erased approvals are not counted again, and the queue still passes its integrity check.
    assert queue.purge_before(NOW - timedelta(days=365)) == 0
    assert check_approvals(url) == []


def test_the_audit_log_drops_whole_old_histories_and_keeps_a_pending_ones(
    queue: ApprovalQueue, clock: Clock, url: str
) -> None:
    gone = decided(queue, clock, 3000, "gone")
    kept = decided(queue, clock, 2000, "kept")
    pending = decided(queue, clock, 4000, "pending", Status.PENDING)
    clock.at = NOW - timedelta(days=2600)
    queue.audit.record("ask_client_facing", "claire", after={"question": "Q old ask"})
    clock.at = NOW

    cutoff = NOW - timedelta(days=2555)
    assert queue.audit.count_before(cutoff) == 3  # gone's created + approved, the old ask
    assert queue.audit.purge_before(cutoff) == 3

    assert [a.id for a in queue.list()] == [kept, pending]
    assert {e.approval_id for e in queue.audit.entries()} == {kept, pending}
    assert "old ask" not in texts_of(queue) and gone not in {a.id for a in queue.list()}
    assert check_approvals(url) == []


def test_feedback_expires_by_when_it_was_last_given(tmp_path: Path, clock: Clock) -> None:
    store = FeedbackStore.at_url(feedback_url(tmp_path), redact=str, clock=clock)
    clock.at = NOW - timedelta(days=366)
    store.record(trace_id="t-old", user_id="claire", kind="rating", value="down", comment="old comment")
    store.record(trace_id="t-changed", user_id="claire", kind="rating", value="down")
    clock.at = NOW - timedelta(days=1)
    store.record(trace_id="t-changed", user_id="claire", kind="rating", value="up")  # a changed mind is recent

    assert store.count_before(NOW - timedelta(days=365)) == 1
    assert store.purge_before(NOW - timedelta(days=365)) == 1
    assert [f.trace_id for f in store.all()] == ["t-changed"]


def test_reports_expire_by_modification_time_and_links_are_never_followed(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    (reports / "old_run").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("not a report")
    old, nested, recent = reports / "catalog_audit.md", reports / "old_run" / "eval.json", reports / "bench.json"
    for path in (old, nested, recent):
        path.write_text(path.name)
    (reports / "link.txt").symlink_to(outside)
    long_ago = (NOW - timedelta(days=400)).timestamp()
    for path in (old, nested, outside):
        os.utime(path, (long_ago, long_ago))

    files = ReportFiles(reports)
    assert files.count_before(NOW - timedelta(days=365)) == 2
    assert files.purge_before(NOW - timedelta(days=365)) == 2

    assert sorted(p.name for p in reports.iterdir()) == ["bench.json", "link.txt"]  # old_run/ emptied and removed
    assert outside.read_text() == "not a report"


def test_a_dry_run_counts_and_removes_nothing_and_a_purge_is_audited_with_counts_only(
    queue: ApprovalQueue, clock: Clock, tmp_path: Path
) -> None:
    decided(queue, clock, 400, "secret-words")
    retention = Retention(
        [Retained("approvals", queue, 365), Retained("audit log", queue.audit, 2555)], audit=queue.audit, clock=clock
    )

    dry = retention.purge(dry_run=True)
    assert [(s.name, s.count) for s in dry.stores] == [("approvals", 1), ("audit log", 0)]
    assert "secret-words" in texts_of(queue) and queue.audit.entries()[-1].action is not Action.PURGED

    done = retention.purge()
    assert done.total == 1 and done.stores[0].cutoff == NOW - timedelta(days=365)
    entry = queue.audit.entries()[-1]
    assert (entry.action, entry.actor, entry.at) == (Action.PURGED, PURGE_ACTOR, NOW)
    assert entry.after == {"removed": {"approvals": 1, "audit log": 0}, "retention_days": {"approvals": 365, "audit log": 2555}}
    assert "secret-words" not in texts_of(queue)


def test_retention_refuses_a_store_kept_no_time_two_of_one_name_and_a_naive_clock(queue: ApprovalQueue) -> None:
    with pytest.raises(ValueError, match="approvals must be kept at least 1 day, not 0"):
        Retention([Retained("approvals", queue, 0)], audit=None)
    with pytest.raises(ValueError, match="its own name"):
        Retention([Retained("a", queue, 1), Retained("a", queue.audit, 1)], audit=None)
    with pytest.raises(ValueError, match="naive datetime"):
        Retention([Retained("a", queue, 1)], audit=None, clock=lambda: datetime(2026, 1, 1)).purge()


def test_a_queue_created_before_the_purged_action_is_upgraded_without_losing_entries(tmp_path: Path) -> None:
    path = tmp_path / "approvals.sqlite"
    url = f"sqlite:///{path}"
    AuditLog(create_approvals_engine(url), redact=str).record("ask_client_facing", "claire", after={"n": 1})
    with closing(sqlite3.connect(path)) as db:  # the audit log as an older version created it
        old_sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]
        db.executescript(
            "ALTER TABLE audit_log RENAME TO t; DROP INDEX audit_log_approval;"
            + old_sql.replace(", 'purged'", "") + "; INSERT INTO audit_log SELECT * FROM t; DROP TABLE t;"
        )
        assert "'purged'" not in db.execute("SELECT sql FROM sqlite_master WHERE name = 'audit_log'").fetchone()[0]

    log = AuditLog(create_approvals_engine(url), redact=str)
    log.record(Action.PURGED, PURGE_ACTOR, after={"removed": {}})

    assert [(e.action, e.after) for e in log.entries()] == [
        (Action.ASK_CLIENT_FACING, {"n": 1}), (Action.PURGED, {"removed": {}}),
    ]
    assert check_approvals(url) == []
