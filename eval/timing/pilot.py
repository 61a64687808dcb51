"""The pilot a store runs to test the business case's hypothesis ("can an associate copilot reduce
time spent on product lookups by 30%?"): the plan fixed before launch (baseline, target, period,
decision rule, boutiques), the log of real lookups (never the question), and the report that states
the decision the rule gives, with its bootstrap confidence interval and the data that is missing."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import ValidationError

from copilot.core.errors import InputError
from copilot.pilot.plan import DecisionRule, PilotLookup, PilotPlan

Decision = Literal["adopt", "stop", "inconclusive", "no decision yet"]


def append_lookup(log: Path, lookup: PilotLookup) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as fh:
        fh.write(lookup.model_dump_json(by_alias=True, exclude_none=True) + "\n")


def read_log(path: Path) -> tuple[list[PilotLookup], list[str]]:
    """The lookups of a JSON-lines log or a CSV with the same columns, and each bad line, said why."""
    if not path.is_file():
        raise InputError(f"no lookup log at {path}: log lookups with `python -m eval.timing pilot log`")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".csv":
        rows = [(n, {k: v for k, v in row.items() if v not in ("", None)}) for n, row in enumerate(csv.DictReader(text.splitlines()), start=2)]
    else:
        rows = []
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    rows.append((n, json.loads(line)))
                except ValueError:
                    rows.append((n, {"__bad__": "not JSON"}))
    lookups: list[PilotLookup] = []
    problems: list[str] = []
    for n, row in rows:
        try:
            lookups.append(PilotLookup.model_validate(row))
        except ValidationError as exc:
            why = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
            problems.append(f"{path.name} line {n}: {why}")
    return lookups, problems


def bootstrap_reduction(seconds: Sequence[float], baseline: float, rule: DecisionRule) -> tuple[float, float, float]:
    """The reduction of the mean time against the baseline, and its percentile bootstrap interval."""
    values = np.asarray(seconds, dtype=float)
    rng = np.random.default_rng(rule.seed)
    means = values[rng.integers(0, len(values), size=(rule.bootstrap_resamples, len(values)))].mean(axis=1)
    alpha = (1 - rule.confidence) / 2
    low_mean, high_mean = np.quantile(means, [1 - alpha, alpha])  # a higher mean is a smaller reduction
    return 1 - values.mean() / baseline, 1 - low_mean / baseline, 1 - high_mean / baseline


def decide(estimate: float, low: float, high: float, plan: PilotPlan) -> tuple[Decision, str]:
    rule, target = plan.decision, plan.target_reduction
    adopt = low >= target if rule.adopt_when == "ci_lower_at_least_target" else estimate >= target
    stop = high < target if rule.stop_when == "ci_upper_below_target" else estimate < target
    shown = f"reduction {estimate:.1%} ({rule.confidence:.0%} CI {low:.1%} to {high:.1%}), target {target:.0%}"
    if adopt:
        return "adopt", f"{shown}: {rule.adopt_when.replace('_', ' ')}"
    if stop:
        return "stop", f"{shown}: {rule.stop_when.replace('_', ' ')}"
    return "inconclusive", f"{shown}: the interval holds the target; the rule neither adopts nor stops"


def pilot_report(
    plan: PilotPlan,
    lookups: Sequence[PilotLookup],
    problems: Sequence[str] = (),
    since: date | None = None,
    boutique: str | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    today = today or datetime.now(timezone.utc).date()
    first = max(plan.start, since) if since else plan.start
    last = min(plan.end, today)
    boutiques = [boutique] if boutique else plan.boutiques
    in_period = [lk for lk in lookups if first <= lk.at.date() <= plan.end]
    outside_plan = sorted({lk.boutique for lk in in_period if lk.boutique not in plan.boutiques})
    kept = [lk for lk in in_period if lk.boutique in boutiques]
    missing: list[str] = list(problems)
    if outside_plan:
        missing.append("lookups from boutiques outside the plan were left out: " + ", ".join(outside_plan))
    missing += [f"{b}: no lookup logged in the period" for b in boutiques if not any(lk.boutique == b for lk in kept)]
    logged_days = {lk.at.date() for lk in kept}
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    empty = [d.isoformat() for d in days if d not in logged_days]
    if empty:
        missing.append(f"{len(empty)} day(s) of the period with no lookup logged: {', '.join(empty)}")
    timed = [lk for lk in kept if lk.seconds is not None]
    if len(timed) < len(kept):
        missing.append(f"{len(kept) - len(timed)} of {len(kept)} lookups have no time to the answer in hand "
                       "(never marked 'answered the client'): left out of the times and the decision")
    for name in ("answered_client", "vote", "latency_ms"):
        absent = sum(getattr(lk, name) is None for lk in kept)
        if absent:
            missing.append(f"{absent} of {len(kept)} lookups do not say {name}")
    if today < plan.end:
        missing.append(f"the period runs until {plan.end.isoformat()}: this is an interim report")

    seconds = [lk.seconds for lk in timed]
    result: dict[str, Any] = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "plan": plan.model_dump(mode="json"),
        "scope": {"from": first.isoformat(), "to": plan.end.isoformat(), "boutiques": boutiques},
        "lookups": len(kept),
        "timed_lookups": len(timed),
        "mean_seconds": round(float(np.mean(seconds)), 2) if seconds else None,
        "median_seconds": round(float(np.median(seconds)), 2) if seconds else None,
        "baseline_seconds": plan.baseline_seconds_per_lookup,
        "target_seconds": round(plan.target_seconds, 2),
        "outcomes": _count(lk.outcome for lk in kept),
        "answered_client_share": _share([lk.answered_client for lk in kept]),
        "thumbs_up_share": _share([None if lk.vote is None else lk.vote == "up" for lk in kept]),
        "mean_approval_wait_s": _mean([lk.approval_wait_s for lk in kept]),
        "by_boutique": _groups(timed, lambda lk: lk.boutique, plan),
        "by_class": _groups(timed, lambda lk: lk.question_class, plan),
        "by_day": {d.isoformat(): _mean([lk.seconds for lk in timed if lk.at.date() == d]) for d in days},
        "missing": missing,
    }
    if len(timed) < plan.decision.min_lookups:
        result.update(reduction=None, ci=None, decision="no decision yet",
                      decision_reason=f"{len(timed)} timed lookups; the plan needs at least {plan.decision.min_lookups}")
        if seconds:
            result["reduction"] = round(1 - float(np.mean(seconds)) / plan.baseline_seconds_per_lookup, 4)
        return result
    estimate, low, high = bootstrap_reduction(seconds, plan.baseline_seconds_per_lookup, plan.decision)
    decision, reason = decide(estimate, low, high, plan)
    if today < plan.end:
        decision, reason = "no decision yet", f"interim ({reason}); the rule applies once the period has ended"
    result.update(reduction=round(estimate, 4), ci=[round(low, 4), round(high, 4)], decision=decision, decision_reason=reason)
    return result


def simulate_log(plan: PilotPlan, mean_seconds: float, per_day: int, seed: int = 1) -> list[PilotLookup]:
    """Lookups over the plan's whole period, log-normal around `mean_seconds`: to try the report before
    the pilot, and to test it."""
    rng = np.random.default_rng(seed)
    classes = ("record_field", "piece_and_rule", "policy", "aftercare", "tone")
    sigma = 0.6
    out: list[PilotLookup] = []
    for day in range((plan.end - plan.start).days + 1):
        for i in range(per_day):
            at = datetime.combine(plan.start + timedelta(days=day), datetime.min.time(), timezone.utc) + timedelta(hours=10, minutes=5 * i)
            seconds = float(rng.lognormal(np.log(mean_seconds) - sigma**2 / 2, sigma))
            out.append(PilotLookup.model_validate({
                "at": at, "boutique": plan.boutiques[i % len(plan.boutiques)], "class": classes[i % len(classes)],
                "outcome": "answered" if rng.random() < 0.8 else "closest", "seconds": round(seconds, 1),
                "latency_ms": round(float(rng.uniform(150, 900)), 1), "answered_client": bool(rng.random() < 0.9),
                "vote": "up" if rng.random() < 0.7 else "down",
            }))
    return out


def _groups(lookups: Sequence[PilotLookup], key: Any, plan: PilotPlan) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[float]] = {}
    for lk in lookups:
        if lk.seconds is not None:
            groups.setdefault(key(lk), []).append(lk.seconds)
    return {
        name: {"n": len(v), "mean_seconds": round(float(np.mean(v)), 2),
               "reduction": round(1 - float(np.mean(v)) / plan.baseline_seconds_per_lookup, 4)}
        for name, v in sorted(groups.items())
    }


def _share(values: Sequence[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(float(np.mean(known)), 2) if known else None


def _count(values: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))
