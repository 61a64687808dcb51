"""What the service does in pilot mode: one row per answer given to an associate of a boutique taking
part, then the tablet's "answered the client" and thumbs on it. Nothing of the question is kept."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy.exc import SQLAlchemyError

from copilot.core.types import AskResult
from copilot.pilot.classes import question_class
from copilot.pilot.plan import Outcome, PilotPlan
from copilot.pilot.store import PilotStore

logger = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def outcome_of(result: AskResult) -> Outcome:
    if not result.refused:
        return "answered"
    return "closest" if result.related else "refused"


class PilotRecorder:
    """Records for the boutiques of the plan only. A failed write is logged and never fails the answer:
    the associate at the counter matters more than one pilot row."""

    def __init__(self, plan: PilotPlan, store: PilotStore, clock: Clock = utc_now) -> None:
        self.plan = plan
        self._store = store
        self._clock = clock
        self._boutiques = {b.casefold() for b in plan.boutiques}

    def takes_part(self, boutique: str) -> bool:
        return boutique.casefold() in self._boutiques

    def lookup(self, result: AskResult, boutique: str) -> None:
        if not self.takes_part(boutique):
            return
        self._safely("lookup", lambda: self._store.add(
            trace_id=result.trace_id, at=self._clock(), boutique=boutique, question_class=question_class(result),
            outcome=outcome_of(result), latency_ms=float(result.timings_ms.get("total", 0.0)),
        ))

    def feedback(self, trace_id: str, kind: str, value: str) -> None:
        """The tablet's buttons: kind answered_client (yes/no) or rating (up/down), as /v1/feedback takes them."""
        if kind == "answered_client":
            self._safely("answered the client", lambda: self._store.mark_answered(trace_id, value == "yes", self._clock()))
        elif kind == "rating":
            self._safely("vote", lambda: self._store.vote(trace_id, value))

    def _safely(self, what: str, write: Callable[[], object]) -> None:
        try:
            write()
        except SQLAlchemyError as exc:
            logger.error("pilot: the %s was not recorded (%s)", what, type(exc).__name__)
