"""The JSON endpoints the tablet pages need beside /v1/ask and /v1/approvals: feedback on an answer, a
manager's correction of an answer marked wrong, and the version of a cited document. Both take an API key or the tablet's session (see `session.py`)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, status
from fastapi import Path as PathParam
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError
from starlette.datastructures import State

from copilot.api.auth import MANAGERS_ONLY, UNAUTHORIZED, CurrentUserDep, ManagerDep
from copilot.api.deps import NOT_READY, CopilotDep, PilotDep
from copilot.api.errors import DISK_FULL, UNPARSABLE, no_store
from copilot.api.schemas import NOT_BLANK
from copilot.api.traces import TRACE_ID_PATTERN, UNKNOWN_TRACE
from copilot.ask.pipeline import Copilot
from copilot.core.errors import NotFoundError
from copilot.web.documents import DocumentCatalog, DocumentInfo
from guardrails.feedback import Feedback, FeedbackStore

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["tablet"], dependencies=[Depends(no_store)])

MAX_COMMENT_CHARS = 2000


class FeedbackRequest(BaseModel):
    # The schema states the rule `_rating_when_rating` checks: a rating, or kind answered_client and no rating.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"properties": {"kind": {"const": "rating"}}, "required": ["rating"]},
                {"properties": {"kind": {"const": "answered_client"}, "rating": False}, "required": ["kind"]},
            ]
        },
    )

    trace_id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$", description="From the answer.")
    kind: Literal["rating", "answered_client"] = Field(
        "rating", description="rating: thumbs up or down; answered_client: the associate used the answer with a client."
    )
    # No null: the schema says what the code accepts, a rating or nothing.
    rating: Literal["up", "down"] = Field(None, description="Required when kind is rating.")  # type: ignore[assignment]
    answered: bool = Field(True, description="For answered_client: false takes it back.")
    comment: str | None = Field(
        None, max_length=MAX_COMMENT_CHARS, description="Optional; client details are redacted before it is stored."
    )

    @model_validator(mode="after")
    def _rating_when_rating(self) -> FeedbackRequest:
        if self.kind == "rating" and self.rating is None:
            raise ValueError('rating is missing: send "up" or "down" (or kind "answered_client")')
        if self.kind == "answered_client" and self.rating is not None:
            raise ValueError('rating goes with kind "rating"; for answered_client send "answered": true or false')
        return self

    @property
    def value(self) -> str:
        if self.kind == "rating":
            return str(self.rating)
        return "yes" if self.answered else "no"


class CorrectionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    correction: str = Field(
        max_length=MAX_COMMENT_CHARS,
        json_schema_extra={"minLength": 1, "pattern": NOT_BLANK},
        description="What the answer should have said, and from which document; client details are redacted before "
        "it is stored.",
        examples=["Resizing a Celeste ring takes 10 business days (policy 4.2), not 5."],
    )

    @field_validator("correction")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise PydanticCustomError("text_empty", "correction is empty: say what the answer should have said")
        return value.strip()


class FeedbackOut(BaseModel):
    id: int
    at: datetime
    trace_id: str
    kind: str
    value: str = Field(description="up or down for a rating; yes or no for answered_client.")
    comment: str | None = Field(description="As stored: redacted.")

    @classmethod
    def from_feedback(cls, feedback: Feedback) -> FeedbackOut:
        return cls(
            id=feedback.id,
            at=feedback.at,
            trace_id=feedback.trace_id,
            kind=feedback.kind.value,
            value=feedback.value,
            comment=feedback.comment,
        )


class DocumentOut(BaseModel):
    doc_id: str
    doc_type: str
    title: str
    source: str
    version: str = Field(description='The manual\'s version ("4.2"); empty for catalog rows and grading reports.')
    effective_date: str
    revision: str = Field(description="Changes whenever the document's text does (a content hash).")

    @classmethod
    def from_info(cls, info: DocumentInfo) -> DocumentOut:
        return cls.model_validate(info, from_attributes=True)


def feedback_store_for(state: State, copilot: Copilot) -> FeedbackStore:
    """The app's feedback store, shared by the tablet and the Slack bot; built on first use, once the
    copilot (and so its redactor) is ready."""
    if getattr(state, "feedback_store", None) is None:
        state.feedback_store = FeedbackStore.at_url(state.settings.feedback_db_url, redact=copilot.redact)
    return state.feedback_store


async def get_feedback_store(request: Request, copilot: CopilotDep) -> FeedbackStore:
    return feedback_store_for(request.app.state, copilot)


async def get_document_catalog(request: Request) -> DocumentCatalog:
    return request.app.state.document_catalog


FeedbackStoreDep = Annotated[FeedbackStore, Depends(get_feedback_store)]
DocumentCatalogDep = Annotated[DocumentCatalog, Depends(get_document_catalog)]


@router.post(
    "/feedback",
    status_code=status.HTTP_201_CREATED,
    summary="Thumbs up/down (with an optional comment) or 'answered the client' on an answer",
    responses={
        **UNAUTHORIZED,
        **NOT_READY,
        **UNPARSABLE,
        **DISK_FULL,
        404: {"description": "No answer with this trace_id was given to you (in the last hour, by this service)."},
    },
)
def post_feedback(
    body: FeedbackRequest, user: CurrentUserDep, copilot: CopilotDep, store: FeedbackStoreDep, pilot: PilotDep
) -> FeedbackOut:
    if not copilot.answered(body.trace_id, user.id):
        raise NotFoundError(f"you were given no answer {body.trace_id}: send the trace_id of one of your answers")
    saved = store.record(
        trace_id=body.trace_id, user_id=user.id, kind=body.kind, value=body.value, comment=body.comment
    )
    if pilot:
        pilot.feedback(saved.trace_id, saved.kind.value, saved.value)
    logger.info("feedback trace_id=%s user=%s kind=%s value=%s", saved.trace_id, user.id, saved.kind.value, saved.value)
    return FeedbackOut.from_feedback(saved)


@router.post(
    "/traces/{trace_id}/correction",
    status_code=status.HTTP_201_CREATED,
    summary="Mark an answer wrong, with what it should have said: stored as the manager's thumbs-down (manager key)",
    responses={**MANAGERS_ONLY, **UNKNOWN_TRACE, **NOT_READY, **UNPARSABLE, **DISK_FULL},
)
def mark_wrong(
    trace_id: Annotated[str, PathParam(min_length=1, max_length=64, pattern=TRACE_ID_PATTERN)],
    body: CorrectionRequest,
    manager: ManagerDep,
    copilot: CopilotDep,
    store: FeedbackStoreDep,
) -> FeedbackOut:
    """A manager's correction joins the feedback store like any rating (down, the correction as its
    comment), so whoever reads the feedback sees it beside the associates' and finds the trace by its id."""
    if copilot.traces is None or copilot.traces.get(trace_id) is None:
        raise NotFoundError(f"no trace {trace_id}: it was never given, or is older than the retention period")
    saved = store.record(trace_id=trace_id, user_id=manager.id, kind="rating", value="down", comment=body.correction)
    logger.info("correction trace_id=%s manager=%s", trace_id, manager.id)
    return FeedbackOut.from_feedback(saved)


@router.get(
    "/documents/{doc_id}",
    summary="The title, source, version and date of a cited document",
    responses={**UNAUTHORIZED, 404: {"description": "No document with this id in the index."}},
)
def get_document(doc_id: str, _user: CurrentUserDep, catalog: DocumentCatalogDep) -> DocumentOut:
    return DocumentOut.from_info(catalog.info(doc_id))
