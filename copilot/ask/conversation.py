"""Short-term memory of a conversation: which piece or stone was being discussed, so a follow-up
("and can it be resized?") resolves to it, and what kind of answer was asked, so an elliptical
follow-up ("How long does a client have to return a piece?" ... "And to exchange it?") asks it again.
Kept with an expiry, in memory or in the data dir's shared state when several workers serve; only
ever redacted text."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from copilot.ask.intents import FIELD_INTENTS, asking_phrase, field_groups
from copilot.ask.wording import content_words
from copilot.core.identifiers import NamedIdentifier
from copilot.core.shared_state import MemoryState, StateStore

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
    topic: str = ""  # the last question as searched (redacted): what an elliptical follow-up is about

    def encode(self) -> bytes:
        return json.dumps({"focus": [[i.kind, i.value] for i in self.focus], "asks": self.asks, "topic": self.topic}).encode()

    @classmethod
    def decode(cls, data: bytes) -> _Turn:
        raw = json.loads(data)
        return cls([NamedIdentifier(kind, value) for kind, value in raw["focus"]], raw["asks"], raw["topic"])


class ConversationStore:
    """Turns, held drafts and answered traces, each forgotten `ttl_seconds` after it was written. Kept in
    a `StateStore`: this process's memory by default, or the data dir's shared state when several workers
    serve (then any worker continues any conversation). Only redacted text is kept."""

    def __init__(self, ttl_seconds: float = 3600, max_conversations: int = 10_000,
                 clock: Callable[[], float] = time.monotonic, state: StateStore | None = None) -> None:
        if ttl_seconds <= 0 or max_conversations <= 0:
            raise ValueError("ttl_seconds and max_conversations must be positive")
        self._ttl = ttl_seconds
        self._state = state or MemoryState(clock, max_conversations)

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

        def change(current: bytes | None) -> bytes | None:
            previous = _Turn.decode(current) if current else None
            if previous is None and not focus and not asks and not topic:
                return None
            return _Turn(focus or (previous.focus if previous else []), asks, topic).encode()

        self._state.update("turn", conversation_id, change, self._ttl)

    def _turn(self, conversation_id: str) -> _Turn | None:
        data = self._state.get("turn", conversation_id)
        return _Turn.decode(data) if data else None

    def remember_draft(self, trace_id: str, conversation_id: str) -> None:
        """A draft held for approval came from this conversation: once a manager edits it, the associate
        who asked sees the edited text with the client's details put back from that conversation's vault."""
        self._state.put("draft", trace_id, conversation_id.encode(), self._ttl)

    def conversation_of_draft(self, trace_id: str) -> str | None:
        data = self._state.get("draft", trace_id)
        return data.decode() if data else None

    def remember_trace(self, trace_id: str, owner: str) -> None:
        """An answer was given to `owner`: feedback on it is theirs to give, for as long as a conversation lives."""
        self._state.put("trace", trace_id, owner.encode(), self._ttl)

    def trace_owner(self, trace_id: str) -> str | None:
        data = self._state.get("trace", trace_id)
        return data.decode() if data else None
