"""The public contract of a question and its answer, validated at the edge (API body, CLI arguments).

`copilot ask --json` prints `AskResponse` too, so the CLI and the API cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from copilot.api.search_models import ResultOut, SearchSummaryOut
from copilot.core.types import AskResult, Filters
from guardrails.approvals import Action, Approval, AuditEntry, Kind
from guardrails.approvals import Status as ApprovalStatus
from ingestion.records import DOC_KIND_PATTERN

EMPTY_QUESTION = "question is empty: type what the client wants to know"
NOT_BLANK = r"\S"  # in the schema, what the validators below check: some text that is not only spaces
# Stated in the schema only: the validators check it themselves, with a message that says what to send.
_NOT_BLANK_SCHEMA: dict[str, Any] = {"minLength": 1, "pattern": NOT_BLANK}
MAX_ID = 2**31 - 1  # the largest id an INTEGER column holds on every supported database (PostgreSQL's is 32-bit)
MAX_REASON_CHARS = 2000
MAX_TEXT_CHARS = 10000


class AskFilters(BaseModel):
    """Optional narrowing of the search; unknown keys are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")

    doc_type: str | None = Field(
        None,
        pattern=DOC_KIND_PATTERN,
        max_length=64,
        description="Only documents of this kind: product, loose_diamond, certificate, provenance_record, or a manual's own kind "
        "(policy, aftercare, tone_guide, faq ...): a lower-case identifier.",
        examples=["policy"],
    )
    collection: str | None = Field(None, min_length=1, max_length=100, examples=["Celeste"])
    store: str | None = Field(
        None, min_length=1, max_length=100, examples=["Place Vendome"], description="Only pieces in stock at this boutique."
    )

    def to_filters(self) -> Filters:
        return Filters(doc_type=self.doc_type, collection=self.collection, store=self.store)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        pattern=NOT_BLANK,
        description="What the client wants to know, in plain words; SKUs and report numbers are looked up exactly. "
        "At most COPILOT_MAX_QUESTION_CHARS characters (2000).",
        examples=["What is the clarity of the diamond in AUR-RG-1010?"],
    )
    conversation_id: str | None = Field(
        None,
        min_length=1,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="From a previous answer: send it back so a follow-up (\"can it be resized?\") refers to the same piece.",
    )
    filters: AskFilters | None = None
    for_client: bool = Field(
        False, description="The answer will be forwarded to a client: it is held for a manager's approval first."
    )

    @field_validator("question", mode="before")
    @classmethod
    def _text_and_not_blank(cls, value: object) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError(
                "question_not_text", "question must be text (a JSON string), not {kind}", {"kind": _json_kind(value)}
            )
        if not value.strip():
            raise PydanticCustomError("question_empty", EMPTY_QUESTION)
        return unicode_text(value.strip())

    def length_problem(self, max_chars: int) -> str | None:
        """The limit is a setting, so it is checked here rather than in the static schema."""
        if len(self.question) <= max_chars:
            return None
        return f"question is {len(self.question)} characters long; the limit is {max_chars}: shorten it"


class CitationOut(BaseModel):
    n: int = Field(description="The [n] marker in the answer.")
    doc_id: str = Field(examples=["product:AUR-RG-1010"])
    doc_type: str
    title: str
    source: str = Field(description="The file the document came from, relative to the ingested folder.")
    section: str
    quote: str = Field(description="The exact sentence of the document that supports the statement.")
    score: float


class RelatedOut(CitationOut):
    n: int = Field(description="The passage's rank, 1 first.")
    quote: str = Field(description="The sentence of the passage likeliest to answer the question.")
    passage: str = Field(description="The paragraph holding that sentence, to read in full.")


class ToneFindingOut(BaseModel):
    rule: str = Field(examples=["avoided_term"])
    excerpt: str = Field(description="The offending text as written in the draft.")
    suggestion: str = Field(description="What the Brand Tone Guide asks for instead.")


class AskResponse(BaseModel):
    answer: str = Field(
        description="Statements, each ending with its citation marker [n]; or the refusal. Client details are "
        "placeholders (<PERSON_1>): this is the text that is stored and approved."
    )
    display_answer: str = Field(
        description="The answer with the conversation's placeholders restored, for the asking associate's screen only."
    )
    citations: list[CitationOut]
    refused: bool
    refusal_reason: str | None
    related: list[RelatedOut] = Field(
        default_factory=list,
        description="When refused for lack of confidence: the 2-3 passages likeliest to hold the answer, best first.",
    )
    requires_approval: bool = Field(description="A manager must approve before this is sent to a client.")
    approval_id: int | None = Field(None, description="The approval holding this text, when one was created.")
    approval_status: str | None = Field(None, examples=["pending"])
    tone_findings: list[ToneFindingOut] = Field(
        default_factory=list, description="Where a client draft departs from the Brand Tone Guide."
    )
    note: dict[str, str] | None = Field(
        None,
        description="For a client note: `occasion` (the tone guide's name for it), `written_from` (the guide's "
        "example note it follows), `channel` (email or handwritten card) and `subject` (emails).",
    )
    trace_id: str
    conversation_id: str
    timings_ms: dict[str, float] = Field(
        description="Milliseconds per stage: retrieve, compose, verify, total (stages after a refusal are absent)."
    )
    # -- catalog search (copilot/search): set when the question asked what the house has
    results: list[ResultOut] = Field(
        default_factory=list, description="A search question's rows, best first, each cited by its n (as POST /v1/search)."
    )
    search: SearchSummaryOut | None = Field(None, description="A search question's count, constraints and chips.")

    @classmethod
    def from_result(cls, result: AskResult) -> AskResponse:
        return cls(
            answer=result.answer,
            display_answer=result.display_answer,
            citations=[CitationOut.model_validate(c, from_attributes=True) for c in result.citations],
            refused=result.refused,
            refusal_reason=result.refusal_reason,
            related=[RelatedOut.model_validate(r, from_attributes=True) for r in result.related],
            requires_approval=result.requires_approval,
            approval_id=result.approval_id,
            approval_status=result.approval_status,
            tone_findings=[ToneFindingOut.model_validate(f) for f in result.tone_findings],
            note=result.note,
            trace_id=result.trace_id,
            conversation_id=result.conversation_id,
            timings_ms=dict(result.timings_ms),
            results=[ResultOut.of(r) for r in result.search.rows] if result.search else [],
            search=SearchSummaryOut.of(result.search) if result.search else None,
        )


class ApprovalOut(BaseModel):
    """A held text and its decision. Client details are placeholders: the queue never stores them."""

    id: int
    kind: Kind = Field(description="client_draft (a note written for a client) or forwarded_answer (for_client).")
    status: ApprovalStatus
    created_at: datetime
    created_by: str = Field(description="The id of the associate's key (never the key).")
    trace_id: str
    question: str
    draft: str
    text: str = Field(description="What would reach the client: the manager's version when edited, else the draft.")
    citations: list[dict[str, Any]]
    tone_findings: list[ToneFindingOut]
    decided_by: str | None = Field(description="The name of the manager who decided.")
    decided_at: datetime | None
    reason: str | None
    final_text: str | None = Field(description="The manager's version, when the status is edited.")
    display_text: str | None = Field(
        None,
        description="Only for the associate who asked, while their conversation is open (an hour): `text` with the "
        "client's details put back from memory, to send. Never stored; null for anyone else.",
    )

    @classmethod
    def from_approval(cls, approval: Approval, display_text: str | None = None) -> ApprovalOut:
        return cls.model_validate({**asdict(approval), "text": approval.text, "display_text": display_text})


class AuditEntryOut(BaseModel):
    id: int
    at: datetime
    actor: str = Field(description="The associate's key id for asks and drafts, the manager's name for decisions.")
    action: Action
    approval_id: int | None
    trace_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def from_entry(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls.model_validate(asdict(entry))


class ApproveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=MAX_REASON_CHARS, description="Optional note for the associate.")



class RejectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(
        max_length=MAX_REASON_CHARS,
        json_schema_extra=_NOT_BLANK_SCHEMA,
        description="What the associate should change; required.",
        examples=["Cites the 2024 fee; use policy 4.2."],
    )

    @field_validator("reason")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        return _required_text(value, "reason is empty: say what the associate should change")


class EditRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        max_length=MAX_TEXT_CHARS,
        json_schema_extra=_NOT_BLANK_SCHEMA,
        description="The corrected text the client should receive.",
    )
    reason: str | None = Field(None, max_length=MAX_REASON_CHARS)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        return _required_text(value, "text is empty: give the corrected text the client should receive")



class Status(BaseModel):
    status: str = Field(examples=["ok", "ready"])


def _required_text(value: str, message: str) -> str:
    if not value.strip():
        raise PydanticCustomError("text_empty", message)
    return value.strip()


def unicode_text(value: str) -> str:
    """Refuse a lone UTF-16 surrogate ("\\ud800" in JSON): it is no character, and no database,
    redactor or response can encode it. (Fields typed `str` get pydantic's own check; this is for a
    validator that runs before it.)"""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PydanticCustomError(
            "text_not_unicode", "text holds a lone UTF-16 surrogate (\\ud800-\\udfff), which is no character: send valid Unicode"
        ) from None
    return value


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
