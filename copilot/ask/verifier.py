"""The citation check every answer passes, whoever composed it: each statement must quote, verbatim,
a passage that retrieval actually returned. A statement that fails is dropped, never repaired."""

from __future__ import annotations

from dataclasses import dataclass

from copilot.ask.composer import Statement
from copilot.ask.types import Passage


@dataclass(frozen=True)
class Verdict:
    kept: list[Statement]
    dropped: list[tuple[Statement, str]]  # (statement, why)


def verify(statements: list[Statement], passages: list[Passage]) -> Verdict:
    by_id = {p.chunk_id: p for p in passages}
    kept: list[Statement] = []
    dropped: list[tuple[Statement, str]] = []
    for st in statements:
        passage = by_id.get(st.chunk_id)
        if passage is None:
            dropped.append((st, f"cites {st.chunk_id}, which retrieval did not return"))
        elif not st.quote.strip() or st.quote not in passage.text:
            dropped.append((st, f"quote not found verbatim in {st.chunk_id}"))
        elif st.quote not in st.text:
            dropped.append((st, "the sentence shown does not contain its quote"))
        elif any(k.text == st.text for k in kept):
            dropped.append((st, "duplicate"))
        else:
            kept.append(st)
    return Verdict(kept, dropped)
