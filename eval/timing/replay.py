"""Lookups replayed over HTTP against a running service: each task's history first, then its question,
timed from the client (round trip) and by the server (`Server-Timing` and the response's per-stage
`timings_ms`), one to many clients at a time; and the p50/p95/p99 of each stage."""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx

from eval.metrics import CitedQuote, SystemAnswer, percentile
from eval.timing.tasks import LookupTask

PIPELINE_STAGES = ("redact", "retrieve", "compose", "verify")
# draft: what the pipeline spends after verifying when the text is held for approval (drafting and
# queueing it); the response times it only inside `total`, so it is total minus the timed stages.
STAGES = (*PIPELINE_STAGES, "draft", "total", "server", "round_trip")
_SERVER_TIMING = re.compile(r"total;dur=([0-9.]+)")


@dataclass(frozen=True)
class Reply:
    """What the service returned for one task's question, and how long it took."""

    task_id: str
    status: int
    body: Mapping[str, Any]
    stages_ms: Mapping[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def latency_ms(self) -> float:
        """Question sent to verified answer received, as the associate's tablet sees it."""
        return self.stages_ms.get("round_trip", 0.0)

    def answer(self) -> SystemAnswer:
        """The reply reduced to what eval.metrics scores; an error counts as a refusal with nothing to read."""
        body = self.body if self.ok else {}
        return SystemAnswer(
            text=str(body.get("display_answer") or body.get("answer") or ""),
            refused=bool(body.get("refused", True)),
            citations=tuple(CitedQuote(c["doc_id"], c["quote"]) for c in body.get("citations", [])),
            retrieved_doc_ids=(),  # the API returns no passages; retrieval is scored by eval/run_eval.py
            timings_ms=dict(body.get("timings_ms", {})),
            related=tuple(f"{r['quote']}\n{r['passage']}" for r in body.get("related", [])),
        )


def stages_of(body: Mapping[str, Any], server_timing: str | None, round_trip_ms: float) -> dict[str, float]:
    timings = {k: float(v) for k, v in body.get("timings_ms", {}).items()}
    stages = {s: timings[s] for s in PIPELINE_STAGES if s in timings}
    if "total" in timings:
        if body.get("requires_approval"):
            stages["draft"] = max(0.0, round(timings["total"] - sum(stages.values()), 2))
        stages["total"] = timings["total"]
    if server_timing and (match := _SERVER_TIMING.search(server_timing)):
        stages["server"] = float(match.group(1))
    stages["round_trip"] = round(round_trip_ms, 2)
    return stages


class Replayer:
    """Sends tasks to one service. `api_key` is an associate's key (the dev key by default);
    `boutique_keys` the key to ask a task with when it names its asker's boutique."""

    def __init__(
        self, base_url: str, api_key: str = "dev-associate-key", timeout_s: float = 120.0,
        boutique_keys: Mapping[str, str] | None = None,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._boutique_keys = dict(boutique_keys or {})
        self._timeout = timeout_s
        self._local = threading.local()  # one connection per client thread, as one tablet each
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    def _client(self) -> httpx.Client:
        client = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(base_url=self.base_url, headers=self._headers, timeout=self._timeout)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.close()
            self._clients.clear()

    def replay(self, task: LookupTask) -> Reply:
        """The task's earlier turns in one conversation, then its question, which alone is timed."""
        client = self._client()
        key = self._boutique_keys.get(task.boutique)
        headers = {"Authorization": f"Bearer {key}"} if key else None
        conversation_id = uuid.uuid4().hex
        for earlier in task.history:
            client.post("/v1/ask", json={"question": earlier, "conversation_id": conversation_id}, headers=headers)
        started = time.perf_counter()
        response = client.post("/v1/ask", json={"question": task.question, "conversation_id": conversation_id},
                               headers=headers)
        round_trip = (time.perf_counter() - started) * 1000
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code != 200:
            return Reply(task.id, response.status_code, body, {"round_trip": round(round_trip, 2)})
        return Reply(task.id, 200, body, stages_of(body, response.headers.get("server-timing"), round_trip))

    def run(
        self, tasks: Sequence[LookupTask], concurrency: int = 1, advance: Callable[[], None] | None = None
    ) -> list[Reply]:
        """Every task once, `concurrency` clients at a time; replies in the order of `tasks`."""
        if concurrency <= 0:
            raise ValueError("concurrency must be positive")

        def one(task: LookupTask) -> Reply:
            reply = self.replay(task)
            if advance:
                advance()
            return reply

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(one, tasks))


def stage_percentiles(replies: Sequence[Reply]) -> dict[str, dict[str, float | int | None]]:
    """p50, p95, p99 and count (ms) of each stage over the replies that went through it."""
    out: dict[str, dict[str, float | int | None]] = {}
    for stage in STAGES:
        values = [r.stages_ms[stage] for r in replies if stage in r.stages_ms]
        out[stage] = {
            "n": len(values),
            "p50": _round(percentile(values, 50)),
            "p95": _round(percentile(values, 95)),
            "p99": _round(percentile(values, 99)),
        }
    return out


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
