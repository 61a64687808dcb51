"""Wrong API keys per client address, so a key cannot be guessed by trying many: after `limit` distinct
wrong keys within `window` seconds, the address is refused (429, Retry-After) for `lockout` seconds,
whatever key it sends. Counted per key and per address: a tablet retrying one stale key is one mistake,
not a guess each time, so it cannot lock out the boutique it shares an address with; a guesser sends a
new key each time. The address is the TCP peer's unless it is a configured proxy (`trusted_proxies`):
X-Forwarded-For from anyone else is ignored, so rotating it does not escape the count."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from copilot.core.errors import CopilotError


class TooManyAttempts(CopilotError):
    """Too many wrong keys from one address; `retry_after` says in how many seconds to try again."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"too many wrong API keys from this address: try again in {minutes} minute{'s' if minutes > 1 else ''}, "
            "and ask your manager if the key keeps being refused"
        )
        self.retry_after = retry_after


class FailedAttempts:
    def __init__(
        self,
        limit: int = 20,
        window_seconds: float = 600.0,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        if limit <= 0 or window_seconds <= 0 or lockout_seconds <= 0 or max_clients <= 0:
            raise ValueError("limit, window_seconds, lockout_seconds and max_clients must be positive")
        self.limit = limit
        self.window = window_seconds
        self.lockout = lockout_seconds
        self._clock = clock
        self._max_clients = max_clients
        self._failures: dict[str, deque[tuple[float, str]]] = {}  # client -> (when, digest of the wrong key)
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Raise TooManyAttempts while `client` is locked out."""
        with self._lock:
            until = self._locked_until.get(client)
            now = self._clock()
            if until is None:
                return
            if now >= until:
                del self._locked_until[client]
                return
        raise TooManyAttempts(math.ceil(until - now))

    def failed(self, client: str, key_digest: str = "") -> None:
        """Count a wrong key from `client`; the `limit`-th distinct one within the window locks it out.
        The same wrong key sent again only refreshes its time (`key_digest` "" counts every time)."""
        with self._lock:
            now = self._clock()
            if client not in self._failures and len(self._failures) >= self._max_clients:
                self._forget_stale(now)
            recent = self._failures.setdefault(client, deque())
            if key_digest:
                kept = [(at, digest) for at, digest in recent if digest != key_digest]
                recent.clear()
                recent.extend(kept)
            recent.append((now, key_digest))
            while recent and recent[0][0] <= now - self.window:
                recent.popleft()
            if len(recent) >= self.limit:
                self._locked_until[client] = now + self.lockout
                del self._failures[client]

    def _forget_stale(self, now: float) -> None:
        # Bounded memory under a spray of addresses: drop the ones with no failure in the window,
        # then, if that is not enough, the oldest.
        for client in [c for c, times in self._failures.items() if not times or times[-1][0] <= now - self.window]:
            del self._failures[client]
        while len(self._failures) >= self._max_clients:
            del self._failures[next(iter(self._failures))]
