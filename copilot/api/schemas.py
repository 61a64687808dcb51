"""The public contract of a question and its answer, validated at the edge (API body, CLI arguments).

`copilot ask --json` prints `AskResponse` too, so the CLI and the API cannot drift apart.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from copilot.ask.types import AskResult, Filters
from ingestion.records import DocType

EMPTY_QUESTION = "question is empty: type what the client wants to know"


class AskFilters(BaseModel):
    """Optional narrowing of the search; unknown keys are refused rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")

    doc_type: DocType | None = Field(None, description="Only documents of this kind.")
    collection: str | None = Field(None, min_length=1, max_length=100, examples=["Celeste"])
    store: str | None = Field(
        None, min_length=1, max_length=100, examples=["Place Vendome"], description="Only pieces in stock at this boutique."
    )

    def to_filters(self) -> Filters:
        return Filters(doc_type=self.doc_type, collection=self.collection, store=self.store)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        description="What the client wants to know, in plain words; SKUs and report numbers are looked up exactly.",
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

    @field_validator("question", mode="before")
    @classmethod
    def _text_and_not_blank(cls, value: object) -> str:
        if not isinstance(value, str):
            raise PydanticCustomError(
                "question_not_text", "question must be text (a JSON string), not {kind}", {"kind": _json_kind(value)}
            )
        if not value.strip():
            raise PydanticCustomError("question_empty", EMPTY_QUESTION)
        return value.strip()

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


class AskResponse(BaseModel):
    answer: str = Field(description="Statements, each ending with its citation marker [n]; or the refusal.")
    citations: list[CitationOut]
    refused: bool
    refusal_reason: str | None
    requires_approval: bool = Field(description="A manager must approve before this is sent to a client.")
    trace_id: str
    conversation_id: str
    timings_ms: dict[str, float] = Field(
        description="Milliseconds per stage: retrieve, compose, verify, total (stages after a refusal are absent)."
    )

    @classmethod
    def from_result(cls, result: AskResult) -> AskResponse:
        return cls(
            answer=result.answer,
            citations=[CitationOut.model_validate(c, from_attributes=True) for c in result.citations],
            refused=result.refused,
            refusal_reason=result.refusal_reason,
            requires_approval=result.requires_approval,
            trace_id=result.trace_id,
            conversation_id=result.conversation_id,
            timings_ms=dict(result.timings_ms),
        )


class Status(BaseModel):
    status: str = Field(examples=["ok", "ready"])


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
