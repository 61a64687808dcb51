"""`compact` on real SQLite files: rows deleted without secure_delete leave their bytes in the file until
it runs, and a write-ahead log a reader holds open is reported rather than silently left full."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from copilot.core.sqlite_files import compact

MARKER = b"DELETED-CLIENT-WORDS"


def file_with_deleted_rows(path: Path) -> None:
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA secure_delete=OFF")  # as SQLite builds without SQLITE_SECURE_DELETE behave
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.executemany("INSERT INTO notes (body) VALUES (?)", [(f"{MARKER.decode()} {n}",) for n in range(50)])
        db.executemany("INSERT INTO notes (body) VALUES (?)", [(f"kept note {n}",) for n in range(50)])
        db.execute("DELETE FROM notes WHERE body LIKE 'DELETED%'")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def bytes_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()))


def test_deleted_rows_stay_in_the_file_until_it_is_compacted(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    file_with_deleted_rows(path)
    assert MARKER in bytes_of(tmp_path)  # deleting alone left them on disk

    assert compact(path) is True

    assert MARKER not in bytes_of(tmp_path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 50
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_reader_holding_the_log_is_reported_and_a_later_compaction_finishes(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite"
    file_with_deleted_rows(path)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM notes").fetchone()  # a read transaction left open

    assert compact(path, busy_timeout_s=0.2) is False
    assert (tmp_path / "store.sqlite-wal").stat().st_size > 0

    reader.execute("COMMIT")
    assert compact(path) is True
    assert (tmp_path / "store.sqlite-wal").stat().st_size == 0
    reader.close()
    assert MARKER not in bytes_of(tmp_path)
