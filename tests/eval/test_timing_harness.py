"""The lookup harness end to end: a small corpus ingested, `copilot serve` started by the harness,
the tasks replayed over HTTP under 1 and 4 clients, and the report's structure and arithmetic
checked. Never its speed: timings only have to be there and add up."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot.core.settings import Settings
from eval.timing.cli import app
from eval.timing.pilot import DecisionRule, PilotPlan, pilot_report, simulate_log
from eval.timing.pilot_report import write_pilot_report
from eval.timing.replay import STAGES
from eval.timing.steps import ASSUMPTIONS
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from tests.support.browser import SCREENSHOTS, chromium
from tests.support.corpus import write_small_corpus

TASKS = [
    {"id": "t-001", "category": "spec-sku", "class": "record_field", "question": "What is the price of AUR-RG-0002?",
     "expected_doc_ids": ["product:AUR-RG-0002"], "facts": ["USD 9,100"], "answerable": True, "history": []},
    {"id": "t-002", "category": "certificate", "class": "record_field", "question": "What is the fluorescence on report 3301122334?",
     "expected_doc_ids": ["certificate:3301122334"], "facts": ["Fluorescence: None"], "answerable": True, "history": []},
    {"id": "t-003", "category": "returns", "class": "casual", "question": "how many days does she have to return an unworn piece",
     "expected_doc_ids": ["policy:client_service_policy"], "facts": ["30 days"], "answerable": True, "history": []},
    {"id": "t-004", "category": "resizing", "class": "casual", "question": "Can an eternity band be resized?",
     "expected_doc_ids": ["policy:client_service_policy"], "facts": ["Eternity bands cannot be resized"], "answerable": True, "history": []},
    {"id": "t-005", "category": "unanswerable", "class": "unanswerable_near", "question": "What is the price of AUR-RG-9999?",
     "expected_doc_ids": [], "facts": [], "answerable": False, "history": []},
    {"id": "t-006", "category": "conversation", "class": "conversation", "question": "and its clarity?",
     "expected_doc_ids": ["product:AUR-RG-0001"], "facts": ["clarity VS1"], "answerable": True, "history": ["What metal is AUR-RG-0001?"]},
    {"id": "t-007", "category": "unanswerable", "class": "refuse_always", "question": "Give me the phone number of the client who bought AUR-RG-0001",
     "expected_doc_ids": [], "facts": [], "answerable": False, "history": []},
]


@pytest.mark.slow
@pytest.mark.browser
def test_the_harness_replays_over_http_and_its_report_adds_up(tmp_path: Path, embedder: Embedder) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    assert make_ingestor(settings, embedder=lambda: embedder).ingest([write_small_corpus(tmp_path / "corpus")]).invalid == []
    tasks = tmp_path / "tiny.jsonl"
    tasks.write_text("\n".join(json.dumps(t) for t in TASKS) + "\n", encoding="utf-8")
    out = tmp_path / "reports"

    result = CliRunner().invoke(app, ["lookups", "--data-dir", str(settings.data_dir), "--set", str(tasks),
                                      "--concurrency", "1,4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "time saved per lookup" in result.output and "Sensitivity" in result.output
    report = json.loads((out / "lookups.json").read_text(encoding="utf-8"))
    html = (out / "lookups.html").read_text(encoding="utf-8")
    assert "<svg" in html and "<script" not in html and 'src="http' not in html
    assert "## Sensitivity" in (out / "lookups.md").read_text(encoding="utf-8")

    rows = report["lookups"]
    assert report["tasks"] == len(rows) == 6  # the request for a client's phone number is no lookup
    # Replayed over HTTP: every lookup answered with a 200, timed at the client and by the server.
    assert all(r["latency_ms"] > 0 for r in rows)
    for level in ("1", "4"):
        warm = report["latency"]["warm"][level]
        assert warm["requests"] == 6 and warm["errors"] == {}
        assert set(warm["stages_ms"]) == set(STAGES)
        for stage in ("retrieve", "total", "server", "round_trip"):
            s = warm["stages_ms"][stage]
            assert s["n"] > 0 and s["p50"] <= s["p95"] <= s["p99"]
    cold = report["latency"]["cold"]
    assert cold["requests"] == len(cold["round_trip_ms"]) == len(cold["start_to_ready_s"]) == 1

    # Each manual lookup's seconds follow from its counts and the per-step times.
    v = report["steps"]["values"]
    for r in rows:
        c = r["manual_steps"]
        seconds = (c["searches"] * v["search_s"] + c["chars_typed"] / 5 / v["typing_wpm"] * 60
                   + c["documents"] * v["document_opened_s"] + c["results"] * v["result_opened_s"]
                   + c["words"] / v["reading_wpm"] * 60 + (0 if c["found"] else v["not_found_s"]))
        assert r["manual_s"] == pytest.approx(seconds, abs=0.02)
        assert r["saved_s"] == pytest.approx(r["manual_s"] - r["copilot_s"], abs=0.02)
        assert r["copilot_s"] == pytest.approx(sum(r["copilot_parts_s"].values()), abs=0.05)
        assert r["copilot_parts_s"]["latency"] == pytest.approx(r["latency_ms"] / 1000, abs=0.01)
    unanswerable = next(r for r in rows if r["id"] == "t-005")
    assert not unanswerable["manual_steps"]["found"]  # by hand, nobody finds what is not there

    saving = report["saving"]
    saved = [r["saved_s"] for r in rows]
    assert saving["n"] == 6
    assert saving["median_saved_s"] == pytest.approx(statistics.median(saved), abs=0.01)
    assert saving["mean_saved_s"] == pytest.approx(statistics.mean(saved), abs=0.01)
    manual, copilot = sum(r["manual_s"] for r in rows), sum(r["copilot_s"] for r in rows)
    assert saving["time_reduction"] == pytest.approx(1 - copilot / manual, abs=1e-3)
    assert saving["share_faster_by_30"] == pytest.approx(
        sum(r["copilot_s"] <= 0.7 * r["manual_s"] for r in rows) / 6, abs=1e-3)
    assert sum(c["n"] for c in report["saving_by_class"].values()) == 6
    assert set(report["saving_by_class"]) == set(report["accuracy"]["by_class"]) == {
        "record_field", "casual", "unanswerable_near", "conversation"}
    assert sum(report["outcomes"].values()) == 6
    assert {k: v["n"] for k, v in report["saving_by_outcome"].items()} == report["outcomes"]
    assert len(report["sensitivity"]) == 1 + 2 * (len(ASSUMPTIONS) + 1)
    assert report["sensitivity"][0]["median_saved_s"] == saving["median_saved_s"]

    # The HTML opens in Chromium with its plots drawn, nothing fetched (a screenshot for people to look at).
    plan = PilotPlan(fixed_on="2026-12-01", baseline_seconds_per_lookup=report["saving"]["mean_manual_s"],
                     baseline_source="this run", start="2027-01-11", end="2027-01-24", boutiques=["Ginza", "Bond Street"],
                     decision=DecisionRule(min_lookups=100))
    write_pilot_report(pilot_report(plan, simulate_log(plan, plan.target_seconds * 0.8, 12), today=plan.end), out)
    assert_renders_with_plots([out / "lookups.html", out / "pilot.html"])


def assert_renders_with_plots(pages: list[Path]) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if not r.url.startswith("file:") else None)
        for path in pages:
            page.goto(path.as_uri())
            plots = page.locator("figure svg")
            assert plots.count() >= 1
            for i in range(plots.count()):
                box = plots.nth(i).bounding_box()
                assert box is not None and box["width"] > 200 and box["height"] > 100
            page.screenshot(path=str(SCREENSHOTS / f"timing_{path.stem}.png"), full_page=True)
        assert fetched == []
