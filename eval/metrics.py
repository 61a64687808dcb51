"""Scores of the golden-set evaluation: retrieval (Recall@5, MRR, nDCG@10), answers, citations,
refusals and latency. Pure functions over plain values, so each one is tested on hand-made cases."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from copilot.core.identifiers import REPORT_NUMBER, SKU, STOCK_NUMBER

STAGES = ("redact", "retrieve", "compose", "verify", "total")
# Questions about one record named by its code or exact name: the copilot's lookup path.
EXACT_IDENTIFIER_CATEGORIES = frozenset({"spec-sku", "spec-name", "certificate", "loose"})


@dataclass(frozen=True)
class GoldenQuestion:
    """One line of eval/golden/questions.jsonl."""

    id: str
    category: str
    question: str
    expected_doc_ids: tuple[str, ...]
    facts: tuple[str, ...]
    answerable: bool
    history: tuple[str, ...] = ()
    # Documents that also state a fact in the same words, though the answer does not need them: citing
    # them is as precise (a Perle de Lune strand's restringing interval is in the policy too).
    also_cited: tuple[str, ...] = ()
    # The kind of difficulty the question stands for (casual, typo, two_part ...); its category when unset.
    question_class: str = ""

    @property
    def kind(self) -> str:
        return self.question_class or self.category

    @property
    def is_exact_identifier(self) -> bool:
        """An exact-identifier category, or an unanswerable question naming a SKU, stock or report number."""
        if self.category in EXACT_IDENTIFIER_CATEGORIES:
            return True
        return not self.answerable and names_identifier(self.question)


@dataclass(frozen=True)
class CitedQuote:
    doc_id: str
    quote: str


@dataclass(frozen=True)
class SystemAnswer:
    """What a system (copilot or baseline) returned for one question, reduced to what is scored."""

    text: str
    refused: bool
    citations: tuple[CitedQuote, ...]
    retrieved_doc_ids: tuple[str, ...]  # doc id of every retrieved passage, in rank order, duplicates kept
    timings_ms: Mapping[str, float] = field(default_factory=dict)
    # When refused for lack of confidence: the closest passages' text (likeliest sentence and paragraph).
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionScore:
    """The scores of one golden question; None where a measure does not apply (no expected docs)."""

    question: GoldenQuestion
    recall_at_5: float | None
    reciprocal_rank: float | None
    ndcg_at_10: float | None
    answer_correct: bool  # answerable, answered, every fact in the answer
    correct: bool  # answer_correct for answerable questions, refused for unanswerable ones
    refused: bool
    precise_citations: int
    citations_counted: int  # citations of an answered question (refusals cite nothing that counts)
    missing_facts: tuple[str, ...]
    timings_ms: Mapping[str, float]
    closest_holds: bool = False  # answerable, not answered, and every fact is in the closest passages

    @property
    def failures(self) -> list[str]:
        """What went wrong, in words, for the per-question rows of the report."""
        q = self.question
        out: list[str] = []
        if q.answerable and self.refused:
            out.append("refused an answerable question")
        if not q.answerable and not self.refused:
            out.append("answered an unanswerable question")
        if q.answerable and not self.refused and self.missing_facts:
            out.append("answer lacks " + ", ".join(repr(f) for f in self.missing_facts))
        if self.recall_at_5 is not None and self.recall_at_5 < 1:
            out.append(f"Recall@5 {self.recall_at_5:.2f}")
        if self.citations_counted > self.precise_citations:
            imprecise = self.citations_counted - self.precise_citations
            out.append(f"{imprecise}/{self.citations_counted} citations imprecise")
        return out


# -- retrieval --------------------------------------------------------------------------------------
def dedupe(doc_ids: Iterable[str]) -> list[str]:
    """Doc ids in first-seen order: several chunks of one document count as one retrieved document."""
    return list(dict.fromkeys(doc_ids))


def recall_at_k(retrieved: Sequence[str], expected: Sequence[str], k: int = 5) -> float | None:
    """Share of the expected documents among the first k distinct retrieved documents."""
    if not expected:
        return None
    top = set(dedupe(retrieved)[:k])
    return sum(1 for d in set(expected) if d in top) / len(set(expected))


def reciprocal_rank(retrieved: Sequence[str], expected: Sequence[str]) -> float | None:
    """1 / rank of the first expected document among the distinct retrieved ones; 0 if none came back."""
    if not expected:
        return None
    wanted = set(expected)
    return next((1.0 / rank for rank, d in enumerate(dedupe(retrieved), start=1) if d in wanted), 0.0)


def ndcg_at_k(retrieved: Sequence[str], expected: Sequence[str], k: int = 10) -> float | None:
    """nDCG with binary relevance over the first k distinct retrieved documents."""
    if not expected:
        return None
    wanted = set(expected)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, d in enumerate(dedupe(retrieved)[:k], start=1) if d in wanted)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(wanted), k) + 1))
    return dcg / ideal


# -- answers and citations --------------------------------------------------------------------------
FACT_ALTERNATIVES = " || "  # "one complimentary resizing || resized once without charge": either wording


def alternatives(fact: str) -> list[str]:
    """The wordings of one fact: two house documents may state it in their own words."""
    return [a.strip().lower() for a in fact.split(FACT_ALTERNATIVES)]


def holds(text: str, fact: str) -> bool:
    lowered = text.lower()
    return any(a in lowered for a in alternatives(fact))


def missing_facts(answer: str, facts: Sequence[str]) -> list[str]:
    """The expected facts that do not occur (case-insensitively, in one of their wordings) in the answer."""
    return [f for f in facts if not holds(answer, f)]


def answer_correct(question: GoldenQuestion, answer: SystemAnswer) -> bool:
    return question.answerable and not answer.refused and not missing_facts(answer.text, question.facts)


def citation_is_precise(citation: CitedQuote, expected_doc_ids: Sequence[str], facts: Sequence[str]) -> bool:
    """From an expected document, and its quote holds at least one expected fact."""
    return citation.doc_id in expected_doc_ids and any(holds(citation.quote, f) for f in facts)


def names_identifier(text: str) -> bool:
    return any(p.search(text) for p in (SKU, STOCK_NUMBER, REPORT_NUMBER))


def score_question(question: GoldenQuestion, answer: SystemAnswer) -> QuestionScore:
    expected = question.expected_doc_ids
    counted = () if answer.refused else answer.citations
    correct = answer_correct(question, answer)
    return QuestionScore(
        question=question,
        recall_at_5=recall_at_k(answer.retrieved_doc_ids, expected, 5),
        reciprocal_rank=reciprocal_rank(answer.retrieved_doc_ids, expected),
        ndcg_at_10=ndcg_at_k(answer.retrieved_doc_ids, expected, 10),
        answer_correct=correct,
        correct=correct if question.answerable else answer.refused,
        refused=answer.refused,
        precise_citations=sum(citation_is_precise(c, expected + question.also_cited, question.facts) for c in counted),
        citations_counted=len(counted),
        missing_facts=tuple(missing_facts(answer.text, question.facts)),
        timings_ms=dict(answer.timings_ms),
        closest_holds=question.answerable and answer.refused and bool(answer.related)
        and not missing_facts("\n".join(answer.related), question.facts),
    )


# -- refusals ---------------------------------------------------------------------------------------
def refusal_precision_recall(scores: Sequence[QuestionScore]) -> tuple[float | None, float | None]:
    """Refusing is the positive class; the truth is "not answerable". None when undefined (0/0)."""
    refused = [s for s in scores if s.refused]
    unanswerable = [s for s in scores if not s.question.answerable]
    true_refusals = sum(1 for s in refused if not s.question.answerable)
    precision = true_refusals / len(refused) if refused else None
    recall = true_refusals / len(unanswerable) if unanswerable else None
    return precision, recall


def f1(precision: float | None, recall: float | None) -> float:
    p, r = precision or 0.0, recall or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


# -- latency ----------------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def stage_latency(timings: Iterable[Mapping[str, float]]) -> dict[str, dict[str, float | None]]:
    """p50 and p95 (ms) per stage, over the questions that went through that stage."""
    timings = list(timings)
    out: dict[str, dict[str, float | None]] = {}
    for stage in STAGES:
        values = [t[stage] for t in timings if stage in t]
        out[stage] = {"p50": percentile(values, 50), "p95": percentile(values, 95), "n": len(values)}
    return out


# -- aggregation ------------------------------------------------------------------------------------
def mean(values: Iterable[float | bool | None]) -> float | None:
    """Mean of the values that apply (None is skipped); None when none does."""
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def outcome_scores(scores: Sequence[QuestionScore]) -> dict[str, float | None]:
    """What an associate gets: answers, their precision, refusals, and the closest passages instead."""
    answerable = [s for s in scores if s.question.answerable]
    answered = [s for s in scores if not s.refused]
    not_answered = [s for s in answerable if s.refused]
    precision, recall = refusal_precision_recall(scores)
    counted = sum(s.citations_counted for s in scores)
    return {
        "answer_accuracy": mean(s.answer_correct for s in answerable),
        "citation_precision": sum(s.precise_citations for s in scores) / counted if counted else None,
        # Of the answers given, the share that is right: what a confident answer is worth.
        "confident_precision": mean(s.answer_correct for s in answered),
        "refusal_precision": precision,
        "refusal_recall": recall,
        # Of the answerable questions not answered, the share whose facts the closest passages hold.
        "closest_recall": mean(s.closest_holds for s in not_answered),
        # Of the answerable questions, the share answered right or with the facts in the closest passages.
        "answer_or_closest": mean(s.answer_correct or s.closest_holds for s in answerable),
    }


def by_class(scores: Sequence[QuestionScore]) -> dict[str, dict[str, float | int | None]]:
    """The outcome scores per question class (casual, typo, two_part ...)."""
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        groups.setdefault(s.question.kind, []).append(s)
    return {kind: {"n": len(group), **outcome_scores(group)} for kind, group in sorted(groups.items())}


def summarize(scores: Sequence[QuestionScore]) -> dict[str, object]:
    """Every aggregate of the report for one system."""
    answerable = [s for s in scores if s.question.answerable]
    precision, recall = refusal_precision_recall(scores)
    counted = sum(s.citations_counted for s in scores)
    exact = [s for s in scores if s.question.is_exact_identifier]
    outcomes = outcome_scores(scores)
    return {
        "questions": len(scores),
        "confident_precision": outcomes["confident_precision"],
        "closest_recall": outcomes["closest_recall"],
        "answer_or_closest": outcomes["answer_or_closest"],
        "by_class": by_class(scores),
        "recall_at_5": mean(s.recall_at_5 for s in scores),
        "mrr": mean(s.reciprocal_rank for s in scores),
        "ndcg_at_10": mean(s.ndcg_at_10 for s in scores),
        "answer_accuracy": mean(s.answer_correct for s in answerable),
        "citation_precision": sum(s.precise_citations for s in scores) / counted if counted else None,
        "citations": counted,
        "refusal_precision": precision,
        "refusal_recall": recall,
        "refusal_f1": f1(precision, recall),
        "exact_identifier_accuracy": mean(s.correct for s in exact),
        "exact_identifier_questions": len(exact),
        "latency_ms": stage_latency(s.timings_ms for s in scores),
        "by_category": accuracy_by_category(scores),
    }


def accuracy_by_category(scores: Sequence[QuestionScore]) -> dict[str, dict[str, float | int]]:
    """Per category: share of questions handled correctly (answered right, or refused when unanswerable)."""
    groups: dict[str, list[QuestionScore]] = {}
    for s in scores:
        groups.setdefault(s.question.category, []).append(s)
    out: dict[str, dict[str, float | int]] = {}
    for category, group in groups.items():
        correct = sum(s.correct for s in group)
        out[category] = {"n": len(group), "correct": correct, "accuracy": correct / len(group)}
    return out


def calibration_objective(answer_accuracy: float | None, refusal_f1: float) -> float:
    """What the refusal threshold is chosen to maximise: the mean of answer accuracy and refusal F1."""
    return ((answer_accuracy or 0.0) + refusal_f1) / 2


def choose_threshold(rows: Sequence[Mapping[str, Any]]) -> tuple[float, str]:
    """Rows of a sweep ({"threshold", "objective", ...}) -> the threshold with the highest objective,
    and how it was chosen. On a tie, the median of the tied thresholds: furthest from the plateau's edges."""
    if not rows:
        raise ValueError("no thresholds were tried")
    best = max(r["objective"] for r in rows)
    tied = sorted(r["threshold"] for r in rows if abs(r["objective"] - best) < 1e-9)
    chosen = tied[(len(tied) - 1) // 2]
    how = f"maximises (answer accuracy + refusal F1) / 2 = {best:.4f} on the golden set"
    if len(tied) > 1:
        how += f"; {len(tied)} thresholds tie ({', '.join(f'{t:.3f}' for t in tied)}), the median of them is taken"
    return chosen, how
