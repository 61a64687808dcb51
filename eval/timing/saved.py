"""Time saved per lookup: the copilot's side (typing the question, its latency, reading the answer
and its quote; the closest passages, the manual lookup after a refusal, a wrong answer's manual
lookup and penalty) against the modelled manual lookup; summaries per class and the sensitivity
of the result to every assumption moved by +-50%."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eval.metrics import QuestionScore, holds, mean, percentile, score_question
from eval.timing.catalog_tasks import score_search
from eval.timing.manual import ManualTrace
from eval.timing.replay import Reply
from eval.timing.steps import ASSUMPTIONS, StepTimes
from eval.timing.tasks import LookupTask

FASTER_BY = 0.30  # the pilot's hypothesis: 30% less time per lookup
LATENCY = "copilot_latency"  # the sensitivity row that scales the measured latency
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Lookup:
    """One task with both sides: the copilot's reply and score, and the manual trace."""

    task: LookupTask
    reply: Reply
    score: QuestionScore
    manual: ManualTrace

    @property
    def outcome(self) -> str:
        """answered (right), closest (the closest passages hold it), refused, or wrong."""
        q, s = self.task.golden, self.score
        if not s.refused:
            return "answered" if s.answer_correct else "wrong"
        if q.answerable and s.closest_holds:
            return "closest"
        return "refused"

    def manual_seconds(self, times: StepTimes) -> float:
        return self.manual.seconds(times)

    def copilot_seconds(self, times: StepTimes, latency_factor: float = 1.0) -> float:
        return sum(self.copilot_parts(times, latency_factor).values())

    def copilot_parts(self, times: StepTimes, latency_factor: float = 1.0) -> dict[str, float]:
        """Where the copilot's side of the lookup goes: typing the question, waiting, reading, the
        manual lookup that follows a refusal or a wrong answer, and a wrong answer's penalty."""
        body = self.reply.body if self.reply.ok else {}
        parts = {"typing": times.typing_s(self.task.question), "latency": self.reply.latency_ms / 1000 * latency_factor,
                 "reading": 0.0, "manual_after": 0.0, "penalty": 0.0}
        outcome = self.outcome
        if outcome in ("answered", "wrong"):
            # A search answer's rows already state what their quotes cite (price, stock): the list is read once.
            quotes = "" if self.task.search else " ".join(c["quote"] for c in body.get("citations", []))
            parts["reading"] = times.reading_s(_words(str(body.get("display_answer", ""))) + _words(quotes))
            if outcome == "wrong":
                parts["manual_after"] = self.manual_seconds(times)
                parts["penalty"] = times.wrong_answer_penalty_s
            return parts
        reason = _words(str(body.get("refusal_reason") or ""))
        related = body.get("related", [])
        if outcome == "closest":  # read passage after passage until the facts are in hand
            parts["reading"] = times.reading_s(reason + _words_until_facts(related, self.task.golden.facts))
            return parts
        parts["reading"] = times.reading_s(reason + sum(_words(f"{r['quote']} {r['passage']}") for r in related))
        parts["manual_after"] = self.manual_seconds(times)
        return parts


def build_lookups(tasks: Sequence[LookupTask], replies: Sequence[Reply], traces: Sequence[ManualTrace]) -> list[Lookup]:
    return [Lookup(t, r, score_task(t, r), m) for t, r, m in zip(tasks, replies, traces, strict=True)]


def score_task(task: LookupTask, reply: Reply) -> QuestionScore:
    """A search question by the records its answer lists; any other by the facts its answer holds."""
    if task.search is not None:
        return score_search(task.golden, task.search.expected, reply.answer(), reply.body if reply.ok else {})
    return score_question(task.golden, reply.answer())


def per_lookup(lookups: Sequence[Lookup], times: StepTimes, latency_factor: float = 1.0) -> list[dict[str, Any]]:
    """One row per lookup: both sides in seconds, the saving, and what the manual lookup took."""
    rows = []
    for lk in lookups:
        manual = lk.manual_seconds(times)
        parts = lk.copilot_parts(times, latency_factor)
        copilot = sum(parts.values())
        rows.append({
            "id": lk.task.id,
            "set": lk.task.source,
            "class": lk.task.question_class,
            "outcome": lk.outcome,
            "correct": lk.score.correct,
            "latency_ms": lk.reply.latency_ms,
            "manual_s": round(manual, 2),
            "copilot_s": round(copilot, 2),
            "saved_s": round(manual - copilot, 2),
            "manual_steps": lk.manual.counts(times),
            "copilot_parts_s": {k: round(v, 2) for k, v in parts.items()},
        })
    return rows


def summarize_saving(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Time saved per lookup (median, mean, distribution), the shares faster, and the reduction of the
    total time, the pilot's measure: 1 - copilot seconds / manual seconds over all the lookups."""
    saved = [float(r["saved_s"]) for r in rows]
    manual = sum(float(r["manual_s"]) for r in rows)
    copilot = sum(float(r["copilot_s"]) for r in rows)
    return {
        "n": len(rows),
        "median_saved_s": _round(percentile(saved, 50)),
        "mean_saved_s": _round(mean(saved)),
        "distribution_s": {f"p{q}": _round(percentile(saved, q)) for q in (5, 10, 25, 50, 75, 90, 95)},
        "share_faster": _round(mean(float(r["copilot_s"]) < float(r["manual_s"]) for r in rows), 4),
        "share_faster_by_30": _round(
            mean(float(r["copilot_s"]) <= (1 - FASTER_BY) * float(r["manual_s"]) for r in rows), 4
        ),
        "mean_manual_s": _round(manual / len(rows)) if rows else None,
        "mean_copilot_s": _round(copilot / len(rows)) if rows else None,
        "time_reduction": _round(1 - copilot / manual, 4) if manual else None,
        "accuracy": _round(mean(bool(r["correct"]) for r in rows), 4),
        "mean_copilot_parts_s": {
            part: _round(mean(float(r["copilot_parts_s"][part]) for r in rows))
            for part in (rows[0].get("copilot_parts_s", {}) if rows else {})
        },
    }


def by_class(rows: Sequence[Mapping[str, Any]], key: str = "class") -> dict[str, dict[str, Any]]:
    """The summary per question class (or per any other column of the rows, such as "outcome")."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        groups.setdefault(str(r[key]), []).append(r)
    return {name: summarize_saving(group) for name, group in sorted(groups.items())}


def sensitivity(lookups: Sequence[Lookup], times: StepTimes, factors: Sequence[float] = (0.5, 1.5)) -> list[dict[str, Any]]:
    """Each assumption (and the measured latency) moved alone by each factor: how the result moves."""
    base = summarize_saving(per_lookup(lookups, times))
    out = [{"assumption": "(as measured)", "factor": 1.0, "value": None, **_headline(base)}]
    for name in (*ASSUMPTIONS, LATENCY):
        for factor in factors:
            if name == LATENCY:
                summary, value = summarize_saving(per_lookup(lookups, times, factor)), None
            else:
                moved = times.scaled(name, factor)
                summary, value = summarize_saving(per_lookup(lookups, moved)), getattr(moved, name)
            out.append({"assumption": name, "factor": factor, "value": value, **_headline(summary)})
    return out


def _headline(summary: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("median_saved_s", "mean_saved_s", "time_reduction", "share_faster_by_30")
    return {k: summary[k] for k in keys}


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _words_until_facts(related: Sequence[Mapping[str, Any]], facts: Sequence[str]) -> int:
    words, read = 0, ""
    for r in related:
        text = f"{r['quote']} {r['passage']}"
        words += _words(text)
        read += "\n" + text
        if all(holds(read, f) for f in facts):
            break
    return words


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
