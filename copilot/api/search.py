"""POST /v1/search: the catalog searched with structured filters and/or words, answered as a counted, cited list
(the same rows /v1/ask returns when it routes a search question here)."""

from __future__ import annotations

import logging
import time
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from copilot.api.auth import UNAUTHORIZED, CurrentUserDep
from copilot.api.deps import NOT_READY, CopilotDep
from copilot.api.errors import UNPARSABLE
from copilot.api.schemas import CitationOut
from copilot.api.search_models import ResultOut, SearchRequest, SearchSummaryOut
from copilot.core.errors import InputError
from copilot.search.constraints import Constraints
from copilot.search.service import SearchService

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/v1", tags=["search"])


class SearchResponse(BaseModel):
    answer: str = Field(description="The count, the constraints understood and one line per row, each ending with [n].")
    citations: list[CitationOut] = Field(description="One per matching row: the record's own lines it states.")
    results: list[ResultOut] = Field(description="The rows, best first; when none match, the nearest, flagged `nearest`.")
    search: SearchSummaryOut
    trace_id: str
    timings_ms: dict[str, float]


async def get_search(request: Request, copilot: CopilotDep) -> SearchService:
    search = copilot.search
    if search is None:
        raise InputError("catalog search is not set up on this service")
    return search  # type: ignore[return-value]


SearchDep = Annotated[SearchService, Depends(get_search)]


@router.post(
    "/search",
    summary="Find pieces, loose diamonds or grading reports by what the client wants: filters, stock and price",
    responses={**UNAUTHORIZED, **NOT_READY, **UNPARSABLE, 422: {"description": "An unknown filter, a grade off its scale, or no text and no filter."}},
)
def search(body: SearchRequest, user: CurrentUserDep, service: SearchDep) -> SearchResponse:
    started = time.perf_counter()
    if not (body.text and body.text.strip()) and body.filters is None:
        raise InputError("give text (what the client wants) or filters, or both")
    parsed = service.parse(body.text.strip()) if body.text and body.text.strip() else Constraints()
    constraints = body.filters.over(parsed) if body.filters else parsed
    found = service.run(constraints, user.boutique, body.limit)
    trace_id = uuid.uuid4().hex
    elapsed = round((time.perf_counter() - started) * 1000, 2)
    logger.info("search trace_id=%s asker=%s count=%d total_ms=%s", trace_id, user.id, found.count, elapsed)
    return SearchResponse(
        answer=found.answer,
        citations=[CitationOut.model_validate(c, from_attributes=True) for c in found.citations],
        results=[ResultOut.of(r) for r in found.rows],
        search=SearchSummaryOut.of(found),
        trace_id=trace_id,
        timings_ms={"total": elapsed},
    )
