"""Creating a store's tables when several processes start at once (`copilot serve --workers N`)."""

from __future__ import annotations

import time

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError

ATTEMPTS = 5


def create_tables(metadata: MetaData, engine: Engine) -> None:
    """`metadata.create_all`, which checks then creates: two workers may both find a table missing and one
    of them then fails with "already exists" (SQLite) or a duplicate type (PostgreSQL). The other worker
    made it, so looking again finds it; any other error is raised."""
    for attempt in range(ATTEMPTS):
        try:
            metadata.create_all(engine)
            return
        except DatabaseError as exc:
            if attempt == ATTEMPTS - 1 or not _created_meanwhile(exc):
                raise
            time.sleep(0.05 * (attempt + 1))


def _created_meanwhile(exc: DatabaseError) -> bool:
    message = str(exc.orig).lower()
    return "already exists" in message or "duplicate key" in message
