"""The copilot's side of a lookup and the time-saved arithmetic, on hand-made replies."""

from __future__ import annotations

from typing import Any

import pytest

from eval.metrics import GoldenQuestion
from eval.timing.manual import ManualTrace, Step
from eval.timing.replay import Reply, stages_of
from eval.timing.saved import build_lookups, by_class, per_lookup, sensitivity, summarize_saving
from eval.timing.steps import ASSUMPTIONS, StepTimes
from eval.timing.tasks import LookupTask

TIMES = StepTimes(typing_wpm=60, reading_wpm=60, search_s=2, result_opened_s=1, document_opened_s=4,
                  not_found_s=100, wrong_answer_penalty_s=50, max_searches=3, max_results=5)
# One search of 10 characters, one document, one result of 30 words, found: 2 + 2 + 4 + 1 + 30 = 39 s.
FOUND = ManualTrace((Step("search", chars=10), Step("document"), Step("result", words=30)), found_after=3)
QUESTION = "Can it be resized?"  # 18 characters: 3.6 s at 60 wpm


def task(facts: tuple[str, ...] = ("two sizes",), answerable: bool = True, cls: str = "resizing") -> LookupTask:
    q = GoldenQuestion("q1", cls, QUESTION, ("policy:p",) if answerable else (), facts, answerable)
    return LookupTask("q1", "questions", q)


def reply(body: dict[str, Any], latency_ms: float = 400.0) -> Reply:
    return Reply("q1", 200, body, {"round_trip": latency_ms})


def answer(text: str, quote: str) -> dict[str, Any]:
    return {"display_answer": text, "answer": text, "refused": False, "refusal_reason": None,
            "citations": [{"doc_id": "policy:p", "quote": quote}], "related": [], "timings_ms": {}}


def test_a_right_answer_costs_typing_latency_and_reading_the_answer_and_quote() -> None:
    [lk] = build_lookups([task()], [reply(answer("Up to two sizes [1]", "Up to two sizes."))], [FOUND])
    assert lk.outcome == "answered"
    # 3.6 s typing + 0.4 s latency + 9 words read ("Up to two sizes 1" and its quote) at 60 wpm
    assert lk.copilot_seconds(TIMES) == pytest.approx(3.6 + 0.4 + 9)
    [row] = per_lookup([lk], TIMES)
    assert row["manual_s"] == pytest.approx(39) and row["saved_s"] == pytest.approx(39 - 13)


def test_a_wrong_answer_costs_the_manual_lookup_and_the_penalty_too() -> None:
    [lk] = build_lookups([task()], [reply(answer("One size [1]", "One size."))], [FOUND])
    assert lk.outcome == "wrong"
    assert lk.copilot_seconds(TIMES) == pytest.approx(3.6 + 0.4 + 5 + 39 + 50)


def test_a_refusal_is_followed_by_the_manual_lookup() -> None:
    body = {"refused": True, "refusal_reason": "Not answered.", "citations": [], "related": [], "display_answer": ""}
    [lk] = build_lookups([task()], [reply(body)], [FOUND])
    assert lk.outcome == "refused"
    assert lk.copilot_seconds(TIMES) == pytest.approx(3.6 + 0.4 + 2 + 39)


def test_closest_passages_holding_the_answer_end_the_lookup_when_read() -> None:
    related = [{"quote": "Rings can be resized.", "passage": "Up to two sizes."}, {"quote": "x", "passage": "never read"}]
    body = {"refused": True, "refusal_reason": "Not sure", "citations": [], "related": related, "display_answer": ""}
    [lk] = build_lookups([task()], [reply(body)], [FOUND])
    assert lk.outcome == "closest"
    assert lk.copilot_seconds(TIMES) == pytest.approx(3.6 + 0.4 + 2 + 8)  # "Not sure" + the first passage's 8 words


def test_a_failed_request_counts_as_a_refusal() -> None:
    [lk] = build_lookups([task()], [Reply("q1", 503, {}, {"round_trip": 5.0})], [FOUND])
    assert lk.outcome == "refused" and lk.copilot_seconds(TIMES) == pytest.approx(3.6 + 0.005 + 39)


def test_the_summary_is_the_arithmetic_of_the_rows() -> None:
    rows = [{"class": "a", "manual_s": 100.0, "copilot_s": 50.0, "saved_s": 50.0, "correct": True},
            {"class": "a", "manual_s": 100.0, "copilot_s": 80.0, "saved_s": 20.0, "correct": True},
            {"class": "b", "manual_s": 40.0, "copilot_s": 60.0, "saved_s": -20.0, "correct": False}]
    s = summarize_saving(rows)
    assert s["median_saved_s"] == 20.0 and s["mean_saved_s"] == pytest.approx(50 / 3, abs=0.01)
    assert s["share_faster"] == pytest.approx(2 / 3, abs=1e-4) and s["share_faster_by_30"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["time_reduction"] == pytest.approx(1 - 190 / 240, abs=1e-4)
    assert by_class(rows)["a"]["n"] == 2 and by_class(rows)["b"]["time_reduction"] == pytest.approx(-0.5)


def test_the_sensitivity_table_moves_each_assumption_both_ways() -> None:
    lookups = build_lookups([task()], [reply(answer("Up to two sizes [1]", "Up to two sizes."))], [FOUND])
    rows = sensitivity(lookups, TIMES)
    assert len(rows) == 1 + 2 * (len(ASSUMPTIONS) + 1)
    slower_reading = next(r for r in rows if r["assumption"] == "reading_wpm" and r["factor"] == 0.5)
    assert slower_reading["value"] == 30
    # both sides read twice as long: 30 more seconds by hand, 9 more with the copilot
    assert slower_reading["median_saved_s"] == pytest.approx((39 + 30) - (13 + 9), abs=0.01)


def test_stages_take_the_response_timings_the_server_timing_and_the_round_trip() -> None:
    body = {"timings_ms": {"redact": 1.0, "retrieve": 20.0, "compose": 5.0, "verify": 1.0, "total": 40.0}, "requires_approval": True}
    stages = stages_of(body, 'total;dur=42.5;desc="server"', 45.0)
    assert stages == {"redact": 1.0, "retrieve": 20.0, "compose": 5.0, "verify": 1.0, "draft": 13.0, "total": 40.0,
                      "server": 42.5, "round_trip": 45.0}
