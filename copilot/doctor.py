"""The data dir's health and its safe copy: the checks the service runs before it says ready (and
`copilot doctor` prints), and `copilot backup`'s consistent copy of what cannot be rebuilt."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from copilot.core.errors import DataProblem, InputError
from copilot.core.settings import Settings
from copilot.core.sqlite_files import sqlite_problem
from guardrails.approvals.engine import sqlite_path
from guardrails.approvals.integrity import RESTORE, check_approvals
from guardrails.approvals.marker import QueueMarker
from ingestion.integrity import check_index


def approvals_url(settings: Settings) -> str:
    return settings.approvals_db_url


def data_problems(settings: Settings) -> list[DataProblem]:
    """Everything wrong under the data dir, each naming its file and the fix; [] when all is whole."""
    problems = check_index(settings.index_db, settings.chroma_location, settings.collection)
    problems += check_approvals(approvals_url(settings), QueueMarker(settings.approvals_marker, settings.approvals_db_url))
    feedback = sqlite_path(settings.feedback_db_url)
    if feedback is not None and feedback.exists():
        problems += [p for p in [sqlite_problem(feedback, RESTORE)] if p]
    return problems


def backup(settings: Settings, dest: Path) -> list[Path]:
    """A consistent copy of the approval queue with its audit log, and of the feedback, into `dest`,
    taken with SQLite's online backup API (safe while the service writes). The index is not copied: it
    is rebuilt from the source documents (`copilot ingest --rebuild`)."""
    sources = [sqlite_path(approvals_url(settings)), sqlite_path(settings.feedback_db_url)]
    files = [path for path in sources if path is not None and path.exists()]
    if not files:
        raise InputError(f"nothing to back up in {settings.data_dir}: no approvals.sqlite or feedback.sqlite there yet")
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for source in files:
        problem = sqlite_problem(source, RESTORE)
        if problem:
            raise problem
        target = dest / source.name
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, closing(sqlite3.connect(target)) as out:
            src.backup(out)
            out.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, to copy back as it is
        if problem := sqlite_problem(target, f"check the disk holding {dest}, then run `copilot backup` again"):
            raise problem
        written.append(target)
    return written
