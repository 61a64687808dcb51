"""Load benchmark: `copilot serve` with 1 worker, then with 2, each asked by 1, 4, 16 and 64 concurrent
clients (a bounded asyncio httpx client on loopback) for a fixed time per level. Reports answers/s, p50
and p95 latency and errors per level, and the 2-worker/1-worker ratio of answers/s at each level.

Not a test: it writes a report (DATA_DIR/reports/bench_load.{json,md}) and decides nothing.

    .venv/bin/python -m eval.bench_load [--data-dir DIR] [--seconds 15] [--clients 1,4,16,64] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from copilot.core.settings import Settings

GOLDEN = Path(__file__).parent / "golden" / "questions.jsonl"
KEY = "dev-associate-key"


@dataclass(frozen=True)
class Level:
    workers: int
    clients: int
    seconds: float
    answers: int
    errors: int
    error_kinds: dict[str, int]  # status code or exception name -> count
    answers_per_s: float
    p50_ms: float
    p95_ms: float


def questions() -> list[str]:
    """The golden questions, client drafts left out: a draft waits in the queue, a load test should not fill it."""
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if "draft" not in r["question"].lower() and "note to" not in r["question"].lower()]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Service:
    """`copilot serve --workers N` in a subprocess, ready once every worker has built its copilot."""

    def __init__(self, data_dir: Path, workers: int, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._workers = workers
        self._log = log
        env = {**os.environ, "COPILOT_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
        self._out = log.open("w")
        self._proc = subprocess.Popen(
            [sys.executable, "-c", "from copilot.cli import main; main()", "serve", "--port", str(self.port),
             "--workers", str(workers)],
            env=env, stdout=self._out, stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while len(re.findall(r"copilot ready", self._log.read_text(errors="replace"))) < self._workers:
            if self._proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"copilot serve --workers {self._workers} did not become ready:\n{self._log.read_text()}")
            time.sleep(0.5)

    def stop(self) -> None:
        self._proc.terminate()
        self._proc.wait(timeout=60)
        self._out.close()


async def run_level(url: str, clients: int, seconds: float, asked: list[str]) -> tuple[list[float], Counter[str]]:
    """`clients` loops, each asking the next question as soon as its previous answer came, for `seconds`."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": KEY}, timeout=60, limits=limits) as http:

        async def client(n: int) -> None:
            i = n
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    response = await http.post("/v1/ask", json={"question": asked[i % len(asked)]})
                    failure = "" if response.status_code == 200 else str(response.status_code)
                except httpx.HTTPError as exc:
                    failure = type(exc).__name__
                if failure:
                    errors[failure] += 1
                else:
                    latencies.append((time.perf_counter() - started) * 1000)
                i += clients

        await asyncio.gather(*(client(n) for n in range(clients)))
    return latencies, errors


def measure(data_dir: Path, workers: int, levels: list[int], seconds: float, asked: list[str], log: Path) -> list[Level]:
    service = Service(data_dir, workers, log)
    try:
        service.wait_ready()
        asyncio.run(run_level(service.url, 2 * workers, 3, asked))  # warm-up: every worker's first queries
        results = []
        for clients in levels:
            started = time.perf_counter()
            latencies, errors = asyncio.run(run_level(service.url, clients, seconds, asked))
            elapsed = time.perf_counter() - started
            results.append(Level(workers, clients, round(elapsed, 1), len(latencies), sum(errors.values()), dict(errors),
                                 round(len(latencies) / elapsed, 1), round(percentile(latencies, 0.5), 1),
                                 round(percentile(latencies, 0.95), 1)))
            print(results[-1], flush=True)
        return results
    finally:
        service.stop()


def render(levels: list[Level], cpus: int, load: float) -> str:
    by = {(lv.workers, lv.clients): lv for lv in levels}
    workers = sorted({lv.workers for lv in levels})
    lines = [
        f"# Load: POST /v1/ask on loopback ({cpus} CPUs, load average {load:.1f} at the start)",
        "",
        "| workers | clients | answers/s | p50 ms | p95 ms | errors | answers/s vs 1 worker |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for lv in levels:
        base = by.get((workers[0], lv.clients))
        ratio = f"{lv.answers_per_s / base.answers_per_s:.2f}x" if base and base.answers_per_s else "-"
        kinds = ", ".join(f"{kind} x{n}" for kind, n in lv.error_kinds.items())
        lines.append(f"| {lv.workers} | {lv.clients} | {lv.answers_per_s} | {lv.p50_ms} | {lv.p95_ms} | {lv.errors}"
                     f"{f' ({kinds})' if kinds else ''} | {ratio} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None, help="an ingested data dir (default COPILOT_DATA_DIR)")
    parser.add_argument("--seconds", type=float, default=15, help="how long each level runs")
    parser.add_argument("--clients", default="1,4,16,64", help="concurrent clients per level, comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare, comma-separated; the first is the baseline")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    if not settings.index_db.exists():
        sys.exit(f"no index in {settings.data_dir}: run `copilot ingest data/sample --data-dir {settings.data_dir}` first")
    asked = questions()
    levels = [int(n) for n in args.clients.split(",")]
    out = settings.reports_dir
    out.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    results: list[Level] = []
    for workers in (int(n) for n in args.workers.split(",")):
        results += measure(settings.data_dir, workers, levels, args.seconds, asked, out / f"bench_load_serve_{workers}.log")
    report = render(results, os.cpu_count() or 0, load)
    (out / "bench_load.json").write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    (out / "bench_load.md").write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
