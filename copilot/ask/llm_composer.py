"""An answer composer backed by a chat model (LangChain: any OpenAI-compatible endpoint, or Ollama).

The model sees the redacted question and the numbered passages retrieval returned, and answers in
sentences that each end with the numbers of the passages they come from ("... within 30 days. [2]").
Each sentence is then tied to the line or sentence of its passage that supports it, which becomes its
verbatim quote; the verifier holds it to that quote like any other statement (every number it states
must be in it). A sentence with no citation, a passage number that was not given, or no supporting
line is dropped. When the endpoint fails or times out, the extractive composer answers instead: an
associate never waits on a broken model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Protocol

from copilot.ask.composer import Candidate, Composer
from copilot.ask.verifier import supported
from copilot.ask.wording import numbers, squash, stems
from copilot.core.types import Passage, Retrieval, Statement
from ingestion.sentences import quotable_units
from prompts import render

log = logging.getLogger(__name__)

# What the model replies when the passages do not answer; the pipeline then refuses in its own words.
UNKNOWN_ANSWER = "The house documents do not answer this question."
# "[2]", "[1] [3]", "[1, 3]" at the end of a sentence.
_CITED = re.compile(r"((?:\s*\[\d+(?:\s*,\s*\d+)*\])+)")
_NUMBER_IN_MARK = re.compile(r"\d+")


class ChatModel(Protocol):
    """The part of LangChain's `BaseChatModel` used here."""

    def invoke(self, input: list[tuple[str, str]]) -> object: ...


class LLMComposer:
    def __init__(
        self,
        chat: ChatModel,
        fallback: Composer,
        house: str = "Maison Aurelle",
        max_passages: int = 6,
    ) -> None:
        if max_passages <= 0:
            raise ValueError("max_passages must be positive")
        self._chat = chat
        self._fallback = fallback
        self.house = house
        self.max_passages = max_passages
        self.fallbacks = 0  # answers the extractive composer gave because the endpoint failed

    def closest(self, question: str, retrieval: Retrieval) -> list[Candidate]:
        """The extractive composer's closest passages: they quote the documents, no model is needed."""
        return self._fallback.closest(question, retrieval)

    def compose(self, question: str, retrieval: Retrieval) -> list[Statement]:
        passages = retrieval.passages[: self.max_passages]
        if not passages:
            return []
        system = render(
            "llm_answer_system",
            house=self.house,
            unknown_answer=UNKNOWN_ANSWER,
            passages=[{"n": n, "title": p.title, "section": p.section, "text": p.text} for n, p in enumerate(passages, 1)],
        )
        try:
            reply = self._chat.invoke([("system", system), ("human", question)])
        except Exception as exc:  # noqa: BLE001 - any failure of the endpoint (HTTP, timeout, parsing) is handled alike
            self.fallbacks += 1
            log.warning("LLM composer failed (%s): the extractive composer answers", type(exc).__name__)
            return self._fallback.compose(question, retrieval)
        text = _content(reply)
        if squash(text) == squash(UNKNOWN_ANSWER):
            return []
        return statements_from(text, passages)


def statements_from(reply: str, passages: Sequence[Passage]) -> list[Statement]:
    """The model's cited sentences, each tied to the unit of its passage that supports it."""
    out: list[Statement] = []
    parts = _CITED.split(reply)
    # split() alternates: sentence, its marks, sentence, its marks, ..., trailing text without marks.
    for sentence, marks in zip(parts[0::2], parts[1::2], strict=False):
        sentence = squash(sentence)
        if not sentence:
            continue
        cited = [int(n) for n in _NUMBER_IN_MARK.findall(marks)]
        best: tuple[float, str, Passage] | None = None
        for n in cited:
            if not 1 <= n <= len(passages):
                continue  # a passage the model was never given
            passage = passages[n - 1]
            quote = supporting_quote(sentence, passage)
            if quote is not None:
                score = _overlap(sentence, quote)
                if best is None or score > best[0]:
                    best = (score, quote, passage)
        if best is not None:
            out.append(Statement(sentence, best[1], best[2].chunk_id, best[0]))
    return out


def supporting_quote(sentence: str, passage: Passage) -> str | None:
    """The unit of the passage (or two adjacent units, for a sentence that joins them) that supports
    the sentence best, as a verbatim span of the passage; None when none does."""
    units = quotable_units(passage.text, passage.doc_type)
    spans = list(units)
    for first, second in zip(units, units[1:]):
        start = passage.text.find(first)
        end = passage.text.find(second, start + len(first))
        if start >= 0 and end >= 0:
            spans.append(passage.text[start : end + len(second)])
    fitting = [s for s in spans if supported(sentence, s)]
    if not fitting:
        return None
    # The closest fit, and of two as close the shorter: the quote shows what supports the sentence, no more.
    return max(fitting, key=lambda s: (_overlap(sentence, s), -len(s)))


def _overlap(sentence: str, quote: str) -> float:
    words = stems(sentence)
    quoted = stems(quote)
    if not words:
        return 0.0
    return len(words & quoted) / len(words) + 0.1 * len(numbers(sentence) & numbers(quote))


def _content(reply: object) -> str:
    content = getattr(reply, "content", reply)
    if isinstance(content, list):  # some providers return content blocks
        content = " ".join(str(block.get("text", "")) if isinstance(block, dict) else str(block) for block in content)
    return str(content).strip()
