"""Wrong API keys per client address, so a key cannot be guessed by trying many: after `limit` distinct
wrong keys within `window` seconds, the address is refused (429, Retry-After) for `lockout` seconds,
whatever key it sends. Counted per key and per address: a tablet retrying one stale key is one mistake,
not a guess each time, so it cannot lock out the boutique it shares an address with; a guesser sends a
new key each time. The address is the TCP peer's unless it is a configured proxy (`trusted_proxies`):
X-Forwarded-For from anyone else is ignored, so rotating it does not escape the count."""

from __future__ import annotations

import hashlib
import json
import math
import time
from collections.abc import Callable

from copilot.core.errors import CopilotError
from copilot.core.shared_state import MemoryState, StateStore


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
    """Kept in a `StateStore`: this process's memory by default, or the data dir's shared state so that
    every worker of the service counts the same wrong keys and honours the same lockout. Addresses are
    kept by their sha256, wrong keys only by the digest the caller gives."""

    def __init__(
        self,
        limit: int = 20,
        window_seconds: float = 600.0,
        lockout_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
        state: StateStore | None = None,
    ) -> None:
        if limit <= 0 or window_seconds <= 0 or lockout_seconds <= 0 or max_clients <= 0:
            raise ValueError("limit, window_seconds, lockout_seconds and max_clients must be positive")
        self.limit = limit
        self.window = window_seconds
        self.lockout = lockout_seconds
        self._clock = clock
        # Bounded under a spray of addresses: past max_clients, expired entries go first, then the oldest.
        self._state = state or MemoryState(clock, max_clients)

    def check(self, client: str) -> None:
        """Raise TooManyAttempts while `client` is locked out."""
        data = self._state.get(_LOCKED, _key(client))
        if data is None:
            return
        remaining = float(data) - self._now()
        if remaining > 0:
            raise TooManyAttempts(math.ceil(remaining))

    def failed(self, client: str, key_digest: str = "") -> None:
        """Count a wrong key from `client`; the `limit`-th distinct one within the window locks it out.
        The same wrong key sent again only refreshes its time (`key_digest` "" counts every time)."""
        now = self._now()
        locked = False

        def change(current: bytes | None) -> bytes | None:
            nonlocal locked
            recent = [(at, digest) for at, digest in (json.loads(current) if current else []) if at > now - self.window]
            if key_digest:
                recent = [(at, digest) for at, digest in recent if digest != key_digest]
            recent.append((now, key_digest))
            locked = len(recent) >= self.limit
            return None if locked else json.dumps(recent).encode()

        self._state.update(_FAILURES, _key(client), change, self.window)
        if locked:
            self._state.put(_LOCKED, _key(client), str(now + self.lockout).encode(), self.lockout)

    def tracked(self) -> int:
        """Addresses with wrong keys counted in the window (what memory holds for them)."""
        return self._state.count(_FAILURES)

    def _now(self) -> float:
        return self._clock()


_FAILURES = "wrong_keys"
_LOCKED = "locked_out"


def _key(client: str) -> str:
    return hashlib.sha256(client.encode()).hexdigest()
