"""The public shape of an answer trace (`GET /v1/traces/{trace_id}`): what `copilot.ask.trace` records,
plus the approval history of the answer's draft, read from the queue when the trace is asked for."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from copilot.ask.trace_store import TraceSummary
from guardrails.approvals import Approval, AuditEntry
from guardrails.approvals import Status as ApprovalStatus

Outcome = Literal["answer", "closest_passages", "refusal", "search"]


class IdentifierOut(BaseModel):
    kind: str = Field(description="sku, stock_number, report_number or name (a piece's name).")
    value: str
    found: bool = Field(description="False: the house records do not hold it (the question is refused).")


class CandidateOut(BaseModel):
    chunk_id: str
    label: str = Field(description="The document's title and section.")
    fused_rank: int = Field(description="Rank after reciprocal rank fusion; identifier hits rank first.")
    fused_score: float
    dense_rank: int | None = Field(description="Rank among the embedding (cosine) candidates; null: not among them.")
    dense_score: float | None = Field(description="Cosine similarity to the question.")
    bm25_rank: int | None = Field(description="Rank among the keyword (BM25) candidates; null: not among them.")
    bm25_score: float | None
    exact: str | None = Field(description="named: the record an identifier names; linked: a record it links to.")
    passed_on: int | None = Field(description="Its place among the passages handed to the composer; null: not handed on.")


class SearchOut(BaseModel):
    question: str = Field(description="What was searched (redacted; spelling fixed, house synonyms added).")
    candidates: list[CandidateOut] = Field(description="Best fused rank first.")


class SentenceOut(BaseModel):
    asked: str = Field(description="The question or clause the sentence was scored against.")
    text: str
    chunk_id: str
    score: float = Field(description="The weighted sum of the features (`weights`).")
    features: dict[str, float]
    chosen: bool = Field(description="The answer quotes it.")


class StatementOut(BaseModel):
    text: str
    quote: str
    chunk_id: str
    score: float


class DroppedOut(BaseModel):
    text: str
    quote: str
    chunk_id: str
    why: str = Field(description="Why the citation check dropped it.")


class RelatedTraceOut(BaseModel):
    title: str
    section: str
    quote: str
    score: float


class OutcomeOut(BaseModel):
    kind: Outcome
    reason: str


class AuditStepOut(BaseModel):
    at: datetime
    actor: str
    action: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditStepOut:
        return cls(at=entry.at, actor=entry.actor, action=entry.action.value)


class ApprovalHistoryOut(BaseModel):
    approval_id: int
    kind: str
    status: ApprovalStatus
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None = Field(description="The manager's reason, redacted.")
    steps: list[AuditStepOut] = Field(description="The audit trail, oldest first.")

    @classmethod
    def of(cls, approval: Approval, entries: list[AuditEntry]) -> ApprovalHistoryOut:
        return cls(
            approval_id=approval.id, kind=approval.kind.value, status=approval.status, decided_by=approval.decided_by,
            decided_at=approval.decided_at, reason=approval.reason, steps=[AuditStepOut.of(e) for e in entries],
        )


class TraceOut(BaseModel):
    """Why an answer is what it is. Client details are placeholders (<PERSON_1>): only redacted text is kept."""

    trace_id: str
    created_at: datetime
    asked_by: str = Field(description="The id of the associate's key (never the key).")
    question: str = Field(description="The question as redacted.")
    identifiers: list[IdentifierOut] = Field(description="SKUs, stock and report numbers and piece names looked up exactly.")
    searches: list[SearchOut] = Field(description="One per search: the question, or each part of a two-part question.")
    sentences: list[SentenceOut] = Field(description="The manual sentences the composer scored, best first per search.")
    weights: dict[str, float] = Field(description="The weight of each sentence feature in its score.")
    statements: list[StatementOut] = Field(description="The statements the answer states, each quoting its passage.")
    dropped: list[DroppedOut] = Field(description="Statements the citation check removed.")
    related: list[RelatedTraceOut] = Field(description="The closest passages shown instead of an answer.")
    outcome: OutcomeOut
    answer: str = Field(description="The answer as stored (redacted).")
    approval_id: int | None
    timings_ms: dict[str, float]
    composer: str = Field(description="The composer that wrote the answer (ExtractiveComposer, LLMComposer).")
    approvals: list[ApprovalHistoryOut] = Field(description="When the answer's draft went to the approval queue.")

    @classmethod
    def of(cls, body: dict[str, Any], history: list[ApprovalHistoryOut]) -> TraceOut:
        return cls.model_validate({**body, "approvals": history})


class TraceSummaryOut(BaseModel):
    trace_id: str
    created_at: datetime
    outcome: Outcome
    question: str = Field(description="As redacted.")
    asked_by: str
    approval_id: int | None

    @classmethod
    def of(cls, summary: TraceSummary) -> TraceSummaryOut:
        return cls.model_validate(summary, from_attributes=True)
