"""The citation check every answer passes, whoever composed it: each statement must quote, verbatim,
a passage that retrieval actually returned, and say nothing its quote does not. A statement that
fails is dropped, never repaired."""

from __future__ import annotations

import re
from dataclasses import dataclass

from copilot.ask.wording import numbers, squash, stems
from copilot.core.types import Passage, Statement

# A sentence in other words than its quote (an LLM composer's) must take this share of its words
# from the quote, and every number it states.
MIN_PARAPHRASE_SUPPORT = 0.5
# A capitalised word after the first of its sentence: a place, a collection, a lab, a desk.
_NAME = re.compile(r"(?<=[\w,;:)] )[A-Z][\w'’-]*")


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
        elif not supported(st.text, st.quote):
            dropped.append((st, "the sentence says more than its quote: a number or most of its words are not in it"))
        elif any(k.text == st.text for k in kept):
            dropped.append((st, "duplicate"))
        else:
            kept.append(st)
    return Verdict(kept, dropped)


def supported(sentence: str, quote: str) -> bool:
    """The sentence shows its quote (an extractive answer), or restates it: every number and every name
    it gives is in the quote ("3.5 carats" is never supported by "Carat: 3.01", nor "in London" by a
    rule that names no city) and so are most of its words."""
    if squash(quote) in squash(sentence):
        return True
    if not numbers(sentence) <= numbers(quote):
        return False
    if not stems(" ".join(_NAME.findall(sentence))) <= stems(quote):
        return False
    words = stems(sentence)
    return bool(words) and len(words & stems(quote)) / len(words) >= MIN_PARAPHRASE_SUPPORT
