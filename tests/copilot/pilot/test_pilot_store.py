"""The pilot store and recorder on a real SQLite file: what one lookup keeps, how the tablet's buttons and a
manager's decision reach it, and that nothing of the question is stored."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from copilot.core.types import AskResult, Citation, Passage, Related
from copilot.pilot import PilotPlan, PilotRecorder, PilotStore, outcome_of, question_class, store_path
from copilot.pilot.store import recorded_lookups
from guardrails.approvals import ApprovalQueue, create_approvals_engine, default_url

T0 = datetime(2027, 1, 12, 10, 0, tzinfo=timezone.utc)
QUESTION = "Can Mrs. Whitcombe's Celeste ring AUR-RG-1010 be resized by Friday?"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def plan() -> PilotPlan:
    return PilotPlan(fixed_on=date(2027, 1, 1), baseline_seconds_per_lookup=90, baseline_source="stopwatch",
                     start=date(2027, 1, 11), end=date(2027, 1, 24), boutiques=["Place Vendome", "Bond Street"])


def citation(doc_type: str) -> Citation:
    return Citation(1, "d1", doc_type, "Resizing policy", "policies/resizing.md", "Resizing", "Rings resize.", 0.9)


def passage(exact: bool) -> Passage:
    return Passage("c1", "AUR-RG-1010", "product", "Celeste ring", "catalog.csv", "", "text", {}, 1.0, 0.8, exact=exact)


def result(trace_id: str = "t-1", **fields: object) -> AskResult:
    base: dict[str, object] = {"answer": "Yes.", "citations": [citation("policy")], "refused": False, "refusal_reason": None,
                               "requires_approval": False, "trace_id": trace_id, "conversation_id": "c",
                               "timings_ms": {"total": 123.4}}
    return AskResult(**{**base, **fields})  # type: ignore[arg-type]


def test_a_marked_lookup_is_timed_from_the_question_to_answered_the_client(tmp_path: Path) -> None:
    clock = Clock()
    recorder = PilotRecorder(plan(), PilotStore.at(store_path(tmp_path)), clock)
    recorder.lookup(result("t-1"), "Place Vendome")
    clock.now = T0 + timedelta(seconds=41)
    recorder.feedback("t-1", "answered_client", "yes")
    recorder.feedback("t-1", "rating", "down")
    recorder.feedback("t-1", "rating", "up")  # a changed mind replaces the vote

    (lookup,) = recorded_lookups(tmp_path, default_url(tmp_path))
    assert (lookup.boutique, lookup.question_class, lookup.outcome) == ("Place Vendome", "policy", "answered")
    assert (lookup.seconds, lookup.latency_ms, lookup.answered_client, lookup.vote) == (41.0, 123.4, True, "up")
    assert lookup.at == T0 and lookup.approval_wait_s is None


def test_an_unmarked_or_taken_back_lookup_has_no_time(tmp_path: Path) -> None:
    clock = Clock()
    recorder = PilotRecorder(plan(), PilotStore.at(store_path(tmp_path)), clock)
    recorder.lookup(result("t-1"), "Bond Street")
    recorder.lookup(result("t-2"), "Bond Street")
    clock.now = T0 + timedelta(seconds=30)
    recorder.feedback("t-2", "answered_client", "yes")
    recorder.feedback("t-2", "answered_client", "no")
    lookups = recorded_lookups(tmp_path, default_url(tmp_path))
    assert [(lk.seconds, lk.answered_client) for lk in lookups] == [(None, None), (None, False)]


def test_only_the_plans_boutiques_are_recorded_and_nothing_without_a_store(tmp_path: Path) -> None:
    assert recorded_lookups(tmp_path, default_url(tmp_path)) is None
    recorder = PilotRecorder(plan(), PilotStore.at(store_path(tmp_path)), Clock())
    recorder.lookup(result("t-1"), "Ginza")
    recorder.lookup(result("t-2"), "place vendome")
    assert [lk.boutique for lk in recorded_lookups(tmp_path, default_url(tmp_path))] == ["place vendome"]


def test_no_question_text_reaches_the_file(tmp_path: Path) -> None:
    recorder = PilotRecorder(plan(), PilotStore.at(store_path(tmp_path)), Clock())
    recorder.lookup(result("t-1", answer=QUESTION, display_answer=QUESTION), "Place Vendome")
    recorder.feedback("t-1", "answered_client", "yes")
    with sqlite3.connect(store_path(tmp_path)) as db:
        stored = " ".join(str(v) for row in db.execute("SELECT * FROM pilot_lookups") for v in row)
    assert "Whitcombe" not in stored and "Celeste" not in stored and "resized" not in stored
    assert "t-1" in stored


def test_the_approval_wait_runs_from_the_draft_queued_to_the_managers_decision(tmp_path: Path) -> None:
    clock = Clock()
    queue = ApprovalQueue(create_approvals_engine(default_url(tmp_path)), redact=lambda text: text, clock=clock)
    recorder = PilotRecorder(plan(), PilotStore.at(store_path(tmp_path)), clock)
    recorder.lookup(result("t-note", requires_approval=True, note={"occasion": "thanks"}), "Place Vendome")
    recorder.lookup(result("t-pending", requires_approval=True), "Place Vendome")
    decided = queue.create(kind="client_draft", created_by="a", trace_id="t-note", question="q", draft="Dear ...")
    queue.create(kind="client_draft", created_by="a", trace_id="t-pending", question="q", draft="Dear ...")
    clock.now = T0 + timedelta(minutes=7)
    queue.approve(decided.id, "Sophie Renard")
    lookups = recorded_lookups(tmp_path, default_url(tmp_path))
    assert [(lk.question_class, lk.approval_wait_s) for lk in lookups] == [("client_note", 420.0), ("client_note", None)]


def test_the_outcome_and_class_come_from_what_the_pipeline_did() -> None:
    related = Related(1, "d1", "aftercare", "Care", "care.md", "", "q", 0.5, passage="p")
    assert outcome_of(result()) == "answered"
    assert outcome_of(result(refused=True, related=[related])) == "closest"
    assert outcome_of(result(refused=True, citations=[])) == "refused"
    assert question_class(result(passages=[passage(True)], citations=[citation("product")])) == "record_field"
    assert question_class(result(passages=[passage(True)], citations=[citation("product"), citation("policy")])) == "piece_and_rule"
    assert question_class(result(refused=True, related=[related], citations=[])) == "aftercare"
    assert question_class(result(refused=True, citations=[])) == "not_found"
    assert question_class(result(passages=[passage(False)])) == "policy"
    assert question_class(result(search=object())) == "catalog_search"
