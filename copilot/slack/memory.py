"""What the bot keeps in memory for a while: the deliveries it has already handled (Slack retries an
event it thinks was lost) and the answers it may still be asked to share. Never written to disk."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from copilot.core.types import AskResult

V = TypeVar("V")


class _Expiring(Generic[V]):
    def __init__(self, ttl_seconds: float, max_items: int, clock: Callable[[], float]) -> None:
        if ttl_seconds <= 0 or max_items <= 0:
            raise ValueError("ttl_seconds and max_items must be positive")
        self._ttl = ttl_seconds
        self._max = max_items
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, V]] = OrderedDict()
        self._lock = threading.Lock()

    def _drop_expired(self) -> None:
        now = self._clock()
        while self._items and (len(self._items) > self._max or next(iter(self._items.values()))[0] < now):
            self._items.popitem(last=False)


class Deliveries(_Expiring[bool]):
    """Slack sends an event again (with `X-Slack-Retry-Num`) when our 200 seemed late; the copy must do
    nothing. A delivery is known by its event id, else by its body (a slash command or a button click
    carries its own trigger id, so two real clicks never look alike); over Socket Mode there is no raw
    body, so the parsed one is used."""

    def __init__(self, ttl_seconds: float = 3600, max_items: int = 50_000, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(ttl_seconds, max_items, clock)

    def first_time(self, body: Mapping[str, Any], raw_body: str) -> bool:
        """True the first time a delivery is seen, False for every copy of it (within the TTL)."""
        whole = raw_body or json.dumps(body, sort_keys=True)
        key = str(body.get("event_id") or hashlib.sha256(whole.encode()).hexdigest())
        with self._lock:
            self._drop_expired()
            if key in self._items:
                return False
            self._items[key] = (self._clock() + self._ttl, True)
            return True


class Answers(_Expiring[AskResult]):
    """Answers by trace id, so "Share in channel" posts the very answer the associate saw."""

    def __init__(self, ttl_seconds: float = 3600, max_items: int = 5_000, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(ttl_seconds, max_items, clock)

    def keep(self, result: AskResult) -> None:
        with self._lock:
            self._drop_expired()
            self._items[result.trace_id] = (self._clock() + self._ttl, result)

    def get(self, trace_id: str) -> AskResult | None:
        with self._lock:
            self._drop_expired()
            item = self._items.get(trace_id)
            return item[1] if item else None
