"""The lookup report in three forms from one set of tables: lookups.json (everything, per lookup
too), lookups.md, and lookups.html (self-contained, its plots inline SVG)."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.timing import charts
from eval.timing.replay import STAGES

Cell = str | int | float | None


@dataclass
class Section:
    title: str
    text: str = ""
    headers: Sequence[str] = ()
    rows: list[Sequence[Cell]] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)  # inline SVG, HTML only


def fmt(value: Cell, pct: bool = False) -> str:
    if value is None:
        return "-"
    if pct and isinstance(value, float):
        return f"{value * 100:.1f}%"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def headline(report: Mapping[str, Any]) -> list[str]:
    s = report["saving"]
    return [
        f"{s['n']} lookups: {fmt(s['mean_manual_s'])} s by hand, {fmt(s['mean_copilot_s'])} s with the copilot (means)",
        f"time saved per lookup: median {fmt(s['median_saved_s'])} s, mean {fmt(s['mean_saved_s'])} s",
        f"time spent reduced by {fmt(s['time_reduction'], True)} (pilot target 30%)",
        f"faster with the copilot: {fmt(s['share_faster'], True)} of lookups; faster by 30% or more: "
        f"{fmt(s['share_faster_by_30'], True)}",
        f"answers right (or rightly declined): {fmt(s['accuracy'], True)}",
    ]


def sections(report: Mapping[str, Any]) -> list[Section]:
    s = report["saving"]
    out = [Section("Time saved per lookup", "\n".join(f"- {line}" for line in headline(report)))]
    dist = s["distribution_s"]
    out.append(Section(
        "Distribution of the time saved (seconds; negative: the copilot was slower)",
        headers=list(dist), rows=[[fmt(v) for v in dist.values()]],
        plots=[charts.distribution([r["saved_s"] for r in report["lookups"]], "seconds saved per lookup", "Time saved per lookup")],
    ))
    classes = report["saving_by_class"]
    acc = report["accuracy"]["by_class"]
    out.append(Section(
        "By question class",
        headers=["class", "n", "right", "manual s", "copilot s", "median saved s", "mean saved s", "reduction", ">=30% faster"],
        rows=[[c, v["n"], fmt(acc[c]["accuracy"], True), fmt(v["mean_manual_s"]), fmt(v["mean_copilot_s"]),
               fmt(v["median_saved_s"]), fmt(v["mean_saved_s"]), fmt(v["time_reduction"], True),
               fmt(v["share_faster_by_30"], True)] for c, v in classes.items()],
        plots=[charts.bars(list(classes), [v["mean_saved_s"] for v in classes.values()], "mean seconds saved", "Time saved per lookup, by class"),
               charts.bars(list(acc), [v["accuracy"] for v in acc.values()], "share right", "Accuracy by class")],
    ))
    parts = s["mean_copilot_parts_s"]
    out.append(Section(
        "Where the copilot's time goes (mean seconds per lookup)",
        "manual_after: the lookup by hand after a refusal or a wrong answer; penalty: a wrong answer's.",
        headers=list(parts), rows=[[fmt(v) for v in parts.values()]],
    ))
    outcomes = report["saving_by_outcome"]
    out.append(Section(
        "By outcome of the copilot",
        "answered: right; closest: refused, but the closest passages hold the answer; refused: the manual lookup "
        "follows; wrong: the manual lookup and the penalty follow.",
        headers=["outcome", "n", "manual s", "copilot s", "median saved s", "mean saved s", "reduction"],
        rows=[[k, v["n"], fmt(v["mean_manual_s"]), fmt(v["mean_copilot_s"]), fmt(v["median_saved_s"]),
               fmt(v["mean_saved_s"]), fmt(v["time_reduction"], True)] for k, v in outcomes.items()],
    ))
    out.append(Section(
        "Sensitivity: each assumption moved alone by -50% and +50%",
        headers=["assumption", "factor", "value", "median saved s", "mean saved s", "reduction", ">=30% faster"],
        rows=[[r["assumption"], r["factor"], fmt(r["value"]), fmt(r["median_saved_s"]), fmt(r["mean_saved_s"]),
               fmt(r["time_reduction"], True), fmt(r["share_faster_by_30"], True)] for r in report["sensitivity"]],
    ))
    cold = report["latency"]["cold"]
    out.append(Section(
        "Latency, cold (the first request after the service started)",
        cold["note"] or f"{cold['requests']} start(s); start to ready s: " + ", ".join(fmt(v) for v in cold["start_to_ready_s"])
        + "; first request's round trip ms: " + ", ".join(fmt(v) for v in cold["round_trip_ms"]),
    ))
    for level, warm in report["latency"]["warm"].items():
        stages = warm["stages_ms"]
        errors = ", ".join(f"{k}: {v}" for k, v in warm["errors"].items()) or "none"
        out.append(Section(
            f"Latency, warm, {level} concurrent client(s) (ms)",
            f"{warm['requests']} requests in {fmt(warm['wall_s'])} s ({fmt(warm['lookups_per_s'])} lookups/s); errors: {errors}. "
            "draft = total minus the timed stages, when the text was held for approval; server = `Server-Timing`; "
            "round_trip = question sent to answer received, at the client.",
            headers=["stage", "n", "p50", "p95", "p99"],
            rows=[[st, stages[st]["n"], fmt(stages[st]["p50"]), fmt(stages[st]["p95"]), fmt(stages[st]["p99"])] for st in STAGES],
            plots=[charts.stage_latency(stages, f"Latency per stage, {level} client(s)")],
        ))
    steps = report["steps"]
    out.append(Section(
        f"Per-step times (eval/timing/manual_steps.yaml, version {steps['version']})",
        headers=["step", "value", "source"],
        rows=[[k, fmt(v), steps["sources"][k]] for k, v in steps["values"].items() if k != "version"],
    ))
    return out


def to_markdown(report: Mapping[str, Any]) -> str:
    lines = [f"# Lookups: time saved per lookup ({report['generated_at']})", "",
             f"{report['tasks']} tasks from {', '.join(report['sets'])}; service: {report['service']}. "
             "How the figures are made: docs/timing.md.", ""]
    for sec in sections(report):
        lines += [f"## {sec.title}", ""]
        if sec.text:
            lines += [sec.text, ""]
        if sec.headers:
            lines.append("| " + " | ".join(sec.headers) + " |")
            lines.append("|" + "---|" * len(sec.headers))
            lines += ["| " + " | ".join(fmt(c).replace("|", "/") for c in row) + " |" for row in sec.rows]
            lines.append("")
    return "\n".join(lines)


def to_html(report: Mapping[str, Any], title: str = "Lookups: time saved per lookup") -> str:
    return page(f"{title} ({report['generated_at']})", sections(report))


def page(title: str, secs: Sequence[Section]) -> str:
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;color:#222}table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;"
        "padding:.25rem .5rem;text-align:left;font-size:.9rem}th{background:#f3eee8}svg{max-width:100%;height:auto}"
        "</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
    ]
    for sec in secs:
        parts.append(f"<section><h2>{html.escape(sec.title)}</h2>")
        for para in filter(None, sec.text.split("\n")):
            parts.append(f"<p>{html.escape(para.removeprefix('- '))}</p>")
        if sec.headers:
            parts.append("<table><thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in sec.headers) + "</tr></thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(fmt(c))}</td>" for c in row) + "</tr>" for row in sec.rows]
            parts.append("</tbody></table>")
        parts += [f"<figure>{plot}</figure>" for plot in sec.plots]
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(report: Mapping[str, Any], out_dir: Path, name: str = "lookups") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.{ext}" for ext in ("json", "md", "html")]
    paths[0].write_text(json.dumps(report, indent=2), encoding="utf-8")
    paths[1].write_text(to_markdown(report), encoding="utf-8")
    paths[2].write_text(to_html(report), encoding="utf-8")
    return paths
