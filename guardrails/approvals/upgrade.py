"""Bring an existing SQLite approval queue up to the current schema: its audit log's CHECK on actions was
fixed when the file was created, so a queue older than an action (such as `purged`) must be rebuilt to accept it.

SQLite cannot change a CHECK in place; the table is copied into a new one in a single transaction.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing

from sqlalchemy import Engine
from sqlalchemy.schema import CreateIndex, CreateTable

from guardrails.approvals.engine import SQLITE_BUSY_TIMEOUT_S, sqlite_path
from guardrails.approvals.records import Action
from guardrails.approvals.tables import audit_log

_OLD = "audit_log_before_upgrade"


def upgrade_audit_actions(engine: Engine) -> bool:
    """Rebuild the audit log table of a SQLite file whose CHECK lacks an action; True when it did."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is None or not path.exists():
        return False
    with closing(sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S, isolation_level=None)) as db:
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").fetchone()
            if row is None or all(f"'{action.value}'" in row[0] for action in Action):
                db.execute("ROLLBACK")
                return False
            columns = ", ".join(f'"{column.name}"' for column in audit_log.columns)
            db.execute(f'ALTER TABLE audit_log RENAME TO "{_OLD}"')
            for index in audit_log.indexes:
                db.execute(f'DROP INDEX IF EXISTS "{index.name}"')
            for statement in _create_statements(engine):
                db.execute(statement)
            db.execute(f'INSERT INTO audit_log ({columns}) SELECT {columns} FROM "{_OLD}"')
            db.execute(f'DROP TABLE "{_OLD}"')
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return True


def _create_statements(engine: Engine) -> list[str]:
    """The CREATE TABLE and CREATE INDEX of the current audit log, in the engine's SQL dialect."""
    statements = [str(CreateTable(audit_log).compile(dialect=engine.dialect))]
    statements += [str(CreateIndex(index).compile(dialect=engine.dialect)) for index in audit_log.indexes]
    return statements
