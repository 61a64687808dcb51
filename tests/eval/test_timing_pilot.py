"""The pilot: a plan fixed before launch, a log that never holds a question, and a report whose
decision follows the plan's rule on both sides of the threshold."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from copilot.core.errors import InputError
from eval.timing.cli import app
from copilot.pilot import DecisionRule, PilotLookup, PilotPlan, load_plan, write_plan
from eval.timing.pilot import append_lookup, pilot_report, read_log, simulate_log
from eval.timing.pilot_report import write_pilot_report

BOUTIQUES = ["Place Vendome", "Bond Street"]
AFTER = date(2027, 2, 1)  # the day the reports are made: the two-week period is over


def plan(**rule: object) -> PilotPlan:
    return PilotPlan(fixed_on=date(2026, 12, 1), baseline_seconds_per_lookup=100.0, baseline_source="stopwatch",
                     target_reduction=0.30, start=date(2027, 1, 11), end=date(2027, 1, 24), boutiques=BOUTIQUES,
                     decision=DecisionRule(min_lookups=100, **rule))


def test_a_two_week_pilot_well_below_the_target_time_is_adopted() -> None:
    p = plan()
    report = pilot_report(p, simulate_log(p, mean_seconds=50, per_day=20), today=AFTER)
    assert report["lookups"] == 14 * 20
    assert report["decision"] == "adopt" and report["ci"][0] >= 0.30
    assert report["ci"][0] <= report["reduction"] <= report["ci"][1]


def test_a_two_week_pilot_above_the_target_time_is_stopped() -> None:
    p = plan()
    report = pilot_report(p, simulate_log(p, mean_seconds=85, per_day=20), today=AFTER)
    assert report["decision"] == "stop" and report["ci"][1] < 0.30


@pytest.mark.parametrize(("mean_seconds", "decision"), [(66.0, "adopt"), (74.0, "stop")])
def test_the_estimate_rule_decides_on_each_side_of_the_threshold(mean_seconds: float, decision: str) -> None:
    p = plan(adopt_when="estimate_at_least_target", stop_when="estimate_below_target")
    lookups = [PilotLookup.model_validate({"at": datetime(2027, 1, 11 + d, 10, i, tzinfo=timezone.utc), "boutique": BOUTIQUES[i % 2],
                                          "class": "policy", "outcome": "answered", "seconds": mean_seconds + (i % 3 - 1)})
               for d in range(14) for i in range(9)]
    report = pilot_report(p, lookups, today=AFTER)
    assert report["reduction"] == pytest.approx(1 - mean_seconds / 100, abs=1e-3)
    assert report["decision"] == decision


def test_an_interval_holding_the_target_is_inconclusive() -> None:
    p = plan()
    report = pilot_report(p, simulate_log(p, mean_seconds=70, per_day=8, seed=3), today=AFTER)
    assert report["ci"][0] < 0.30 <= report["ci"][1]
    assert report["decision"] == "inconclusive"


def test_too_few_lookups_or_an_open_period_give_no_decision_and_say_what_is_missing() -> None:
    p = plan()
    lookups = [lk for lk in simulate_log(p, mean_seconds=40, per_day=20) if lk.boutique == "Place Vendome"][:60]
    report = pilot_report(p, lookups, today=date(2027, 1, 20))
    assert report["decision"] == "no decision yet"
    assert any("Bond Street: no lookup" in m for m in report["missing"])
    assert any("day(s) of the period with no lookup" in m for m in report["missing"])
    assert any("interim report" in m for m in report["missing"])


def test_a_plan_fixed_after_the_launch_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="fixed_on must be before start"):
        PilotPlan.model_validate({**plan().model_dump(), "fixed_on": date(2027, 1, 12)})
    path = tmp_path / "pilot.yaml"
    write_plan(plan(), path)
    assert load_plan(path) == plan()
    path.write_text(path.read_text(encoding="utf-8").replace("fixed_on: '2026-12-01'", "fixed_on: '2027-01-11'"), encoding="utf-8")
    with pytest.raises(InputError, match="fixed_on must be before start"):
        load_plan(path)


def test_the_log_refuses_a_question_text_and_names_the_bad_line(tmp_path: Path) -> None:
    log = tmp_path / "lookups.jsonl"
    good = PilotLookup.model_validate({"at": "2027-01-12T10:00:00Z", "boutique": "Bond Street", "class": "policy",
                                       "outcome": "answered", "seconds": 30})
    append_lookup(log, good)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({**json.loads(good.model_dump_json(by_alias=True)), "question": "Mrs Smith's ring?"}) + "\n")
        fh.write("not json\n")
    lookups, problems = read_log(log)
    assert lookups == [good]
    assert problems[0].startswith("lookups.jsonl line 2: question") and "line 3" in problems[1]


def test_a_store_spreadsheet_in_csv_is_read_like_the_log(tmp_path: Path) -> None:
    sheet = tmp_path / "lookups.csv"
    sheet.write_text("at,boutique,class,outcome,seconds,vote\n2027-01-12T10:00:00Z,Bond Street,policy,closest,42.5,up\n"
                     "2027-01-12T11:00:00Z,Bond Street,policy,answered,-3,\n", encoding="utf-8")
    lookups, problems = read_log(sheet)
    assert [lk.seconds for lk in lookups] == [42.5] and lookups[0].vote == "up"
    assert problems and problems[0].startswith("lookups.csv line 3: seconds")


def test_the_report_files_are_written_with_the_plot_inline(tmp_path: Path) -> None:
    p = plan()
    paths = write_pilot_report(pilot_report(p, simulate_log(p, mean_seconds=50, per_day=20), today=AFTER), tmp_path)
    assert [x.name for x in paths] == ["pilot.json", "pilot.md", "pilot.html"]
    html = paths[2].read_text(encoding="utf-8")
    assert "<svg" in html and "Decision: adopt" in html and "<script" not in html and 'src="http' not in html
    assert "## Decision: adopt" in paths[1].read_text(encoding="utf-8")


def test_the_command_line_plans_logs_simulates_and_reports(tmp_path: Path) -> None:
    runner = CliRunner()
    plan_file, log_file, out = tmp_path / "pilot.yaml", tmp_path / "log.jsonl", tmp_path / "reports"
    args = ["pilot", "plan", "--out", str(plan_file), "--start", "2099-01-11", "--end", "2099-01-24",
            "--boutique", "Ginza", "--baseline-seconds", "90", "--min-lookups", "50"]
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, args).exit_code == 2  # a plan is fixed once
    logged = runner.invoke(app, ["pilot", "log", "--log", str(log_file), "--boutique", "Ginza", "--class", "policy",
                                 "--outcome", "answered", "--seconds", "31", "--vote", "up", "--answered-client"])
    assert logged.exit_code == 0 and json.loads(log_file.read_text(encoding="utf-8"))["answered_client"] is True
    bad = runner.invoke(app, ["pilot", "log", "--log", str(log_file), "--boutique", "Ginza", "--class", "policy",
                              "--outcome", "maybe", "--seconds", "31"])
    assert bad.exit_code == 2 and "outcome" in bad.output
    sim = tmp_path / "sim.jsonl"
    assert runner.invoke(app, ["pilot", "simulate", "--plan", str(plan_file), "--log", str(sim), "--mean-seconds", "40"]).exit_code == 0
    result = runner.invoke(app, ["pilot", "report", "--plan", str(plan_file), "--log", str(sim), "--today", "2099-02-01",
                                 "--out", str(out)])
    assert result.exit_code == 0 and "adopt" in result.output
    assert (out / "pilot.html").is_file()


def test_the_shipped_plan_is_valid_and_decides_a_simulated_pilot() -> None:
    shipped = load_plan(Path(__file__).resolve().parents[2] / "eval" / "timing" / "pilot_plan.yaml")
    assert shipped.target_reduction == 0.30 and (shipped.end - shipped.start).days == 13
    good = pilot_report(shipped, simulate_log(shipped, shipped.target_seconds * 0.7, 20), today=AFTER)
    bad = pilot_report(shipped, simulate_log(shipped, shipped.baseline_seconds_per_lookup * 0.9, 20), today=AFTER)
    assert (good["decision"], bad["decision"]) == ("adopt", "stop")
