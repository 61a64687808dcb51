"""Benchmark of `POST /v1/ask` over real HTTP against the floor measured in the same run.

The floor is what no retrieval system can avoid here: one query embedding plus one unfiltered Chroma
query (k = top_k), timed in-process on the same questions. The service is started with uvicorn on a
free localhost port in this process and asked the golden questions over HTTP; the report gives p50
and p95 of both and their ratios (goal: p50 <= 1.5x the floor, p95 <= 3x). The catalog search questions of
eval/search (which /v1/ask routes to search) are measured the same way, against the floor on their own words.

    .venv/bin/python -m eval.bench_ask [--data-dir DIR] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from copilot.api.app import create_app
from copilot.core.settings import Settings

GOLDEN = Path("eval/golden/questions.jsonl")
SEARCH = (Path("eval/search/dev.jsonl"), Path("eval/search/test.jsonl"))
HEADERS = {"X-API-Key": "dev-associate-key"}


def _questions() -> list[str]:
    return [json.loads(line)["question"] for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


def _search_questions() -> list[str]:
    return [json.loads(line)["question"] for path in SEARCH for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(settings: Settings) -> tuple[uvicorn.Server, str]:
    app = create_app(settings)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return server, base
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the service did not become ready within 300 s")


def _floor_ms(app_copilot: object, questions: list[str], k: int) -> list[float]:
    retriever = app_copilot._retriever  # type: ignore[attr-defined]
    timings = []
    for q in questions:
        started = time.perf_counter()
        vector = retriever._embedder.embed_query(q)
        retriever._vectors.query(vector, k)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _http_ms(base: str, questions: list[str]) -> list[float]:
    timings = []
    with httpx.Client(base_url=base, headers=HEADERS, timeout=60) as client:
        for q in questions:
            started = time.perf_counter()
            response = client.post("/v1/ask", json={"question": q})
            timings.append((time.perf_counter() - started) * 1000)
            # A 422 is an answer too (e.g. a draft request on an index without the tone guide); a 5xx is a bug.
            if response.status_code >= 500:
                response.raise_for_status()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=2, help="alternate floor and HTTP passes this many times")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    questions = _questions()
    searches = _search_questions()
    server, base = _serve(settings)
    copilot = server.config.app.state.copilot  # type: ignore[attr-defined]
    floor: list[float] = []
    http: list[float] = []
    search_floor: list[float] = []
    search_http: list[float] = []
    for _ in range(args.rounds):  # interleaved, so a busy spell of the machine hits both sides
        floor += _floor_ms(copilot, questions, settings.top_k)
        http += _http_ms(base, questions)
        search_floor += _floor_ms(copilot, searches, settings.top_k)
        search_http += _http_ms(base, searches)
    server.should_exit = True
    report = {
        "data_dir": str(settings.data_dir),
        "questions": len(questions),
        "rounds": args.rounds,
        "floor_ms": {"p50": _percentile(floor, 0.5), "p95": _percentile(floor, 0.95), "mean": statistics.mean(floor)},
        "http_ms": {"p50": _percentile(http, 0.5), "p95": _percentile(http, 0.95), "mean": statistics.mean(http)},
    }
    report["ratio_p50"] = report["http_ms"]["p50"] / report["floor_ms"]["p50"]
    report["ratio_p95"] = report["http_ms"]["p95"] / report["floor_ms"]["p95"]
    report["search"] = {
        "questions": len(searches),
        "floor_ms": {"p50": _percentile(search_floor, 0.5), "p95": _percentile(search_floor, 0.95)},
        "http_ms": {"p50": _percentile(search_http, 0.5), "p95": _percentile(search_http, 0.95)},
    }
    report["search"]["ratio_p50"] = report["search"]["http_ms"]["p50"] / report["search"]["floor_ms"]["p50"]
    report["search"]["ratio_p95"] = report["search"]["http_ms"]["p95"] / report["search"]["floor_ms"]["p95"]
    out = settings.reports_dir
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_ask.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))
    print(f"p50: {report['ratio_p50']:.2f}x the floor (goal <= 1.5), p95: {report['ratio_p95']:.2f}x (goal <= 3)")
    print(f"search questions: p50 {report['search']['ratio_p50']:.2f}x the floor, p95 {report['search']['ratio_p95']:.2f}x")


if __name__ == "__main__":
    main()
