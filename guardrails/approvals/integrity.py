"""Is the approval queue whole? A queue that existed and is now empty, unreadable or missing rows the
audit log names must stop the service: starting a new queue would reuse ids and lose decisions."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from copilot.core.errors import DataProblem
from copilot.core.sqlite_files import sqlite_problem
from guardrails.approvals.engine import create_approvals_engine, sqlite_path
from guardrails.approvals.records import Action
from guardrails.approvals.tables import approvals, audit_log, metadata

RESTORE = "stop the service and restore it from your latest `copilot backup` (see docs/hardening.md)"


def check_approvals(url: str) -> list[DataProblem]:
    """Problems of the queue at `url`, each naming the file (or URL) and the fix; [] when whole or new."""
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            return []  # a new queue: created on first use
        damaged = sqlite_problem(path, RESTORE)
        if damaged:
            return [damaged]
    where = path or url
    engine = create_approvals_engine(url)
    try:
        return _check_tables(engine, where) or _check_sequence(engine, where)
    except SQLAlchemyError as exc:
        return [DataProblem(where, f"the approval queue cannot be read ({type(exc).__name__}: {exc.args[0]})", RESTORE)]
    finally:
        engine.dispose()


def _check_tables(engine: Engine, where: Path | str) -> list[DataProblem]:
    present = set(inspect(engine).get_table_names())
    if not present:
        return [DataProblem(where, "the file holds no tables: the queue was emptied or replaced", RESTORE)]
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
