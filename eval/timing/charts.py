"""The report's plots, drawn with matplotlib (Agg) as inline SVG text: no file, no CDN."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen before pyplot loads)
from matplotlib.figure import Figure  # noqa: E402

_COLOR = "#7a5c3e"


def svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # the XML prolog and doctype are not allowed inside HTML


def stage_latency(stages: Mapping[str, Mapping[str, Any]], title: str) -> str:
    """p50, p95, p99 of each stage that has values, as grouped horizontal bars (ms)."""
    names = [s for s, v in stages.items() if v.get("n")]
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(names) + 1.2))
    height = 0.27
    for i, (q, shade) in enumerate((("p50", 1.0), ("p95", 0.65), ("p99", 0.35))):
        values = [stages[s][q] or 0 for s in names]
        ax.barh([n + (i - 1) * height for n in range(len(names))], values, height, label=q, color=_COLOR, alpha=shade)
    ax.set_yticks(range(len(names)), names)
    ax.invert_yaxis()
    ax.set_xlabel("milliseconds")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return svg(fig)


def distribution(values: Sequence[float], xlabel: str, title: str) -> str:
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(values, bins=min(30, max(5, len(values) // 4)), color=_COLOR)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("lookups")
    ax.set_title(title)
    return svg(fig)


def bars(labels: Sequence[str], values: Sequence[float | None], xlabel: str, title: str) -> str:
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(labels) + 1.2))
    ax.barh(list(labels), [v or 0 for v in values], color=_COLOR)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return svg(fig)


def over_time(days: Sequence[str], values: Sequence[float | None], baseline: float, target: float, title: str) -> str:
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(list(days), [v if v is not None else float("nan") for v in values], marker="o", color=_COLOR, label="mean per day")
    ax.axhline(baseline, color="grey", linestyle="--", label="baseline")
    ax.axhline(target, color="green", linestyle=":", label="target")
    ax.set_ylabel("seconds per lookup")
    ax.set_title(title)
    ax.tick_params(axis="x", labelrotation=60)
    ax.legend()
    return svg(fig)
