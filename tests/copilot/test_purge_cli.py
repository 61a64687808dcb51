"""`copilot purge` as a real subprocess on a data dir written by the real stores: every expired marker is
gone from every file of the data dir (write-ahead logs included), every unexpired one is still there, the
audit log records the purge with counts, and a dry run, a damaged queue or a nonsense setting change nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from copilot.ask.trace_store import TraceStore
from copilot.ask.trace_store import default_url as traces_url
from copilot.slack.placements import Placements
from copilot.slack.placements import default_url as slack_url
from guardrails.approvals import Action, ApprovalQueue, create_approvals_engine, default_url
from guardrails.feedback import FeedbackStore
from guardrails.feedback import default_url as feedback_url
from guardrails.retention import PURGE_ACTOR

REPO = Path(__file__).resolve().parents[2]
SHORT = {"COPILOT_APPROVAL_RETENTION_DAYS": "30", "COPILOT_FEEDBACK_RETENTION_DAYS": "30", "COPILOT_REPORT_RETENTION_DAYS": "30",
         "COPILOT_TRACE_RETENTION_DAYS": "30"}


def copilot(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("COPILOT_")}
    return subprocess.run(
        [sys.executable, "-m", "copilot.cli", *args], capture_output=True, text=True, cwd=REPO,
        env={**clean, **(env or {})}, timeout=120,
    )


def markers_in(data_dir: Path, markers: list[str]) -> dict[str, list[str]]:
    """Each marker -> the files under data_dir whose bytes hold it (any file: -wal, -shm, reports...)."""
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    found: dict[str, list[str]] = {}
    for path in files:
        content = path.read_bytes()
        for marker in markers:
            if marker.encode() in content:
                found.setdefault(marker, []).append(path.name)
    return found


@dataclass
class DataDir:
    path: Path
    expired: list[str]
    kept: list[str]
    queue: ApprovalQueue


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[DataDir]:
    """Approvals, audit entries, feedback, Slack placements and reports, 40 days old and 5 days old, each
    with its own marker; the stores stay open during the purge, as the service's would."""
    root = tmp_path / "data"
    now = datetime.now(UTC)
    at = {"old": now - timedelta(days=40), "new": now - timedelta(days=5)}
    current = {"at": at["old"]}
    clock = lambda: current["at"]  # noqa: E731
    queue = ApprovalQueue(create_approvals_engine(default_url(root)), redact=str, clock=clock)
    feedback = FeedbackStore.at_url(feedback_url(root), redact=str, clock=clock)
    placements = Placements(slack_url(root))
    traces = TraceStore.at_url(traces_url(root))
    expired, kept = [], []
    for age in ("old", "new"):
        current["at"] = at[age]
        words = [f"{age.upper()}{what}MARK{n}" for n, what in enumerate(("QUESTION", "DRAFT", "FINALTEXT", "COMMENT", "REPORT", "TRACE"))]
        slack = [f"U{age.upper()}ASKER", f"D{age.upper()}CHANNEL"]
        approval = queue.create(kind="client_draft", created_by="claire", trace_id=f"trace-{age}",
                                question=words[0], draft=words[1])
        queue.edit(approval.id, "sophie", words[2], reason="tone")
        placements.add(approval.id, asker=slack[0], channel=slack[1], thread_ts=None, private=True)
        feedback.record(trace_id=f"trace-{age}", user_id="claire", kind="rating", value="down", comment=words[3])
        report = root / "reports" / f"{age}_report.md"
        report.parent.mkdir(exist_ok=True)
        report.write_text(words[4])
        os.utime(report, (at[age].timestamp(), at[age].timestamp()))
        traces.save({"trace_id": f"trace-{age}", "created_at": at[age].isoformat(), "outcome": {"kind": "answer"},
                     "question": words[5]})
        (expired if age == "old" else kept).extend(words + slack)
    current["at"] = at["old"] - timedelta(days=300)
    pending = queue.create(kind="client_draft", created_by="claire", trace_id="trace-pending",
                           question="PENDINGQUESTIONMARK", draft="PENDINGDRAFTMARK")
    kept += ["PENDINGQUESTIONMARK", "PENDINGDRAFTMARK"]
    assert queue.get(pending.id).status.value == "pending"
    # An idle connection on each file, as the running service holds: the purge's own closing cannot then
    # delete the write-ahead logs for it; only its checkpoint can empty them.
    with ExitStack() as service:
        for path in sorted(root.glob("*.sqlite")):
            db = service.enter_context(closing(sqlite3.connect(path)))
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        yield DataDir(root, expired, kept, queue)
    placements.close()


@pytest.mark.slow
def test_purge_leaves_no_expired_marker_in_any_file_and_records_counts(data_dir: DataDir) -> None:
    before = markers_in(data_dir.path, data_dir.expired + data_dir.kept)
    assert sorted(before) == sorted(data_dir.expired + data_dir.kept)  # the scan sees every marker before

    done = copilot("purge", "--data-dir", str(data_dir.path), env=SHORT)

    assert done.returncode == 0, done.stderr
    found = markers_in(data_dir.path, data_dir.expired + data_dir.kept)
    assert {m: found[m] for m in data_dir.expired if m in found} == {}
    assert sorted(found) == sorted(data_dir.kept)
    names = sorted(p.name for p in data_dir.path.rglob("*"))
    assert {"approvals.sqlite", "feedback.sqlite", "slack.sqlite", "traces.sqlite", "new_report.md"} <= set(names)
    entry = data_dir.queue.audit.entries()[-1]
    assert (entry.action, entry.actor) == (Action.PURGED, PURGE_ACTOR)
    assert entry.after is not None and entry.after["removed"] == {
        "approvals": 1, "audit log": 0, "slack placements": 1, "feedback": 1, "answer traces": 1, "reports": 1,
    }
    assert "removed" in done.stdout and "slack placements" in done.stdout


@pytest.mark.slow
def test_dry_run_counts_and_leaves_every_marker(data_dir: DataDir) -> None:
    entries = len(data_dir.queue.audit.entries())

    done = copilot("purge", "--dry-run", "--data-dir", str(data_dir.path), env=SHORT)

    assert done.returncode == 0, done.stderr
    assert "would remove" in done.stdout
    assert sorted(markers_in(data_dir.path, data_dir.expired)) == sorted(data_dir.expired)
    assert len(data_dir.queue.audit.entries()) == entries


@pytest.mark.slow
def test_a_damaged_queue_is_refused_and_nothing_is_purged(data_dir: DataDir) -> None:
    with closing(sqlite3.connect(data_dir.path / "approvals.sqlite")) as db, db:
        db.execute("DELETE FROM approvals WHERE question = 'NEWQUESTIONMARK0'")  # rows lost outside the queue

    done = copilot("purge", "--data-dir", str(data_dir.path), env=SHORT)

    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "nothing was purged" in message and "approvals.sqlite" in message and "Traceback" not in message
    assert sorted(markers_in(data_dir.path, data_dir.expired)) == sorted(data_dir.expired)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("COPILOT_FEEDBACK_RETENTION_DAYS", "0", "COPILOT_FEEDBACK_RETENTION_DAYS is 0: give a whole number of days"),
        ("COPILOT_AUDIT_RETENTION_DAYS", "100", "COPILOT_APPROVAL_RETENTION_DAYS (365) is longer than"),
        ("COPILOT_TRACE_RETENTION_DAYS", "thirty", "valid integer"),
    ],
)
@pytest.mark.slow
def test_nonsense_retention_is_refused_with_a_clear_message(tmp_path: Path, variable: str, value: str, message: str) -> None:
    done = copilot("purge", "--data-dir", str(tmp_path), env={variable: value})

    assert done.returncode == 2
    assert message in " ".join(done.stderr.split()) and "Traceback" not in done.stderr
