"""Scores the redactor on a hand-written split: recall per kind and per name group (lenient and
strict), house facts kept per kind, placeholders in sentences without client details."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from eval.pii.annotated import Gold, Sentence
from guardrails.redaction import Span

MIN_OVERLAP = 0.5
# Separators a reader skips: "06 12 34" still reads as digits, "o'brien" as a name.
_SKIPPED = re.compile(r"[\s\-./()+'’·,]")
_SURVIVOR = re.compile(r"\w{3}")

REGIONS = {
    "Western Europe, Americas, Oceania": "fr en gb us au ca nz ie sc de nl it es pt ch se fi br mx ar_latam",
    "East and South-East Asia": "cn jp kr tw hk sg my vn th id ph",
    "South Asia, Middle East, North Africa": "in pk bd lk ar ae sa eg ma lb ir tr il",
    "Sub-Saharan Africa": "ng gh ke et za",
    "Central and Eastern Europe": "ru ua pl cz hu ro gr",
}
_REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}


@dataclass
class Tally:
    total: int = 0
    lenient: int = 0  # at least half the value covered
    strict: int = 0  # no 3 characters of the value left readable in a row
    misses: list[str] = field(default_factory=list)

    def add(self, found: bool, strictly: bool, shown: str) -> None:
        self.total += 1
        self.lenient += found
        self.strict += strictly
        if not strictly:
            self.misses.append(shown)

    @property
    def strict_recall(self) -> float:
        return self.strict / self.total if self.total else 1.0

    @property
    def lenient_recall(self) -> float:
        return self.lenient / self.total if self.total else 1.0


@dataclass
class SplitScores:
    sentences: int
    kinds: dict[str, Tally]
    name_groups: dict[str, Tally]
    overall: Tally
    facts: dict[str, list[int]]  # kind -> [kept, total]
    facts_touched: list[str]
    clean_sentences: int  # sentences holding no client detail
    clean_with_placeholder: list[str]

    @property
    def facts_kept(self) -> float:
        kept = sum(k for k, _ in self.facts.values())
        total = sum(t for _, t in self.facts.values())
        return kept / total if total else 1.0


def covered(predicted: Sequence[Span], start: int, end: int) -> list[bool]:
    mask = [False] * (end - start)
    for p in predicted:
        for i in range(max(p.start, start), min(p.end, end)):
            mask[i - start] = True
    return mask


def survives(text: str, gold: Gold, predicted: Sequence[Span]) -> bool:
    """True when a run of the value left readable holds 3 word characters in a row (separators skipped)."""
    mask = covered(predicted, gold.start, gold.end)
    runs, run = [], []
    for ch, hidden in zip(text[gold.start : gold.end], mask, strict=True):
        if hidden:
            runs.append("".join(run))
            run = []
        else:
            run.append(ch)
    runs.append("".join(run))
    return any(_SURVIVOR.search(_SKIPPED.sub("", r)) for r in runs)


def name_groups(gold: Gold) -> list[str]:
    groups = [t for t in sorted(gold.tags) if t not in _REGION_OF]
    groups += sorted({_REGION_OF[t] for t in gold.tags if t in _REGION_OF})
    return groups


def score_split(sentences: Sequence[Sentence], predictions: Sequence[Sequence[Span]]) -> SplitScores:
    kinds: dict[str, Tally] = defaultdict(Tally)
    groups: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    facts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    touched, clean_hits = [], []
    clean = 0
    for s, predicted in zip(sentences, predictions, strict=True):
        for g in s.pii:
            mask = covered(predicted, g.start, g.end)
            found = sum(mask) >= MIN_OVERLAP * len(mask)
            strictly = not survives(s.text, g, predicted)
            shown = f"`{s.text[g.start:g.end]}` in “{s.text}” (line {s.line})"
            kinds[g.kind].add(found, strictly, shown)
            overall.add(found, strictly, shown)
            if g.kind == "PERSON":
                for group in name_groups(g):
                    groups[group].add(found, strictly, shown)
        for f in s.facts:
            hit = any(p.overlaps(f.start, f.end) for p in predicted)
            facts[f.kind][0] += not hit
            facts[f.kind][1] += 1
            if hit:
                touched.append(f"{f.kind} `{s.text[f.start:f.end]}` in “{s.text}” (line {s.line})")
        if not s.pii:
            clean += 1
            if predicted:
                shown = ", ".join(f"{p.entity_type} `{s.text[p.start:p.end]}`" for p in predicted)
                clean_hits.append(f"{shown} in “{s.text}” (line {s.line})")
    return SplitScores(len(sentences), dict(kinds), dict(groups), overall, dict(facts), touched, clean, clean_hits)


def split_table(name: str, sc: SplitScores) -> list[str]:
    lines = [
        f"| {name}: kind | values | recall (half covered) | strict recall (no 3 characters left) |",
        "|---|---:|---:|---:|",
    ]
    for kind, t in sorted(sc.kinds.items()):
        lines.append(f"| {kind} | {t.total} | {t.lenient_recall:.3f} | {t.strict_recall:.3f} |")
    o = sc.overall
    lines.append(f"| **all** | {o.total} | {o.lenient_recall:.3f} | **{o.strict_recall:.3f}** |")
    lines += ["", "| name group | names | recall | strict recall |", "|---|---:|---:|---:|"]
    for group, t in sorted(sc.name_groups.items(), key=lambda kv: (kv[0][0].isupper(), kv[0])):
        lines.append(f"| {group} | {t.total} | {t.lenient_recall:.3f} | {t.strict_recall:.3f} |")
    lines += ["", "| house fact | in split | kept |", "|---|---:|---:|"]
    for kind, (kept, total) in sorted(sc.facts.items()):
        lines.append(f"| {kind} | {total} | {kept / total:.3f} |")
    total = sum(t for _, t in sc.facts.values())
    lines.append(f"| **all** | {total} | **{sc.facts_kept:.4f}** |")
    lines += [
        "",
        f"Sentences without any client detail that got a placeholder: **{len(sc.clean_with_placeholder)} of "
        f"{sc.clean_sentences}**.",
    ]
    return lines


def split_misses(sc: SplitScores, limit: int = 40) -> list[str]:
    lines = []
    for kind, t in sorted(sc.kinds.items()):
        lines += [f"- {kind} left readable: {m}" for m in t.misses[:limit]]
    lines += [f"- house fact touched: {m}" for m in sc.facts_touched[:limit]]
    lines += [f"- placeholder without client detail: {m}" for m in sc.clean_with_placeholder[:limit]]
    return lines
