"""The path of a question, top to bottom: validate -> redact PII -> recall the conversation ->
retrieve -> refuse unknown identifiers -> compose -> verify citations -> draft and hold for approval
when a client will read it -> answer or refuse."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from copilot.ask.composer import Candidate, Composer
from copilot.ask.conversation import ConversationStore, owned_id
from copilot.ask.drafter import ClientDraftWriter
from copilot.ask.evidence import missing_evidence
from copilot.ask.intents import CARRIED_KINDS, QuestionPart, asking_phrase, question_parts
from copilot.ask.retriever import HybridRetriever
from copilot.ask.trace import TraceRecorder
from copilot.ask.trace_store import TraceStore
from copilot.ask.understanding import QuestionReader
from copilot.ask.verifier import verify
from copilot.core.errors import InputError
from copilot.core.identifiers import NamedIdentifier
from copilot.core.types import AskResult, Citation, Filters, Passage, Related, Retrieval, Statement
from copilot.search.hook import SearchHook
from guardrails.approvals import ApprovalQueue
from guardrails.client_facing import is_client_facing_request, topic_of
from guardrails.forbidden import forbidden_request
from guardrails.redaction import Redacted, SharedVaultStore, Vault, VaultStore
from guardrails.redaction.vault import placeholders

NOT_ANSWERED = "The house documents do not answer this question."
NOT_SURE = "Not sure: no passage answers this clearly enough to state it. These passages may answer it."
_KIND_LABEL = {"sku": "SKU", "stock_number": "Loose stone", "report_number": "Report", "name": "Piece"}


class Redactor(Protocol):
    def redact(self, text: str, vault: Vault | None = None) -> Redacted: ...


@dataclass(frozen=True)
class Asker:
    """Who asks: signs the drafts and is recorded on approvals (from the API key or the CLI)."""

    id: str = "associate"
    name: str = "Boutique associate"
    boutique: str = "Place Vendome"
    # Known only to the asker's session (derived from their API key, or their Slack user): seals their
    # conversation's vault in the workers' shared state. Never logged or stored.
    secret: bytes = field(default=b"", repr=False, compare=False)


class Copilot:
    def __init__(
        self,
        retriever: HybridRetriever,
        composer: Composer,
        conversations: ConversationStore,
        redactor: Redactor,
        vaults: VaultStore | SharedVaultStore,
        approvals: ApprovalQueue,
        drafter: Callable[[Asker], ClientDraftWriter] | None,
        max_question_chars: int = 2000,
        refusal_contact: str = "your boutique manager",
        reader: QuestionReader | None = None,
        search: SearchHook | None = None,
        traces: TraceStore | None = None,
    ) -> None:
        if max_question_chars <= 0:
            raise ValueError("max_question_chars must be positive")
        self._retriever = retriever
        self._composer = composer
        self._conversations = conversations
        self._redactor = redactor
        self._vaults = vaults
        self.approvals = approvals
        self._drafter = drafter
        self.max_question_chars = max_question_chars
        self.refusal_contact = refusal_contact
        self._reader = reader or QuestionReader(None, None)
        self._search = search
        self.traces = traces

    def ask(
        self,
        question: str,
        conversation_id: str | None = None,
        filters: Filters | None = None,
        for_client: bool = False,
        asker: Asker = Asker(),
    ) -> AskResult:
        trace = TraceRecorder()
        result = self._answer(question, conversation_id, filters, for_client, asker, trace)
        if self.traces is not None:
            self.traces.save(trace.finish(result, asker.id, type(self._composer).__name__))
        return result

    def _answer(
        self, question: str, conversation_id: str | None, filters: Filters | None, for_client: bool, asker: Asker,
        trace: TraceRecorder,
    ) -> AskResult:
        timings: dict[str, float] = {}
        started = time.perf_counter()
        question = self.validate(question)
        conversation_id = conversation_id or uuid.uuid4().hex
        result = AskResult("", [], False, None, False, uuid.uuid4().hex, conversation_id, timings)

        # What the conversation remembers (its pieces, its clients' names) is the asker's own: anyone
        # else sending the same id starts afresh.
        memory = owned_id(asker.id, conversation_id)
        self._conversations.remember_trace(result.trace_id, asker.id)
        with _timed(timings, "redact"):
            vault = self._vaults.vault_for(memory, asker.secret)
            request = self.redact(question, vault)  # from here on, only the redacted text is used
        trace.question(request)
        if forbidden := forbidden_request(request):
            return self._refuse(result, started, vault, forbidden.reason)
        drafting = is_client_facing_request(request)
        if self._search is not None and not drafting and not for_client:
            # "platinum rings under 5k": what the house has is listed from the catalog (copilot/search), not composed
            with _timed(timings, "search"):
                found = self._search.answer_if_search(request, asker.boutique)
            if found is not None:
                found.fill(result)
                result.display_answer = vault.restore(result.answer)
                timings["total"] = _ms(started)
                return result
        topic = self._reader.read(topic_of(request) if drafting else request)  # typos fixed, the house's words added
        topic = self._conversations.follow_up(memory, topic)  # "And to exchange it?" asks "How long" again

        focus = self._conversations.focus_for(memory, topic)
        # "ok and in platinum?" is searched with the question it follows, and answered by a sentence
        # holding its own words.
        scene = "" if focus else self._conversations.scene_for(memory, topic)
        own, topic = (topic, f"{topic} ({scene})") if scene else ("", topic)
        with _timed(timings, "retrieve"):
            retrieval = self._retriever.retrieve(topic, filters, focus, trace) if topic else None
        if retrieval:
            trace.identifiers(retrieval.named, retrieval.missing)
        if retrieval and own:
            retrieval.must_share = own
        result.passages = retrieval.passages if retrieval else []
        codes_missing = [i for i in retrieval.missing if i.kind != "name"] if retrieval else []
        if codes_missing:
            return self._refuse(result, started, vault, _not_in_records(codes_missing))
        if retrieval and not drafting and (lacking := missing_evidence(topic, retrieval)):
            # "where does its emerald come from?" of a piece with no provenance record: said, not guessed from its description
            return self._refuse(result, started, vault, lacking)

        with _timed(timings, "compose"):
            parts = question_parts(topic) if retrieval and not retrieval.named and not drafting else []
            if len(parts) > 1:  # "what do we charge, and how long does it take?": each part answered and cited
                statements = self._compose_parts(parts, filters, result, trace)
            else:
                statements = self._composer.compose(topic, retrieval) if retrieval else []
        with _timed(timings, "verify"):
            verdict = verify(statements, result.passages)
        trace.verified(verdict)
        kept = verdict.kept
        if not kept and not drafting:
            # Not confident enough to state anything: the passages likeliest to hold the answer, if any
            # share the question's topic, save the associate a search; else a plain refusal.
            closest = self._composer.closest(topic, retrieval) if retrieval else []
            if closest:
                result.related = _related(closest)
                return self._refuse(result, started, vault, NOT_SURE)
            return self._refuse(result, started, vault, NOT_ANSWERED)

        if drafting:
            self._draft_for_approval(result, request, kept, asker, memory)
        else:
            result.answer, result.citations = _cite(kept, result.passages)
        if for_client and not drafting:
            self._hold_for_approval(result, request, asker, memory, kind="forwarded_answer", findings=[])
        if retrieval:
            named = [i for i in retrieval.named if i not in retrieval.missing]
            self._conversations.remember(memory, named, asking_phrase(topic, CARRIED_KINDS), topic)
        result.display_answer = vault.restore(result.answer)
        timings["total"] = _ms(started)
        return result

    def _compose_parts(
        self, parts: list[QuestionPart], filters: Filters | None, result: AskResult, trace: TraceRecorder
    ) -> list[Statement]:
        """Each part searched and composed alone, its passages joining the result's; a sentence that
        answers two parts is stated once."""
        statements: list[Statement] = []
        for part in parts:
            retrieval = self._retriever.retrieve(part.text, filters, trace=trace)
            retrieval.must_share = part.own
            known = {p.chunk_id for p in result.passages}
            result.passages += [p for p in retrieval.passages if p.chunk_id not in known]
            statements += [st for st in self._composer.compose(part.text, retrieval) if st.quote not in {s.quote for s in statements}]
        return statements

    @property
    def composer(self) -> Composer:
        return self._composer

    @property
    def search(self) -> SearchHook | None:
        return self._search

    def retrieval_for(
        self, question: str, conversation_id: str | None = None, asker: Asker = Asker()
    ) -> Retrieval | None:
        """The retrieval `ask` would compose its answer from (redacted, with the conversation's focus),
        without answering: for evaluation and for fitting the composer."""
        conversation_id = owned_id(asker.id, conversation_id) if conversation_id else None
        vault = self._vaults.vault_for(conversation_id or uuid.uuid4().hex, asker.secret)
        request = self.redact(self.validate(question), vault)
        topic = self._reader.read(topic_of(request) if is_client_facing_request(request) else request)
        if conversation_id:
            topic = self._conversations.follow_up(conversation_id, topic)
        focus = self._conversations.focus_for(conversation_id, topic) if conversation_id else []
        return self._retriever.retrieve(topic, None, focus) if topic else None

    def answered(self, trace_id: str, asker_id: str) -> bool:
        """Whether the service gave `asker_id` the answer `trace_id` within the conversation lifetime."""
        return self._conversations.trace_owner(trace_id) == asker_id

    def display_draft(self, trace_id: str, text: str, draft: str, asker: Asker = Asker()) -> str | None:
        """A held text (the draft, or the manager's edit of it) with the client's details put back, for
        the associate who asked, while their conversation's vault lives; None after that.

        Only the placeholders of the draft are put back: one the manager's edit introduced (a name they
        typed, redacted on its way into the queue with the next free number) may stand for another
        client of the same conversation, so it stays a placeholder."""
        conversation_id = self._conversations.conversation_of_draft(trace_id)
        vault = self._vaults.get(conversation_id, asker.secret) if conversation_id else None
        if vault is None:
            return None
        return vault.restore(text, only=placeholders(draft))

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

    def redact(self, text: str, vault: Vault | None = None) -> str:
        return self._redactor.redact(text, vault).text

    def _draft_for_approval(
        self, result: AskResult, request: str, kept: list[Statement], asker: Asker, memory: str
    ) -> None:
        if self._drafter is None:
            raise InputError("no Brand Tone Guide is ingested: client drafts need its greeting and sign-off")
        draft = self._drafter(asker).write(request, kept, result.passages)
        result.answer, result.citations = draft.text, draft.citations
        result.note = {"occasion": draft.occasion, "written_from": draft.written_from, "channel": draft.channel,
                       "subject": draft.subject}
        findings = [f.to_dict() for f in draft.findings]
        self._hold_for_approval(result, request, asker, memory, kind="client_draft", findings=findings)

    def _hold_for_approval(
        self, result: AskResult, request: str, asker: Asker, memory: str, kind: str, findings: list[dict[str, str]]
    ) -> None:
        approval = self.approvals.create(
            kind=kind,
            created_by=asker.id,
            trace_id=result.trace_id,
            question=request,
            draft=result.answer,
            citations=[c.__dict__ for c in result.citations],
            tone_findings=findings,
        )
        self.approvals.audit.record(
            "ask_client_facing", asker.id, approval_id=approval.id, trace_id=result.trace_id,
            after={"kind": kind, "status": approval.status},
        )
        self._conversations.remember_draft(result.trace_id, memory)
        result.requires_approval = True
        result.approval_id = approval.id
        result.approval_status = approval.status
        result.tone_findings = findings

    def _refuse(self, result: AskResult, started: float, vault: Vault, reason: str) -> AskResult:
        result.refused = True
        result.refusal_reason = reason
        result.answer = f"{reason} I won't guess: please ask {self.refusal_contact}."
        result.display_answer = vault.restore(result.answer)
        result.timings_ms["total"] = _ms(started)
        return result


def _not_in_records(missing: list[NamedIdentifier]) -> str:
    named = ", ".join(f"{_KIND_LABEL[i.kind]} {i.value}" for i in missing)
    verb = "is" if len(missing) == 1 else "are"
    return f"{named} {verb} not in the house records."


def _related(candidates: list[Candidate]) -> list[Related]:
    return [
        Related(n, c.passage.doc_id, c.passage.doc_type, c.passage.title, c.passage.source, c.passage.section,
                c.sentence, round(c.score, 4), paragraph_of(c.passage, c.sentence))
        for n, c in enumerate(candidates, start=1)
    ]


def paragraph_of(passage: Passage, sentence: str) -> str:
    """The paragraph (lines between blank lines: a list, a table, a record) of the passage holding
    `sentence`, without the heading path that opens a manual's chunk or any heading line."""
    text = passage.text if passage.exact else passage.text.partition("\n")[2]
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    block = next((b for b in blocks if sentence in b), text)
    return "\n".join(line for line in block.splitlines() if not line.startswith("#")).strip() or block


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
