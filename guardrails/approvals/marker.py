"""What the data dir remembers of the approval queue: the highest id it has given, per queue URL, in a
small JSON file beside the queue. A queue deleted, emptied or swapped for an older copy then no longer
passes for a new one at start (ids would be given twice and decisions lost), wherever the queue lives;
a queue at a URL the data dir has never used (a move to PostgreSQL) starts afresh."""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import make_url


class QueueMarker:
    def __init__(self, path: Path, url: str) -> None:
        self.path = path
        self._queue = make_url(url).render_as_string(hide_password=True)

    def last_id(self) -> int:
        """The highest approval id recorded for this queue; 0 when none was (a new queue)."""
        queues = self._read()
        return 1 if queues is None else int(queues.get(self._queue, 0))

    def record(self, approval_id: int) -> None:
        """Raise the recorded id to `approval_id` (never lowers it). Written whole then renamed, so a
        crash leaves the old marker or the new one."""
        queues = self._read() or {}
        if approval_id <= int(queues.get(self._queue, 0)):
            return
        queues[self._queue] = approval_id
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"queues": queues}, indent=1), encoding="utf-8")
        temporary.replace(self.path)

    def _read(self) -> dict[str, int] | None:
        """The ids by queue; None when the file is unreadable: better to stop on a doubt than to take a
        damaged marker for a new queue."""
        try:
            queues = json.loads(self.path.read_text(encoding="utf-8"))["queues"]
            return {str(url): int(last) for url, last in queues.items()}
        except FileNotFoundError:
            return {}
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
