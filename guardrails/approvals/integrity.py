"""Is the approval queue whole? A queue that existed and is now empty, unreadable or missing rows the
audit log names must stop the service: starting a new queue would reuse ids and lose decisions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, inspect, make_url, select
from sqlalchemy.exc import SQLAlchemyError

from copilot.core.errors import DataProblem
from copilot.core.sqlite_files import sqlite_problem
from guardrails.approvals.engine import create_approvals_engine, sqlite_path
from guardrails.approvals.marker import QueueMarker
from guardrails.approvals.records import Action
from guardrails.approvals.tables import approvals, audit_log, metadata

RESTORE = "stop the service and restore it from your latest `copilot backup` (see docs/hardening.md)"


def check_approvals(url: str, marker: QueueMarker | None = None) -> list[DataProblem]:
    """Problems of the queue at `url`, each naming the file (or URL) and the fix; [] when whole or new.
    With the data dir's `marker`, a queue that gave ids before is never taken for a new one."""
    given = marker.last_id() if marker else 0
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            if given:
                return [DataProblem(path, f"the approval queue is gone, but it had given ids up to {given}", _restore(marker))]
            return []  # a new queue: created on first use
        damaged = sqlite_problem(path, RESTORE)
        if damaged:
            return [damaged]
    where = path or _without_password(url)
    engine = create_approvals_engine(url)
    try:
        if path is None and not given and not inspect(engine).get_table_names():
            return []  # a new database on a server, and no queue known here: its tables are made on first use
        return _check_tables(engine, where) or _check_sequence(engine, where) or _check_marker(engine, where, marker)
    except SQLAlchemyError as exc:
        return [DataProblem(where, f"the approval queue cannot be read ({type(exc).__name__}: {exc.args[0]})", RESTORE)]
    finally:
        engine.dispose()


def _restore(marker: QueueMarker | None) -> str:
    if marker is None:
        return RESTORE
    return f"{RESTORE}; if you restored an older backup on purpose, delete {marker.path} to accept it"


def _without_password(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _check_marker(engine: Engine, where: Path | str, marker: QueueMarker | None) -> list[DataProblem]:
    """The queue still holds (in its rows or its audit log) the highest id the data dir saw it give."""
    given = marker.last_id() if marker else 0
    if not given:
        return []
    with engine.connect() as conn:
        held = max(
            conn.execute(select(func.max(approvals.c.id))).scalar_one() or 0,
            conn.execute(select(func.max(audit_log.c.approval_id))).scalar_one() or 0,
        )
    if held >= given:
        return []
    what = "holds no approvals" if not held else f"holds ids up to {held}"
    return [DataProblem(where, f"the approval queue {what}, but it had given ids up to {given}: it was emptied or "
                               "replaced by an older copy", _restore(marker))]


def _check_tables(engine: Engine, where: Path | str) -> list[DataProblem]:
    present = set(inspect(engine).get_table_names())
    if not present:
        return [DataProblem(where, "the database holds no tables: the queue was emptied or replaced", RESTORE)]
    problems = []
    for table in metadata.sorted_tables:
        if table.name not in present:
            problems.append(DataProblem(where, f"the table {table.name} is missing", RESTORE))
            continue
        columns = {c["name"] for c in inspect(engine).get_columns(table.name)}
        missing = sorted({c.name for c in table.columns} - columns)
        if missing:
            problems.append(DataProblem(where, f"the table {table.name} lacks the columns {', '.join(missing)}", RESTORE))
    return problems


def _check_sequence(engine: Engine, where: Path | str) -> list[DataProblem]:
    """Every approval the audit log records as created is still in the queue: rows deleted from the
    queue (or a queue emptied by hand) would otherwise free their ids for new drafts."""
    with engine.connect() as conn:
        created = select(audit_log.c.approval_id).where(audit_log.c.action == Action.CREATED.value)
        lost = conn.execute(
            select(func.count(), func.min(audit_log.c.approval_id), func.max(audit_log.c.approval_id)).where(
                audit_log.c.action == Action.CREATED.value,
                audit_log.c.approval_id.not_in(select(approvals.c.id)),
            )
        ).one()
        unaudited = conn.execute(select(func.count()).where(approvals.c.id.not_in(created))).scalar_one()
    problems = []
    if lost[0]:
        problems.append(
            DataProblem(where, f"{lost[0]} approvals (ids {lost[1]} to {lost[2]}) are in the audit log but gone from the queue", RESTORE)
        )
    if unaudited:
        problems.append(DataProblem(where, f"{unaudited} approvals have no 'created' entry in the audit log", RESTORE))
    return problems
