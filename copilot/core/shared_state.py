"""Short-lived state the service's workers share (conversation memory, vaults, wrong-key counts): small
values by kind and key, each with an expiry. In memory for one process, or a SQLite file (WAL) in the
data dir that every worker of `copilot serve --workers N` on one machine reads and writes."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from copilot.core.settings import Settings

# What a change gets (the current value, None when absent or expired) and returns (None deletes).
Change = Callable[[bytes | None], bytes | None]


class StateStore(Protocol):
    def get(self, kind: str, key: str, refresh_ttl: float | None = None) -> bytes | None:
        """The live value, or None; with `refresh_ttl`, it then lives that long from now."""
        ...

    def put(self, kind: str, key: str, value: bytes, ttl: float) -> None: ...

    def update(self, kind: str, key: str, change: Change, ttl: float) -> bytes | None:
        """Apply `change` atomically (no other worker writes this key in between); returns the new value."""
        ...

    def count(self, kind: str) -> int:
        """Live entries of `kind`."""
        ...


class MemoryState:
    """One process's state: dictionaries with an expiry, at most `max_entries` per kind (expired ones go
    first, then the oldest), so a spray of keys cannot grow memory without bound."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_entries: int = 10_000) -> None:
        if max_entries <= 0:
            raise ValueError("max_entries must be positive")
        self._clock = clock
        self._max = max_entries
        self._kinds: dict[str, dict[str, tuple[bytes, float]]] = {}
        self._lock = threading.RLock()

    def get(self, kind: str, key: str, refresh_ttl: float | None = None) -> bytes | None:
        with self._lock:
            entries = self._kinds.get(kind, {})
            entry = entries.get(key)
            now = self._clock()
            if entry is None or entry[1] <= now:
                return None
            if refresh_ttl is not None:
                entries[key] = (entry[0], now + refresh_ttl)
            return entry[0]

    def put(self, kind: str, key: str, value: bytes, ttl: float) -> None:
        with self._lock:
            entries = self._kinds.setdefault(kind, {})
            now = self._clock()
            if key not in entries and len(entries) >= self._max:
                for stale in [k for k, (_, until) in entries.items() if until <= now] or [next(iter(entries))]:
                    del entries[stale]
            entries.pop(key, None)  # re-inserted last: the dict's order is the eviction order
            entries[key] = (value, now + ttl)

    def update(self, kind: str, key: str, change: Change, ttl: float) -> bytes | None:
        with self._lock:
            new = change(self.get(kind, key))
            if new is None:
                self._kinds.get(kind, {}).pop(key, None)
            else:
                self.put(kind, key, new, ttl)
            return new

    def count(self, kind: str) -> int:
        with self._lock:
            now = self._clock()
            return sum(1 for _, until in self._kinds.get(kind, {}).values() if until > now)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    expires_at REAL NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS state_expiry ON state (expires_at);
"""
_PURGE_EVERY = 500  # writes between two sweeps of expired rows


class SqliteState:
    """The state in one SQLite file (WAL: readers never wait for a writer), shared by every process that
    opens it. Wall-clock expiry, since workers do not share a monotonic clock. Callers store only
    redacted text or ciphertext here: the file is on disk."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time, busy_timeout_ms: int = 10_000) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        self._clock = clock
        self._busy_ms = busy_timeout_ms
        self._local = threading.local()  # one connection per thread: the API answers in a thread pool
        self._writes = 0
        with self._connection() as db:
            db.executescript(_SCHEMA)

    @property
    def path(self) -> Path:
        return self._path

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            # isolation_level=None: transactions are opened explicitly (BEGIN IMMEDIATE for updates).
            db = sqlite3.connect(self._path, timeout=self._busy_ms / 1000, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # this state may lose its last writes on power loss, never its consistency
            self._local.db = db
        return db

    def get(self, kind: str, key: str, refresh_ttl: float | None = None) -> bytes | None:
        db = self._connection()
        now = self._clock()
        row = db.execute(
            "SELECT value FROM state WHERE kind = ? AND key = ? AND expires_at > ?", (kind, key, now)
        ).fetchone()
        if row is not None and refresh_ttl is not None:
            db.execute("UPDATE state SET expires_at = ? WHERE kind = ? AND key = ?", (now + refresh_ttl, kind, key))
        return bytes(row[0]) if row else None

    def put(self, kind: str, key: str, value: bytes, ttl: float) -> None:
        self._connection().execute(
            "INSERT OR REPLACE INTO state (kind, key, value, expires_at) VALUES (?, ?, ?, ?)",
            (kind, key, value, self._clock() + ttl),
        )
        self._wrote()

    def update(self, kind: str, key: str, change: Change, ttl: float) -> bytes | None:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")  # the write lock first: no other worker reads-then-writes this in between
        try:
            now = self._clock()
            row = db.execute(
                "SELECT value FROM state WHERE kind = ? AND key = ? AND expires_at > ?", (kind, key, now)
            ).fetchone()
            new = change(bytes(row[0]) if row else None)
            if new is None:
                db.execute("DELETE FROM state WHERE kind = ? AND key = ?", (kind, key))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO state (kind, key, value, expires_at) VALUES (?, ?, ?, ?)",
                    (kind, key, new, now + ttl),
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._wrote()
        return new

    def count(self, kind: str) -> int:
        row = self._connection().execute(
            "SELECT COUNT(*) FROM state WHERE kind = ? AND expires_at > ?", (kind, self._clock())
        ).fetchone()
        return int(row[0])

    def purge_expired(self) -> int:
        """Delete every expired row (done every few hundred writes anyway); returns how many."""
        cursor = self._connection().execute("DELETE FROM state WHERE expires_at <= ?", (self._clock(),))
        return cursor.rowcount

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes % _PURGE_EVERY == 0:
            self.purge_expired()


def open_shared_state(settings: Settings) -> SqliteState | None:
    """The data dir's shared state when the settings ask for it (several workers), else None: memory."""
    return SqliteState(settings.shared_state_db) if settings.shared_state else None
