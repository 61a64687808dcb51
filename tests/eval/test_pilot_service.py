"""A two-week pilot recorded through the service: real questions over HTTP to a live app in pilot mode,
the tablet's "answered the client" and thumbs through /v1/feedback, then `copilot pilot report` on what
the service recorded. The decision follows the plan's rule on each side of the 30% target."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from copilot.api.app import create_app
from copilot.ask.factory import build_copilot
from copilot.core.settings import Settings
from copilot.pilot import DecisionRule, PilotPlan, PilotRecorder, PilotStore, load_plan, store_path, write_plan
from copilot.pilot.store import recorded_lookups
from eval.timing.cli import app as timing_cli
from guardrails.approvals import default_url
from ingestion.embedder import Embedder
from tests.support.server import ASSOCIATE_KEY, OTHER_ASSOCIATE_KEY, http_client, ingest_small_corpus, live_server

pytestmark = pytest.mark.slow

START, END = date(2027, 1, 11), date(2027, 1, 24)
BASELINE_S = 60.0  # target 30% less: 42 s per lookup
# Each associate's own boutique (tests/support/server.API_KEYS), both in the plan.
ASSOCIATES = (ASSOCIATE_KEY, OTHER_ASSOCIATE_KEY)
QUESTIONS = (
    "What is the clarity of AUR-RG-0001?",
    "Can a ring be resized?",
    "What is the carat weight of AUR-RG-0002?",
    "Who is the best florist near the boutique?",  # refused: the lookup still ends when the client has the answer
)


class Clock:
    """The service's clock for the recorder: the test moves it through the pilot's two weeks."""

    def __init__(self) -> None:
        self.now = datetime(2027, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "pilot.yaml"
    write_plan(PilotPlan(fixed_on=date(2027, 1, 4), baseline_seconds_per_lookup=BASELINE_S, baseline_source="stopwatch",
                         start=START, end=END, boutiques=["Place Vendome", "Fifth Avenue"],
                         decision=DecisionRule(min_lookups=28, bootstrap_resamples=500)), path)
    return path


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, plan_file: Path) -> Iterator[tuple[str, object]]:
    indexed = ingest_small_corpus(tmp_path_factory.mktemp("pilot-service"), embedder)
    settings = Settings(**{**indexed.model_dump(), "pilot": plan_file})
    app = create_app(settings, copilot_factory=lambda s: build_copilot(s, embedder=embedder))
    with live_server(app) as url:
        yield url, app


def run_pilot(url: str, mean_seconds: float, clock: Clock) -> list[str]:
    """Two lookups a day (one per boutique) over the whole period, each marked answered `mean_seconds`
    (+-2 s) after its question reached the service; a thumbs vote on most. Returns the trace ids."""
    traces = []
    clients = [http_client(url, key) for key in ASSOCIATES]
    try:
        for day in range((END - START).days + 1):
            for n, client in enumerate(clients):
                i = day * len(clients) + n
                clock.now = datetime.combine(START + timedelta(days=day), datetime.min.time(), timezone.utc) + timedelta(hours=10 + n)
                answer = client.post("/v1/ask", json={"question": QUESTIONS[i % len(QUESTIONS)]})
                assert answer.status_code == 200, answer.text
                trace = answer.json()["trace_id"]
                clock.now += timedelta(seconds=mean_seconds - 2 + i % 5)
                mark = client.post("/v1/feedback", json={"trace_id": trace, "kind": "answered_client", "answered": True})
                assert mark.status_code == 201, mark.text
                if i % 4:
                    assert client.post("/v1/feedback", json={"trace_id": trace, "rating": "up"}).status_code == 201
                traces.append(trace)
    finally:
        for client in clients:
            client.close()
    return traces


def report(plan_file: Path, data_dir: Path, out: Path) -> dict:
    result = CliRunner().invoke(timing_cli, ["pilot", "report", "--plan", str(plan_file), "--data-dir", str(data_dir),
                                             "--today", "2027-01-25", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return json.loads((out / "pilot.json").read_text(encoding="utf-8"))


def test_copilot_pilot_makes_the_service_record_the_plans_boutiques(service: tuple[str, object], plan_file: Path) -> None:
    """The recorder create_app built from COPILOT_PILOT (this module's first test, before any is swapped in):
    Claire's lookup (Place Vendome, in the plan) is recorded under the data dir, with her boutique."""
    url, app = service
    data_dir = app.state.settings.data_dir  # type: ignore[attr-defined]
    assert app.state.pilot.plan == load_plan(plan_file)  # type: ignore[attr-defined]
    with http_client(url, ASSOCIATE_KEY) as client:
        trace = client.post("/v1/ask", json={"question": "Can a ring be resized?"}).json()["trace_id"]
        assert client.post("/v1/feedback", json={"trace_id": trace, "kind": "answered_client"}).status_code == 201
    (lookup,) = recorded_lookups(data_dir, default_url(data_dir))
    assert (lookup.boutique, lookup.outcome, lookup.answered_client) == ("Place Vendome", "answered", True)
    assert lookup.seconds is not None and lookup.latency_ms is not None and lookup.latency_ms > 0


@pytest.mark.parametrize(("mean_seconds", "decision"), [(40.0, "adopt"), (44.0, "stop")])
def test_a_pilot_recorded_through_the_service_decides_by_the_plans_rule(
    service: tuple[str, object], plan_file: Path, tmp_path: Path, mean_seconds: float, decision: str
) -> None:
    url, app = service
    clock = Clock()
    # The service's own recorder, on this run's data dir and with a clock the test moves.
    app.state.pilot = PilotRecorder(load_plan(plan_file), PilotStore.at(store_path(tmp_path)), clock)  # type: ignore[attr-defined]
    traces = run_pilot(url, mean_seconds, clock)

    pilot = report(plan_file, tmp_path, tmp_path / "reports")
    assert pilot["decision"] == decision, pilot["decision_reason"]
    assert (pilot["lookups"], pilot["timed_lookups"]) == (28, 28)
    marked = [mean_seconds - 2 + i % 5 for i in range(28)]  # as run_pilot marks them
    assert pilot["mean_seconds"] == pytest.approx(sum(marked) / 28, abs=0.01)
    assert pilot["reduction"] == pytest.approx(1 - sum(marked) / 28 / BASELINE_S, abs=0.001)
    low, high = pilot["ci"]
    assert (low >= 0.30) if decision == "adopt" else (high < 0.30)
    assert set(pilot["by_boutique"]) == {"Place Vendome", "Fifth Avenue"}
    assert pilot["outcomes"].get("refused", 0) + pilot["outcomes"].get("closest", 0) == 7  # the florist, 7 times
    assert pilot["thumbs_up_share"] == 1.0 and pilot["answered_client_share"] == 1.0
    assert "record_field" in pilot["by_class"]
    with sqlite3.connect(store_path(tmp_path)) as db:
        stored = {row[0] for row in db.execute("SELECT trace_id FROM pilot_lookups")}
        words = " ".join(str(v) for row in db.execute("SELECT * FROM pilot_lookups") for v in row)
    assert stored == set(traces)
    assert "clarity" not in words and "florist" not in words and "resized" not in words


def test_without_copilot_pilot_nothing_is_recorded(tmp_path: Path, embedder: Embedder) -> None:
    settings = ingest_small_corpus(tmp_path, embedder)
    app = create_app(settings, copilot_factory=lambda s: build_copilot(s, embedder=embedder))
    assert app.state.pilot is None
    with live_server(app) as url, httpx.Client(base_url=url, headers={"Authorization": f"Bearer {ASSOCIATE_KEY}"}) as client:
        trace = client.post("/v1/ask", json={"question": "Can a ring be resized?"}).json()["trace_id"]
        assert client.post("/v1/feedback", json={"trace_id": trace, "rating": "up"}).status_code == 201
    assert not store_path(settings.data_dir).exists()
