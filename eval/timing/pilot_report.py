"""The pilot report in three forms (pilot.json, pilot.md, pilot.html with its plot inline), from the
dictionary `pilot.pilot_report` returns."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eval.timing import charts
from eval.timing.report import Section, fmt, page


def sections(report: Mapping[str, Any]) -> list[Section]:
    plan = report["plan"]
    ci = report["ci"]
    out = [Section(
        f"Decision: {report['decision']}",
        f"{plan['hypothesis']}\n{report['decision_reason']}",
        headers=["measure", "value"],
        rows=[
            ["lookups logged", report["lookups"]],
            ["timed (answered the client marked)", report["timed_lookups"]],
            ["period", f"{report['scope']['from']} to {report['scope']['to']}"],
            ["boutiques", ", ".join(report["scope"]["boutiques"])],
            ["baseline s per lookup", fmt(report["baseline_seconds"]) + f" ({plan['baseline_source']})"],
            ["target s per lookup", fmt(report["target_seconds"]) + f" ({plan['target_reduction']:.0%} less)"],
            ["mean s per lookup", fmt(report["mean_seconds"])],
            ["median s per lookup", fmt(report["median_seconds"])],
            ["reduction", fmt(report["reduction"], True)],
            [f"{plan['decision']['confidence']:.0%} interval (bootstrap)", "-" if ci is None else f"{ci[0]:.1%} to {ci[1]:.1%}"],
            ["answered the client", fmt(report["answered_client_share"], True)],
            ["thumbs up", fmt(report["thumbs_up_share"], True)],
            ["mean approval wait s", fmt(report["mean_approval_wait_s"])],
        ],
    )]
    days = report["by_day"]
    out.append(Section(
        "Over time", plots=[charts.over_time(list(days), list(days.values()), report["baseline_seconds"],
                                             report["target_seconds"], "Seconds per lookup, per day")] if days else [],
    ))
    for title, key in (("By boutique", "by_boutique"), ("By question class", "by_class")):
        out.append(Section(title, headers=["", "n", "mean s", "reduction"],
                           rows=[[k, v["n"], fmt(v["mean_seconds"]), fmt(v["reduction"], True)] for k, v in report[key].items()]))
    out.append(Section("Outcomes", headers=["outcome", "lookups"], rows=[[k, v] for k, v in report["outcomes"].items()]))
    out.append(Section("Missing data", "\n".join(f"- {m}" for m in report["missing"]) or "- nothing"))
    rule = plan["decision"]
    out.append(Section(
        f"The plan (fixed on {plan['fixed_on']})",
        f"adopt when {rule['adopt_when'].replace('_', ' ')}; stop when {rule['stop_when'].replace('_', ' ')}; "
        f"otherwise inconclusive. At least {rule['min_lookups']} lookups; {rule['bootstrap_resamples']} bootstrap resamples.",
    ))
    return out


def to_markdown(report: Mapping[str, Any]) -> str:
    lines = [f"# Pilot report ({report['generated_at']})", ""]
    for sec in sections(report):
        lines += [f"## {sec.title}", ""]
        if sec.text:
            lines += [sec.text.replace("\n", "\n\n") if not sec.text.startswith("- ") else sec.text, ""]
        if sec.headers:
            lines += ["| " + " | ".join(sec.headers) + " |", "|" + "---|" * len(sec.headers)]
            lines += ["| " + " | ".join(fmt(c).replace("|", "/") for c in row) + " |" for row in sec.rows]
            lines.append("")
    return "\n".join(lines)


def write_pilot_report(report: Mapping[str, Any], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"pilot.{ext}" for ext in ("json", "md", "html")]
    paths[0].write_text(json.dumps(report, indent=2), encoding="utf-8")
    paths[1].write_text(to_markdown(report), encoding="utf-8")
    paths[2].write_text(page(f"Pilot report ({report['generated_at']})", sections(report)), encoding="utf-8")
    return paths
