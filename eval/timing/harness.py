"""The lookup timing run, top to bottom: load the tasks -> model each one's manual lookup on the
index -> start the service (cold request) -> replay every task under 1, 4 and 16 clients -> score
the answers -> time saved per lookup, per class, and its sensitivity."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from copilot.core.api_keys import ApiKey
from eval.metrics import outcome_scores
from eval.run_eval import EvalProgress
from eval.timing.askers import boutique_keys, keys_env
from eval.timing.manual import Documents, ManualLookup, ManualTrace
from eval.timing.manual_catalog import CatalogFilter
from eval.timing.replay import Replayer, Reply, stage_percentiles
from eval.timing.saved import build_lookups, by_class, per_lookup, sensitivity, summarize_saving
from eval.timing.service import started_service, wait_ready
from eval.timing.steps import StepTimes
from eval.timing.tasks import LookupTask

CONCURRENCY = (1, 4, 16)


@dataclass(frozen=True)
class RunOptions:
    data_dir: Path  # the ingested index the documents are read from (and served, without `url`)
    url: str | None = None  # a service already running on that index: no start, no cold request
    api_key: str = "dev-associate-key"
    concurrency: tuple[int, ...] = CONCURRENCY
    cold_starts: int = 1
    load_limit: int | None = None  # tasks per concurrency pass above 1 (all of them when None)
    service_log: Path | None = None
    search_rows: int = 10  # the rows a catalog search answer lists (Settings.search_results)
    api_keys: Mapping[str, ApiKey] = field(default_factory=dict)  # the keys configured (Settings.api_keys)

    def __post_init__(self) -> None:
        if not self.concurrency or min(self.concurrency) <= 0:
            raise ValueError("concurrency levels must be positive")
        if self.cold_starts < 0:
            raise ValueError("cold_starts must not be negative")


def run_lookups(
    tasks: Sequence[LookupTask],
    times: StepTimes,
    sources: dict[str, str],
    options: RunOptions,
    progress: EvalProgress | None = None,
) -> dict[str, Any]:
    if not tasks:
        raise ValueError("no tasks to replay")
    traces = manual_traces(tasks, Documents.from_index(options.data_dir), options.search_rows)
    keys, minted = boutique_keys((t.boutique for t in tasks), options.api_keys, options.api_key, mint=options.url is None)
    env = keys_env(options.api_keys, minted)
    cold: list[Reply] = []
    passes: dict[int, list[Reply]] = {}
    walls: dict[int, float] = {}
    ready_s: list[float] = []  # process start to /readyz 200: loading the model and the index
    started = _now()
    with _service(options, env) as base:
        if options.url is None:
            ready_s.append(round(_now() - started, 2))
        replayer = Replayer(base, options.api_key, boutique_keys=keys)
        if options.url is None and options.cold_starts:
            cold.append(replayer.replay(tasks[0]))  # the first request after the service became ready
        for level in options.concurrency:
            batch = list(tasks) if level == 1 or options.load_limit is None else list(tasks)[: options.load_limit]
            if progress:
                progress.start(f"{level} client(s)", len(batch))
            pass_started = _now()
            passes[level] = replayer.run(batch, level, progress.advance if progress else None)
            walls[level] = _now() - pass_started
        replayer.close()
    for _ in range(max(0, options.cold_starts - 1) if options.url is None else 0):
        started = _now()
        with started_service(options.data_dir, options.service_log, env) as base:
            ready_s.append(round(_now() - started, 2))
            first = Replayer(base, options.api_key, boutique_keys=keys)
            cold.append(first.replay(tasks[0]))
            first.close()

    single = passes.get(1) or passes[min(passes)]
    lookups = build_lookups(tasks[: len(single)], single, traces[: len(single)])
    rows = per_lookup(lookups, times)
    return {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "service": options.url or "started by the harness on a copy of " + str(options.data_dir),
        "data_dir": str(options.data_dir),
        "tasks": len(tasks),
        "sets": sorted({t.source for t in tasks}),
        "askers": {b: ("minted for this run" if k in minted else "configured key") for b, k in keys.items()},
        "steps": {"version": times.version, "values": times.to_dict(), "sources": sources},
        "latency": {
            "cold": {
                "requests": len(cold),
                "start_to_ready_s": ready_s,
                "round_trip_ms": [r.latency_ms for r in cold],
                "stages_ms": stage_percentiles(cold),
                "note": None if cold else "not measured: " + ("the service was already running" if options.url else "--cold-starts 0"),
            },
            "warm": {
                str(level): {
                    "clients": level,
                    "requests": len(replies),
                    "errors": _errors(replies),
                    "wall_s": round(walls[level], 2),
                    "lookups_per_s": round(len(replies) / walls[level], 2) if walls[level] else None,
                    "stages_ms": stage_percentiles(replies),
                }
                for level, replies in passes.items()
            },
        },
        "accuracy": {"overall": outcome_scores([lk.score for lk in lookups]), "by_class": _accuracy_by_class(lookups)},
        "outcomes": _count(lk.outcome for lk in lookups),
        "saving_by_outcome": by_class(rows, "outcome"),
        "saving": summarize_saving(rows),
        "saving_by_class": by_class(rows),
        "sensitivity": sensitivity(lookups, times),
        "lookups": rows,
    }


def manual_traces(tasks: Sequence[LookupTask], documents: Documents, search_rows: int) -> list[ManualTrace]:
    """Each task's manual lookup: a search question as a spreadsheet filter, any other as searches."""
    lookup, catalog = ManualLookup(documents), CatalogFilter(documents, search_rows)
    return [
        catalog.trace(t.search) if t.search is not None
        else lookup.trace(t.question, t.golden.facts if t.golden.answerable else (), t.history)
        for t in tasks
    ]


def _accuracy_by_class(lookups: Sequence[Any]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[Any]] = {}
    for lk in lookups:
        groups.setdefault(lk.task.question_class, []).append(lk.score)
    return {
        name: {"n": len(scores), "correct": sum(s.correct for s in scores), "accuracy": round(sum(s.correct for s in scores) / len(scores), 4)}
        for name, scores in sorted(groups.items())
    }


def _errors(replies: Sequence[Reply]) -> dict[str, int]:
    return _count(str(r.status) for r in replies if not r.ok)


def _count(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def _now() -> float:
    return time.perf_counter()


@contextmanager
def _service(options: RunOptions, env: Mapping[str, str]) -> Iterator[str]:
    if options.url:
        wait_ready(options.url.rstrip("/"), timeout_s=30)
        yield options.url
        return
    with started_service(options.data_dir, options.service_log, env) as base:
        yield base
