"""Where the approval queue lives: a SQLAlchemy engine from a URL (SQLite file by default).

SQLite-specific settings are applied here only, so the queue's own SQL stays portable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url

SQLITE_BUSY_TIMEOUT_S = 30  # a writer waits this long for another writer's transaction to finish


def default_url(data_dir: Path) -> str:
    """`sqlite:///DATA_DIR/approvals.sqlite`, next to the ingestion index."""
    return f"sqlite:///{data_dir / 'approvals.sqlite'}"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def create_approvals_engine(url: str) -> Engine:
    """An engine for `url`; for a SQLite file, its folder is created and writers wait for each other."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the web page list drafts while a manager's decision is being written.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
