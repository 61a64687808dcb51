"""Short-term memory of a conversation: which piece or stone was being discussed, so a follow-up
("and can it be resized?") resolves to it. In memory with an expiry; never persisted."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from copilot.ask.identifiers import NamedIdentifier

_REFERS_BACK = re.compile(
    r"\b(it|its|it's|this|that|these|those|they|them|their|same)\b|"
    r"\bthe (piece|ring|stone|diamond|necklace|bracelet|pendant|earrings?|report|certificate|band)\b",
    re.I,
)


@dataclass
class _Turn:
    focus: list[NamedIdentifier]
    at: float


class ConversationStore:
    def __init__(self, ttl_seconds: float = 3600, max_conversations: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if ttl_seconds <= 0 or max_conversations <= 0:
            raise ValueError("ttl_seconds and max_conversations must be positive")
        self._ttl = ttl_seconds
        self._max = max_conversations
        self._clock = clock
        self._turns: dict[str, _Turn] = {}
        self._drafts: dict[str, tuple[str, float]] = {}  # trace id of a held draft -> its conversation
        self._lock = threading.Lock()

    def focus_for(self, conversation_id: str, question: str) -> list[NamedIdentifier]:
        """The identifiers of the previous turn, if this question refers back to them."""
        if not _REFERS_BACK.search(question):
            return []
        with self._lock:
            turn = self._turns.get(conversation_id)
            if turn is None or self._clock() - turn.at > self._ttl:
                return []
            return list(turn.focus)

    def remember(self, conversation_id: str, focus: list[NamedIdentifier]) -> None:
        if not focus:
            return
        with self._lock:
            now = self._clock()
            if len(self._turns) >= self._max:
                for key in [k for k, t in self._turns.items() if now - t.at > self._ttl] or [next(iter(self._turns))]:
                    del self._turns[key]
            self._turns[conversation_id] = _Turn(focus, now)

    def remember_draft(self, trace_id: str, conversation_id: str) -> None:
        """A draft held for approval came from this conversation: once a manager edits it, the associate
        who asked sees the edited text with the client's details put back from that conversation's vault."""
        with self._lock:
            now = self._clock()
            if len(self._drafts) >= self._max:
                for key in [k for k, (_, at) in self._drafts.items() if now - at > self._ttl] or [next(iter(self._drafts))]:
                    del self._drafts[key]
            self._drafts[trace_id] = (conversation_id, now)

    def conversation_of_draft(self, trace_id: str) -> str | None:
        with self._lock:
            entry = self._drafts.get(trace_id)
            if entry is None or self._clock() - entry[1] > self._ttl:
                return None
            return entry[0]
