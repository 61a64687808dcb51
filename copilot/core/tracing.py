"""What the retriever and the composer tell an answer's trace, as they work: the narrow interface they
report through (`TraceSink`), and the sink that ignores it all (`NO_TRACE`) when nobody records."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol


class ScoredSentence(NamedTuple):
    """One manual sentence the composer weighed: its score is the weighted sum of its features."""

    text: str
    chunk_id: str
    features: Mapping[str, float]
    score: float


@dataclass(frozen=True)
class Search:
    """One search: the dense (cosine) and BM25 candidates best first, the fused score of each chunk, the
    chunk ids handed on (best first), the identifier hits (chunk id -> "named" or "linked"), and a
    readable label (title, section) per chunk id."""

    question: str
    dense: Sequence[tuple[str, float]]
    lexical: Sequence[tuple[str, float]]
    fused: Mapping[str, float]
    kept: Sequence[str]
    exact: Mapping[str, str]
    labels: Mapping[str, str]


class TraceSink(Protocol):
    def retrieved(self, search: Search) -> None:
        """A search the retriever ran."""

    def sentences_scored(self, asked: str, sentences: Sequence[ScoredSentence], weights: Mapping[str, float]) -> None:
        """The sentences the composer scored as answers to `asked`, and the weight of each feature."""

    def declined(self, asked: str, reason: str) -> None:
        """The composer stated nothing for `asked`, and the check that decided it, in a manager's words."""


class _NoTrace:
    def retrieved(self, search: Search) -> None:
        return None

    def sentences_scored(self, asked: str, sentences: Sequence[ScoredSentence], weights: Mapping[str, float]) -> None:
        return None

    def declined(self, asked: str, reason: str) -> None:
        return None


NO_TRACE: TraceSink = _NoTrace()
