"""An answer's trace, collected while `Copilot.ask` works: the redacted question, the identifier hits,
each search's dense and BM25 candidates with their fused rank, the sentences the composer weighed, the
statements the citation check dropped, and the outcome with its reason. Only redacted text enters it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from copilot.ask.verifier import Verdict
from copilot.core.identifiers import NamedIdentifier
from copilot.core.tracing import ScoredSentence, Search
from copilot.core.types import AskResult, Statement
from guardrails.approvals.records import Clock, utc_now

# The best sentences kept per scoring: a reader compares the chosen one with its runners-up, not with
# the fortieth sentence of a manual.
MAX_SENTENCES = 20

ANSWER, CLOSEST, REFUSAL, SEARCH = "answer", "closest_passages", "refusal", "search"


class TraceRecorder:
    """One per question. The retriever and the composer report through `TraceSink`'s two methods; the
    pipeline adds what only it knows (the redacted question, the verdict, the result)."""

    def __init__(self, clock: Clock = utc_now) -> None:
        self.created_at: datetime = clock()
        self._question = ""
        self._identifiers: list[dict[str, Any]] = []
        self._searches: list[dict[str, Any]] = []
        self._sentences: list[dict[str, Any]] = []
        self._weights: dict[str, float] = {}
        self._dropped: list[dict[str, str]] = []
        self._declined: list[dict[str, str]] = []
        self._kept: list[Statement] = []

    # -- the pipeline ----------------------------------------------------------------------------
    def question(self, redacted: str) -> None:
        self._question = redacted

    def identifiers(self, named: Sequence[NamedIdentifier], missing: Sequence[NamedIdentifier]) -> None:
        self._identifiers = [{"kind": i.kind, "value": i.value, "found": i not in missing} for i in named]

    def verified(self, verdict: Verdict) -> None:
        self._kept = list(verdict.kept)
        self._dropped += [
            {"text": st.text, "quote": st.quote, "chunk_id": st.chunk_id, "why": why} for st, why in verdict.dropped
        ]

    # -- TraceSink: the retriever and the composer -----------------------------------------------
    def retrieved(self, search: Search) -> None:
        question, dense, lexical, fused = search.question, search.dense, search.lexical, search.fused
        kept, exact, labels = search.kept, search.exact, search.labels
        dense_at = {cid: (rank, score) for rank, (cid, score) in enumerate(dense, start=1)}
        lexical_at = {cid: (rank, score) for rank, (cid, score) in enumerate(lexical, start=1)}
        handed = {cid: rank for rank, cid in enumerate(kept, start=1)}
        ranked = sorted(fused, key=lambda cid: -fused[cid])
        self._searches.append({
            "question": question,
            "candidates": [
                {
                    "chunk_id": cid,
                    "label": labels.get(cid, ""),
                    "fused_rank": rank,
                    "fused_score": round(fused[cid], 6),
                    "dense_rank": dense_at[cid][0] if cid in dense_at else None,
                    "dense_score": round(dense_at[cid][1], 4) if cid in dense_at else None,
                    "bm25_rank": lexical_at[cid][0] if cid in lexical_at else None,
                    "bm25_score": round(lexical_at[cid][1], 4) if cid in lexical_at else None,
                    "exact": exact.get(cid) or None,
                    "passed_on": handed.get(cid),
                }
                for rank, cid in enumerate(ranked, start=1)
            ],
        })

    def sentences_scored(self, asked: str, sentences: Sequence[ScoredSentence], weights: Mapping[str, float]) -> None:
        self._weights = {name: float(w) for name, w in weights.items()}
        best = sorted(sentences, key=lambda s: -s.score)[:MAX_SENTENCES]
        self._sentences += [
            {
                "asked": asked,
                "text": s.text,
                "chunk_id": s.chunk_id,
                "score": round(s.score, 4),
                "features": {name: round(float(v), 4) for name, v in s.features.items()},
            }
            for s in best
        ]

    def declined(self, asked: str, reason: str) -> None:
        self._declined.append({"asked": asked, "why": reason})

    # -- the whole -------------------------------------------------------------------------------
    def finish(self, result: AskResult, asked_by: str, composer: str) -> dict[str, Any]:
        """The trace as stored: JSON-ready, redacted throughout."""
        quoted = {st.quote for st in self._kept}
        kind, reason = outcome_of(result, len(self._kept), len(self._dropped), [d["why"] for d in self._declined])
        return {
            "trace_id": result.trace_id,
            "created_at": self.created_at.isoformat(),
            "asked_by": asked_by,
            "question": self._question,
            "identifiers": self._identifiers,
            "searches": self._searches,
            "sentences": [{**s, "chosen": s["text"] in quoted} for s in self._sentences],
            "weights": self._weights,
            "statements": [
                {"text": st.text, "quote": st.quote, "chunk_id": st.chunk_id, "score": round(st.score, 4)} for st in self._kept
            ],
            "dropped": self._dropped,
            "declined": self._declined,
            "related": [
                {"title": r.title, "section": r.section, "quote": r.quote, "score": r.score} for r in result.related
            ],
            "outcome": {"kind": kind, "reason": reason},
            "answer": result.answer,
            "approval_id": result.approval_id,
            "timings_ms": dict(result.timings_ms),
            "composer": composer,
        }


def outcome_of(result: AskResult, kept: int, dropped: int, declined: Sequence[str] = ()) -> tuple[str, str]:
    """answer / closest_passages / refusal / search, and why, in a manager's words; `declined` holds the
    composer's reasons for stating nothing (one per clause it answered)."""
    if result.search is not None:
        return SEARCH, "The question asked what the house has: the pieces were listed from the catalog."
    why = " ".join(dict.fromkeys(declined))
    if result.refused and result.related:
        return CLOSEST, " ".join(filter(None, (result.refusal_reason, why, "The closest passages were shown.")))
    if result.refused:
        return REFUSAL, " ".join(filter(None, (result.refusal_reason or "Refused.", why)))
    checked = f"{kept} statement{'s quote their passages' if kept != 1 else ' quotes its passage'} verbatim"
    if dropped:
        checked += f"; the citation check dropped {dropped}"
    if result.approval_id is not None:
        return ANSWER, f"{checked}. Held for a manager's approval (#{result.approval_id}) before a client reads it."
    return ANSWER, f"{checked}."
