"""The retention purge: remove from each store what it has kept longer than the house decided, compact the
SQLite files so the removed rows leave the disk, and record the purge in the audit log (counts, never contents).

Stores are given, not looked up (`copilot.purge` assembles those of a data dir); each one answers
`count_before(cutoff)` and `purge_before(cutoff)`, so a new store (PostgreSQL, answer traces) joins by
implementing two methods.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from copilot.core.sqlite_files import compact
from guardrails.approvals.audit_log import AuditLog
from guardrails.approvals.records import Action, Clock, utc_now

PURGE_ACTOR = "retention-purge"
"""The actor of the audit entry a purge writes: no person runs it (the service's daily purge does too)."""


class RetainedStore(Protocol):
    def count_before(self, cutoff: datetime) -> int:
        """How many items `purge_before(cutoff)` would remove."""
        ...

    def purge_before(self, cutoff: datetime) -> int:
        """Remove the items older than `cutoff`; return how many went."""
        ...


@dataclass(frozen=True)
class Retained:
    """A store and how long it keeps things. `sqlite_files` are compacted after the purge (none for a
    database server, whose own vacuum reclaims the space)."""

    name: str
    store: RetainedStore
    days: int
    sqlite_files: tuple[Path, ...] = ()


@dataclass(frozen=True)
class StoreCount:
    name: str
    days: int
    cutoff: datetime
    count: int  # removed, or that would be removed in a dry run


@dataclass(frozen=True)
class PurgeReport:
    at: datetime
    dry_run: bool
    stores: list[StoreCount]
    compacted: list[Path]  # files rewritten, their write-ahead log truncated
    still_in_log: list[Path]  # files whose log a reader kept open: a later purge finishes them

    @property
    def total(self) -> int:
        return sum(store.count for store in self.stores)


class Retention:
    def __init__(self, retained: Sequence[Retained], *, audit: AuditLog | None, clock: Clock = utc_now) -> None:
        names = [r.name for r in retained]
        if len(set(names)) != len(names):
            raise ValueError(f"each retained store needs its own name; got {', '.join(names)}")
        for r in retained:
            if r.days < 1:
                raise ValueError(f"{r.name} must be kept at least 1 day, not {r.days}")
        self._retained = list(retained)
        self._audit = audit
        self._clock = clock

    def purge(self, *, dry_run: bool = False) -> PurgeReport:
        """Remove (or, in a dry run, count) what has expired in every store; then record and compact."""
        now = self._clock()
        if now.tzinfo is None:
            raise ValueError("the purge's clock returned a naive datetime; return an aware one (UTC)")
        counts = []
        for r in self._retained:
            cutoff = now - timedelta(days=r.days)
            count = r.store.count_before(cutoff) if dry_run else r.store.purge_before(cutoff)
            counts.append(StoreCount(r.name, r.days, cutoff, count))
        if dry_run:
            return PurgeReport(now, True, counts, [], [])
        # Compacted before the audit entry is written, so that once a purge is on record the removed rows
        # have left the files too.
        compacted, still_in_log = [], []
        for path in dict.fromkeys(p for r in self._retained for p in r.sqlite_files):
            if path.exists():
                (compacted if compact(path) else still_in_log).append(path)
        if self._audit is not None:
            self._audit.record(
                Action.PURGED,
                PURGE_ACTOR,
                after={
                    "removed": {c.name: c.count for c in counts},
                    "retention_days": {c.name: c.days for c in counts},
                },
            )
        return PurgeReport(now, False, counts, compacted, still_in_log)


class ReportFiles:
    """The files under a reports folder, expired by when they were last written (their mtime)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder

    def count_before(self, cutoff: datetime) -> int:
        return len(self._expired(cutoff))

    def purge_before(self, cutoff: datetime) -> int:
        expired = self._expired(cutoff)
        for path in expired:
            path.unlink(missing_ok=True)
        # Folders the purge emptied go too, deepest first; the reports folder itself stays.
        for folder in sorted({p.parent for p in expired}, key=lambda p: len(p.parts), reverse=True):
            if folder != self._folder and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        return len(expired)

    def _expired(self, cutoff: datetime) -> list[Path]:
        if not self._folder.is_dir():
            return []
        limit = cutoff.timestamp()
        # A symbolic link may point outside the data dir: it is never followed nor removed.
        return sorted(
            p for p in self._folder.rglob("*") if not p.is_symlink() and p.is_file() and p.stat().st_mtime < limit
        )
