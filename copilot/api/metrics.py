"""Prometheus metrics of one app (request counts, ask latency per stage, refusals, answers an LLM
composer left to the extractive one) and the
middleware that counts requests and adds the server-side total as a `Server-Timing` header."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copilot.core.types import AskResult

ASK_STAGES = ("retrieve", "compose", "verify", "total")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """Its own registry rather than the global one, so several apps (tests) can live in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "copilot_http_requests",
            "HTTP requests by route template, method and status code.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.ask_seconds = Histogram(
            "copilot_ask_stage_seconds",
            "Seconds spent per stage of answering a question.",
            ["stage"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.refusals = Counter("copilot_ask_refusals", "Questions the copilot refused to answer.", registry=self.registry)
        for stage in ASK_STAGES:
            self.ask_seconds.labels(stage)  # exported at zero before the first question

    def watch_composer(self, composer: object) -> None:
        """Export `copilot_llm_fallbacks_total` when the composer is an LLM one (it counts its own fallbacks)."""
        if hasattr(composer, "fallbacks"):
            self.registry.register(_FallbackCollector(composer))

    def observe_ask(self, result: AskResult) -> None:
        for stage in ASK_STAGES:
            if stage in result.timings_ms:
                self.ask_seconds.labels(stage).observe(result.timings_ms[stage] / 1000)
        if result.refused:
            self.refusals.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _FallbackCollector(Collector):
    def __init__(self, composer: object) -> None:
        self._composer = composer

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily(
            "copilot_llm_fallbacks",
            "Answers the extractive composer gave because the LLM endpoint failed or timed out.",
            value=getattr(self._composer, "fallbacks", 0),
        )


class RequestMetricsMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware): counts each request once, including unhandled 500s."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_timing(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                elapsed_ms = (time.perf_counter() - started) * 1000
                MutableHeaders(scope=message).append("Server-Timing", f'total;dur={elapsed_ms:.1f};desc="server"')
            await send(message)

        try:
            await self.app(scope, receive, send_with_timing)
        finally:
            # The router writes the matched route into the scope; label by its template, never the raw
            # path, so /v1/does-not-exist/123 cannot blow up the label set.
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(route, scope["method"], str(status)).inc()
