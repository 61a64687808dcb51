"""Tables created by several workers starting at once: the one that loses the race takes them as made."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, event, inspect
from sqlalchemy.exc import OperationalError

from copilot.core.tables import create_tables


def _racing(path: Path) -> tuple[MetaData, Table]:
    """A table that another worker creates between this one's check and its CREATE TABLE."""
    metadata = MetaData()
    table = Table("things", metadata, Column("id", Integer, primary_key=True))
    other_worker = create_engine(f"sqlite:///{path}")

    @event.listens_for(table, "before_create")
    def created_meanwhile(*_: object, **__: object) -> None:
        with other_worker.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY)")

    return metadata, table


def test_a_table_another_worker_created_meanwhile_is_taken_as_made(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    metadata, _ = _racing(tmp_path / "store.sqlite")
    with pytest.raises(OperationalError, match="already exists"):
        metadata.create_all(engine)  # what each store did before: the losing worker failed to start

    engine = create_engine(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    metadata, _ = _racing(tmp_path / "fresh.sqlite")
    create_tables(metadata, engine)
    assert inspect(engine).has_table("things")


def test_any_other_database_error_is_raised(tmp_path: Path) -> None:
    (tmp_path / "garbled.sqlite").write_bytes(b"not a database" * 100)
    metadata = MetaData()
    Table("things", metadata, Column("id", Integer, primary_key=True))
    with pytest.raises(Exception, match="not a database"):
        create_tables(metadata, create_engine(f"sqlite:///{tmp_path / 'garbled.sqlite'}"))
