"""The contract of the ask pipeline: what goes in, what comes out. The API and CLI shape these as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from copilot.core.identifiers import NamedIdentifier
from copilot.core.tracing import NO_TRACE, TraceSink


@dataclass(frozen=True)
class Filters:
    """Optional narrowing from the request; None means no filter."""

    doc_type: str | None = None  # product, loose_diamond, certificate, policy, aftercare, tone_guide
    collection: str | None = None  # e.g. "Celeste"
    store: str | None = None  # e.g. "Place Vendome": only pieces with stock there


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with the evidence of why it was retrieved."""

    chunk_id: str
    doc_id: str
    doc_type: str
    title: str
    source: str
    section: str
    text: str
    metadata: dict[str, str]
    score: float  # fused score, higher is better
    similarity: float  # cosine similarity to the question (0 when not computed)
    exact: bool = False  # reached by an identifier named in the question
    via: str = ""  # "named": the record an identifier names; "linked": a record it links to (a piece's report)


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    doc_type: str
    title: str
    source: str
    section: str
    quote: str
    score: float


@dataclass(frozen=True)
class Related(Citation):
    """A passage that may hold the answer when the copilot is not confident enough to state one: its
    likeliest sentence as `quote`, and the paragraph around it (`passage`) for the associate to read."""

    passage: str


@dataclass
class AskResult:
    answer: str
    citations: list[Citation]
    refused: bool
    refusal_reason: str | None
    requires_approval: bool
    trace_id: str
    conversation_id: str
    timings_ms: dict[str, float] = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)  # what retrieval returned (for eval, not the API)
    display_answer: str = ""  # the answer with the conversation's placeholders restored: the associate's screen only
    approval_id: int | None = None
    approval_status: str | None = None
    tone_findings: list[dict[str, str]] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)  # closest passages, when refused for lack of confidence
    note: dict[str, str] | None = None  # a client note: occasion, written_from, channel, subject
    search: Any = None  # a catalog search's SearchAnswer (copilot/search) when the question asked what the house has


@dataclass(frozen=True)
class Statement:
    """One sentence of the answer, and the verbatim quote of the passage that supports it."""

    text: str
    quote: str
    chunk_id: str
    score: float


@dataclass
class Retrieval:
    question: str
    passages: list[Passage]
    named: list[NamedIdentifier] = field(default_factory=list)
    missing: list[NamedIdentifier] = field(default_factory=list)  # named but not in the house records
    query_vector: np.ndarray | None = None
    # A question naming a record may also ask what the rules say ("..., and how long would a resizing
    # take?"): that clause, its embedding, and the manual passages found for it (already in `passages`).
    rules_question: str = ""
    rules_vector: np.ndarray | None = None
    # What the named record is ("Riviera Eternity Band; 18k Yellow Gold (750); diamond"): the words a rule
    # for its kind, metal or stone would use.
    record_context: str = ""
    # An elliptical follow-up's own words ("in platinum"): a sentence answering it must hold one of them.
    must_share: str = ""
    # Where the composer reports the sentences it scored (the answer's trace; nowhere by default).
    trace: TraceSink = NO_TRACE
