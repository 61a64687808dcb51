"""Short-term memory of a conversation: which piece or stone was being discussed, so a follow-up
("and can it be resized?") resolves to it, and what kind of answer was asked, so an elliptical
follow-up ("How long does a client have to return a piece?" ... "And to exchange it?") asks it again.
In memory with an expiry; never persisted (and only ever redacted text)."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from copilot.ask.intents import FIELD_INTENTS, asking_phrase, field_groups
from copilot.ask.wording import content_words
from copilot.core.identifiers import NamedIdentifier

_REFERS_BACK = re.compile(
    r"\b(it|its|it's|this|that|these|those|they|them|their|same)\b|"
    r"\bthe (piece|ring|stone|diamond|necklace|bracelet|pendant|earrings?|report|certificate|band|chain|strand|clasp|setting|pearls?)\b",
    re.I,
)

# "And to exchange it?", "What about engraving?": a follow-up that leans on the previous question.
_OWN_WORDS = 4  # a follow-up naming more than this many topic words stands on its own
_ELLIPTICAL = re.compile(r"\s*(?:(?:ok(?:ay)?|so|right|and)[, ]+)?(?:and|what about|how about|what if|same for|also)\b", re.I)


def owned_id(owner: str, conversation_id: str) -> str:
    """The key a conversation's memory and vault are kept under: its id as its owner (the API key's or
    tablet session's user id) sent it. Another user sending the same id reaches another, empty,
    conversation, so a leaked or guessed id restores no one's client names."""
    return hashlib.sha256(f"{owner}\x00{conversation_id}".encode()).hexdigest()


def log_id(conversation_id: str) -> str:
    """What logs name a conversation by: enough to follow one through the log, not enough to join it."""
    return hashlib.sha256(conversation_id.encode()).hexdigest()[:12]


@dataclass
class _Turn:
    focus: list[NamedIdentifier]
    asks: str  # the words of the last question that said what kind of answer it wanted ("How long")
    at: float
    topic: str = ""  # the last question as searched (redacted): what an elliptical follow-up is about


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
        self._traces: dict[str, tuple[str, float]] = {}  # trace id of an answer -> who asked
        self._lock = threading.Lock()

    def focus_for(self, conversation_id: str, question: str) -> list[NamedIdentifier]:
        """The identifiers of the previous turn, if this question refers back to them."""
        if not (_REFERS_BACK.search(question) or _ELLIPTICAL.match(question)):
            return []
        turn = self._turn(conversation_id)
        return list(turn.focus) if turn else []

    def follow_up(self, conversation_id: str, question: str) -> str:
        """An elliptical follow-up that asks no kind of answer or field itself, with the words of the
        previous question that did: "And to exchange it?" after "How long does a client have to return
        a piece?" becomes "How long and to exchange it?". Any other question is returned as it is."""
        if not _ELLIPTICAL.match(question) or asking_phrase(question) or field_groups(question, FIELD_INTENTS):
            return question
        turn = self._turn(conversation_id)
        if not turn or not turn.asks:
            return question
        # lower case, or "And" in mid-sentence would read as a name the house documents never use
        opening = question.lstrip()
        return f"{turn.asks} {opening[:1].lower()}{opening[1:]}"

    def scene_for(self, conversation_id: str, question: str) -> str:
        """What a follow-up naming little of its own is about: the previous question, for one that is
        elliptical ("ok and in platinum?" after "how long does it take to resize an 18k gold ring?") or
        refers back ("which of those can't go on a thin surface?"); "" for any other."""
        follows = _ELLIPTICAL.match(question)
        if not follows or len(content_words(question)) > _OWN_WORDS:
            return ""
        turn = self._turn(conversation_id)
        return turn.topic if turn and not turn.focus else ""

    def remember(self, conversation_id: str, focus: list[NamedIdentifier], asks: str = "", topic: str = "") -> None:
        """What this turn was about. A turn naming no piece keeps the previous one's in focus; the kind
        of answer asked is always this turn's ("" for none), so a follow-up never asks an older one again."""
        with self._lock:
            now = self._clock()
            previous = self._turns.get(conversation_id)
            if previous and now - previous.at > self._ttl:
                previous = None
            if previous is None and not focus and not asks and not topic:
                return
            if len(self._turns) >= self._max and previous is None:
                for key in [k for k, t in self._turns.items() if now - t.at > self._ttl] or [next(iter(self._turns))]:
                    del self._turns[key]
            self._turns[conversation_id] = _Turn(focus or (previous.focus if previous else []), asks, now, topic)

    def _turn(self, conversation_id: str) -> _Turn | None:
        with self._lock:
            turn = self._turns.get(conversation_id)
            if turn is None or self._clock() - turn.at > self._ttl:
                return None
            return turn

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

    def remember_trace(self, trace_id: str, owner: str) -> None:
        """An answer was given to `owner`: feedback on it is theirs to give, for as long as a conversation lives."""
        with self._lock:
            now = self._clock()
            if len(self._traces) >= self._max:
                for key in [k for k, (_, at) in self._traces.items() if now - at > self._ttl] or [next(iter(self._traces))]:
                    del self._traces[key]
            self._traces[trace_id] = (owner, now)

    def trace_owner(self, trace_id: str) -> str | None:
        with self._lock:
            entry = self._traces.get(trace_id)
            if entry is None or self._clock() - entry[1] > self._ttl:
                return None
            return entry[0]
