"""The path of a question, top to bottom: validate -> recall the conversation -> retrieve ->
refuse unknown identifiers -> compose -> verify citations -> answer or refuse."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from copilot.ask.composer import Composer, Statement
from copilot.ask.conversation import ConversationStore
from copilot.ask.identifiers import NamedIdentifier
from copilot.ask.retriever import HybridRetriever
from copilot.ask.types import AskResult, Citation, Filters, Passage
from copilot.ask.verifier import verify
from copilot.errors import InputError

_KIND_LABEL = {"sku": "SKU", "stock_number": "Loose stone", "report_number": "Report", "name": "Piece"}


class Copilot:
    def __init__(
        self,
        retriever: HybridRetriever,
        composer: Composer,
        conversations: ConversationStore,
        max_question_chars: int = 2000,
        refusal_contact: str = "your boutique manager",
    ) -> None:
        if max_question_chars <= 0:
            raise ValueError("max_question_chars must be positive")
        self._retriever = retriever
        self._composer = composer
        self._conversations = conversations
        self.max_question_chars = max_question_chars
        self.refusal_contact = refusal_contact

    def ask(self, question: str, conversation_id: str | None = None, filters: Filters | None = None) -> AskResult:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        question = self.validate(question)
        conversation_id = conversation_id or uuid.uuid4().hex
        result = AskResult("", [], False, None, False, uuid.uuid4().hex, conversation_id, timings)

        focus = self._conversations.focus_for(conversation_id, question)
        with _timed(timings, "retrieve"):
            retrieval = self._retriever.retrieve(question, filters, focus)
        result.passages = retrieval.passages
        codes_missing = [i for i in retrieval.missing if i.kind != "name"]
        if codes_missing:
            return self._refuse(result, started, _not_in_records(codes_missing))

        with _timed(timings, "compose"):
            statements = self._composer.compose(question, retrieval)
        with _timed(timings, "verify"):
            verdict = verify(statements, retrieval.passages)
        if not verdict.kept:
            return self._refuse(result, started, "The house documents do not answer this question.")

        result.answer, result.citations = _cite(verdict.kept, retrieval.passages)
        self._conversations.remember(conversation_id, [i for i in retrieval.named if i not in retrieval.missing])
        timings["total"] = _ms(started)
        return result

    def validate(self, question: object) -> str:
        if not isinstance(question, str):
            raise InputError("question must be text")
        question = question.strip()
        if not question:
            raise InputError("question is empty: type what the client wants to know")
        if len(question) > self.max_question_chars:
            raise InputError(
                f"question is {len(question)} characters long; the limit is {self.max_question_chars}: shorten it"
            )
        return question

    def _refuse(self, result: AskResult, started: float, reason: str) -> AskResult:
        result.refused = True
        result.refusal_reason = reason
        result.answer = f"{reason} I won't guess: please ask {self.refusal_contact}."
        result.timings_ms["total"] = _ms(started)
        return result


def _not_in_records(missing: list[NamedIdentifier]) -> str:
    named = ", ".join(f"{_KIND_LABEL[i.kind]} {i.value}" for i in missing)
    verb = "is" if len(missing) == 1 else "are"
    return f"{named} {verb} not in the house records."


def _cite(statements: list[Statement], passages: list[Passage]) -> tuple[str, list[Citation]]:
    by_id = {p.chunk_id: p for p in passages}
    citations: list[Citation] = []
    sentences: list[str] = []
    for n, st in enumerate(statements, start=1):
        p = by_id[st.chunk_id]
        citations.append(Citation(n, p.doc_id, p.doc_type, p.title, p.source, p.section, st.quote, round(st.score, 4)))
        sentences.append(f"{st.text} [{n}]")
    return "\n".join(sentences), citations


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[stage] = _ms(started)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 2)
