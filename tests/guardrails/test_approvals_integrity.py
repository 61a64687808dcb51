"""A queue that gave ids before is never taken for a new one, on SQLite and on PostgreSQL: the data dir's
marker remembers the highest id, so a queue deleted, emptied of both its tables, or replaced by an
older copy is reported (naming where and the fix), while a brand-new database starts a queue."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete

from guardrails.approvals import ApprovalQueue, QueueMarker, create_approvals_engine
from guardrails.approvals.integrity import check_approvals
from guardrails.approvals.tables import approvals, audit_log, metadata


def _queue_with(url: str, marker: QueueMarker, drafts: int) -> None:
    queue = ApprovalQueue(create_approvals_engine(url), redact=str, marker=marker)
    for n in range(drafts):
        queue.create(kind="client_draft", created_by="key-1", trace_id=f"t{n}", question="q", draft="Dear <PERSON_1>,")


def test_a_new_database_starts_a_queue_and_the_marker_follows_its_ids(database_url: str, tmp_path: Path) -> None:
    marker = QueueMarker(tmp_path / "approvals_marker.json", database_url)
    assert check_approvals(database_url, marker) == []
    _queue_with(database_url, marker, 3)
    assert marker.last_id() == 3
    assert check_approvals(database_url, marker) == []


def test_both_tables_emptied_stop_the_service(database_url: str, tmp_path: Path) -> None:
    marker = QueueMarker(tmp_path / "approvals_marker.json", database_url)
    _queue_with(database_url, marker, 2)
    engine = create_approvals_engine(database_url)
    with engine.begin() as conn:
        conn.execute(delete(audit_log))
        conn.execute(delete(approvals))
    [problem] = check_approvals(database_url, marker)
    assert "holds no approvals, but it had given ids up to 2" in str(problem)
    assert str(marker.path) in str(problem) and "copilot backup" in str(problem)


def test_tables_dropped_stop_the_service(database_url: str, tmp_path: Path) -> None:
    marker = QueueMarker(tmp_path / "approvals_marker.json", database_url)
    _queue_with(database_url, marker, 1)
    engine = create_approvals_engine(database_url)
    metadata.drop_all(engine)
    engine.dispose()
    [problem] = check_approvals(database_url, marker)
    assert "holds no tables" in str(problem)


def test_an_older_copy_of_the_queue_is_reported(database_url: str, tmp_path: Path) -> None:
    marker = QueueMarker(tmp_path / "approvals_marker.json", database_url)
    _queue_with(database_url, marker, 3)
    with create_approvals_engine(database_url).begin() as conn:  # as a backup taken before draft 3 would be
        conn.execute(delete(audit_log).where(audit_log.c.approval_id == 3))
        conn.execute(delete(approvals).where(approvals.c.id == 3))
    [problem] = check_approvals(database_url, marker)
    assert "holds ids up to 2, but it had given ids up to 3" in str(problem)
    marker.path.unlink()  # what the message says to do after restoring an older backup on purpose
    assert check_approvals(database_url, QueueMarker(marker.path, database_url)) == []


def test_a_deleted_sqlite_queue_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "data" / "approvals.sqlite"
    marker = QueueMarker(tmp_path / "data" / "approvals_marker.json", f"sqlite:///{path}")
    _queue_with(f"sqlite:///{path}", marker, 2)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    [problem] = check_approvals(f"sqlite:///{path}", marker)
    assert str(path) in str(problem) and "is gone, but it had given ids up to 2" in str(problem)


def test_a_queue_that_predates_its_marker_gets_one_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'approvals.sqlite'}"
    _queue_with(url, QueueMarker(tmp_path / "elsewhere.json", url), 4)
    marker = QueueMarker(tmp_path / "approvals_marker.json", url)
    ApprovalQueue(create_approvals_engine(url), redact=str, marker=marker)
    assert marker.last_id() == 4


def test_a_queue_at_a_url_the_data_dir_never_used_starts_afresh(tmp_path: Path) -> None:
    marker_file = tmp_path / "approvals_marker.json"
    old = f"sqlite:///{tmp_path / 'approvals.sqlite'}"
    _queue_with(old, QueueMarker(marker_file, old), 2)
    moved = f"sqlite:///{tmp_path / 'moved' / 'approvals.sqlite'}"
    assert check_approvals(moved, QueueMarker(marker_file, moved)) == []
    assert QueueMarker(marker_file, old).last_id() == 2
