"""SQLite files checked (the index, the approval queue, feedback) and compacted after a purge (`compact`)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from copilot.core.errors import DataProblem


def sqlite_problem(path: Path, fix: str) -> DataProblem | None:
    """SQLite's `quick_check` of the file, read-only (a garbled file is never touched): None when it is whole."""
    if path.stat().st_size == 0:
        return DataProblem(path, "the file is empty (0 bytes)", fix)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        return DataProblem(path, f"the file is not a readable SQLite database ({exc})", fix)
    if verdict != "ok":
        return DataProblem(path, f"SQLite's quick_check found damage ({verdict})", fix)
    return None


def compact(path: Path, busy_timeout_s: float = 30) -> bool:
    """Rewrite the file without the space deleted rows left (`VACUUM`), then fold its write-ahead log into
    it and truncate the log to 0 bytes, so deleted rows are in neither. False when a reader that stayed
    open kept the log from being truncated (a later compaction finishes the job)."""
    with closing(sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("VACUUM")
        busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0
