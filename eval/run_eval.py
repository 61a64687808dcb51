"""Run the golden set through the copilot and the naive baseline, score both, and write
eval_report.json / eval_report.md; optionally sweep the refusal threshold to calibrate it.

Each golden question gets a fresh conversation: its `history` questions are asked first with the
same conversation id, and only the last turn is scored (answer, citations, retrieval, timings).
"""

from __future__ import annotations

import json
import platform
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from copilot.core.errors import InputError
from copilot.core.settings import Settings
from copilot.core.types import AskResult, Filters
from eval.metrics import (
    STAGES,
    CitedQuote,
    GoldenQuestion,
    QuestionScore,
    SystemAnswer,
    calibration_objective,
    choose_threshold,
    dedupe,
    f1,
    mean,
    refusal_precision_recall,
    score_question,
    summarize,
)

if TYPE_CHECKING:
    from rich.console import Console

    from copilot.ask.pipeline import Copilot

SYSTEMS = ("copilot", "baseline")
DEFAULT_THRESHOLDS = tuple(round(0.30 + 0.025 * i, 3) for i in range(13))  # 0.30 .. 0.60


class QuestionAnswerer(Protocol):
    """`Copilot` and `NaiveBaseline` both."""

    def ask(self, question: str, conversation_id: str | None = None, filters: Filters | None = None) -> AskResult: ...


class EvalProgress(Protocol):
    """What the CLI draws while questions run; `None` runs silently."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self) -> None: ...


@dataclass
class Pass:
    """One system's run over the golden set."""

    scores: list[QuestionScore]
    results: list[AskResult]


def load_golden(path: Path) -> list[GoldenQuestion]:
    if not path.exists():
        raise InputError(f"no golden set at {path}: build it with `python eval/golden/build_golden.py`")
    questions: list[GoldenQuestion] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            questions.append(
                GoldenQuestion(
                    id=row["id"],
                    category=row["category"],
                    question=row["question"],
                    expected_doc_ids=tuple(row["expected_doc_ids"]),
                    facts=tuple(row["facts"]),
                    answerable=bool(row["answerable"]),
                    history=tuple(row.get("history", [])),
                    also_cited=tuple(row.get("also_cited", [])),
                    question_class=row.get("class", ""),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path} line {n}: not a golden question ({exc!r})") from exc
    if not questions:
        raise InputError(f"{path} holds no questions")
    return questions


def answer_of(result: AskResult) -> SystemAnswer:
    return SystemAnswer(
        text=result.display_answer or result.answer,  # what the associate reads
        refused=result.refused,
        citations=tuple(CitedQuote(c.doc_id, c.quote) for c in result.citations),
        retrieved_doc_ids=tuple(p.doc_id for p in result.passages),
        timings_ms=dict(result.timings_ms),
        related=tuple(f"{r.quote}\n{r.passage}" for r in result.related),
    )


def run_questions(
    asker: QuestionAnswerer, questions: Sequence[GoldenQuestion], progress: EvalProgress | None = None
) -> Pass:
    scores: list[QuestionScore] = []
    results: list[AskResult] = []
    for q in questions:
        conversation_id = uuid.uuid4().hex
        for earlier in q.history:
            asker.ask(earlier, conversation_id)
        result = asker.ask(q.question, conversation_id)
        results.append(result)
        scores.append(score_question(q, answer_of(result)))
        if progress:
            progress.advance()
    return Pass(scores, results)


def sweep_thresholds(
    copilot: Copilot,
    questions: Sequence[GoldenQuestion],
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    progress: EvalProgress | None = None,
) -> dict[str, Any]:
    """Re-run the copilot with each evidence threshold (the model stays loaded) and pick the best.

    Only the composer's `min_similarity` changes between passes; it is restored afterwards.
    """
    composer = copilot._composer  # the ExtractiveComposer build_copilot made; no public setter exists
    original = composer.thresholds
    rows: list[dict[str, Any]] = []
    try:
        for t in thresholds:
            composer.thresholds = replace(original, min_similarity=t)
            if progress:
                progress.start(f"sweep {t:.3f}", len(questions))
            scores = run_questions(copilot, questions, progress).scores
            precision, recall = refusal_precision_recall(scores)
            accuracy = mean(s.answer_correct for s in scores if s.question.answerable)
            refusal_f1 = f1(precision, recall)
            rows.append(
                {
                    "threshold": t,
                    "answer_accuracy": accuracy,
                    "refusal_precision": precision,
                    "refusal_recall": recall,
                    "refusal_f1": refusal_f1,
                    "objective": calibration_objective(accuracy, refusal_f1),
                }
            )
    finally:
        composer.thresholds = original
    chosen, how = choose_threshold(rows)
    return {"current": original.min_similarity, "rows": rows, "chosen": chosen, "how": how}


def run_eval(
    settings: Settings,
    golden_path: Path,
    out_dir: Path | None = None,
    sweep: bool = False,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    progress: EvalProgress | None = None,
) -> dict[str, Any]:
    """Score copilot and baseline on the golden set; write the reports into out_dir (default: data_dir/reports)."""
    from copilot.ask.factory import build_copilot
    from eval.baseline import NaiveBaseline
    from ingestion.embedder import Embedder

    questions = load_golden(golden_path)
    if not settings.index_db.exists():
        raise InputError(f"no index in {settings.data_dir}: run `copilot ingest data/sample` first")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="copilot-eval-") as scratch:
        # Client-facing questions put drafts in the approval queue: the eval's go to a scratch queue,
        # never to the one managers work from.
        scratch_queue = f"sqlite:///{Path(scratch) / 'approvals.sqlite'}"
        embedder = Embedder(settings.embedding_model_path, settings.embed_batch_size)  # one load for both systems
        copilot = build_copilot(settings.model_copy(update={"approvals_url": scratch_queue}), embedder=embedder)
        baseline = NaiveBaseline(settings, embedder)
        embedder.embed_query("warm-up")  # the first encode pays one-off costs that would skew p95

        passes: dict[str, Pass] = {}
        for name, asker in (("copilot", copilot), ("baseline", baseline)):
            if progress:
                progress.start(name, len(questions))
            passes[name] = run_questions(asker, questions, progress)
        swept = sweep_thresholds(copilot, questions, thresholds, progress) if sweep else None

    report: dict[str, Any] = {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "golden": str(golden_path),
        "questions": len(questions),
        "answerable": sum(q.answerable for q in questions),
        "unanswerable": sum(not q.answerable for q in questions),
        "settings": {
            "data_dir": str(settings.data_dir),
            "collection": settings.collection,
            "embedding_model": str(embedder.model_path),
            "top_k": settings.top_k,
            "min_similarity": settings.min_similarity,
            # The composer scored: "extractive", or the chat model that answered (COPILOT_LLM_*).
            "composer": "extractive" if settings.llm_provider == "none" else f"{settings.llm_provider}: {settings.llm_model}",
            "baseline_k": baseline.k,
        },
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "systems": {name: summarize(p.scores) for name, p in passes.items()},
        "sweep": swept,
        "rows": {name: [_row(s, r) for s, r in zip(p.scores, p.results, strict=True)] for name, p in passes.items()},
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["files"] = [str(p) for p in save_report(report, out_dir or settings.reports_dir)]
    return report


def _row(score: QuestionScore, result: AskResult) -> dict[str, Any]:
    q = score.question
    return {
        "id": q.id,
        "category": q.category,
        "question": q.question,
        "history": list(q.history),
        "answerable": q.answerable,
        "expected_doc_ids": list(q.expected_doc_ids),
        "facts": list(q.facts),
        "answer": result.display_answer or result.answer,
        "refused": result.refused,
        "requires_approval": result.requires_approval,
        "refusal_reason": result.refusal_reason,
        "related": [{"n": r.n, "doc_id": r.doc_id, "quote": r.quote} for r in result.related],
        "class": q.kind,
        "citations": [{"n": c.n, "doc_id": c.doc_id, "quote": c.quote} for c in result.citations],
        "retrieved_doc_ids": dedupe(p.doc_id for p in result.passages),
        "recall_at_5": score.recall_at_5,
        "reciprocal_rank": score.reciprocal_rank,
        "ndcg_at_10": score.ndcg_at_10,
        "correct": score.correct,
        "precise_citations": score.precise_citations,
        "citations_counted": score.citations_counted,
        "failures": score.failures,
        "timings_ms": dict(score.timings_ms),
    }


# -- report -----------------------------------------------------------------------------------------
METRICS: tuple[tuple[str, str], ...] = (
    ("recall_at_5", "Recall@5"),
    ("mrr", "MRR"),
    ("ndcg_at_10", "nDCG@10"),
    ("answer_accuracy", "Answer accuracy"),
    ("citation_precision", "Citation precision"),
    ("refusal_precision", "Refusal precision"),
    ("refusal_recall", "Refusal recall"),
    ("confident_precision", "Confident-answer precision"),
    ("closest_recall", "Closest-passages recall"),
    ("answer_or_closest", "Answer or closest passage"),
    ("exact_identifier_accuracy", "Exact-identifier accuracy"),
)
# Per question class: the outcome scores of `eval.metrics.outcome_scores`.
CLASS_METRICS: tuple[tuple[str, str], ...] = (
    ("answer_accuracy", "accuracy"),
    ("citation_precision", "citation P"),
    ("confident_precision", "confident P"),
    ("refusal_precision", "refusal P"),
    ("refusal_recall", "refusal R"),
    ("closest_recall", "closest R"),
    ("answer_or_closest", "answer or closest"),
)


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def report_stem(golden: str) -> str:
    """eval_report for the golden set, eval_report_heldout for heldout.jsonl: runs on different
    question sets never overwrite each other."""
    stem = Path(golden).stem
    return "eval_report" if stem == "questions" else f"eval_report_{stem}"


def save_report(report: dict[str, Any], out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = report_stem(report["golden"])
    json_path, md_path = out_dir / f"{stem}.json", out_dir / f"{stem}.md"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(to_markdown(report), encoding="utf-8")
    return json_path, md_path


def to_markdown(report: dict[str, Any]) -> str:
    copilot, baseline = report["systems"]["copilot"], report["systems"]["baseline"]
    out = [
        "# Golden-set evaluation: copilot vs naive baseline",
        "",
        f"{report['questions']} questions ({report['answerable']} answerable, {report['unanswerable']} unanswerable) "
        f"from `{report['golden']}`, {report['generated_at']}. Copilot: {report['settings']['composer']} composer, `min_similarity` "
        f"{report['settings']['min_similarity']}, top_k {report['settings']['top_k']}. Baseline: LangChain `Chroma."
        f"similarity_search(k={report['settings']['baseline_k']})` over the same collection, top chunk as the answer, "
        "never refuses.",
        "",
        "| metric | copilot | baseline |",
        "|---|---:|---:|",
    ]
    out += [f"| {label} | {fmt(copilot[key])} | {fmt(baseline[key])} |" for key, label in METRICS]
    for stage in STAGES:
        for p in ("p50", "p95"):
            c, b = copilot["latency_ms"][stage][p], baseline["latency_ms"][stage][p]
            out.append(f"| {stage} {p} (ms) | {fmt(c, 1)} | {fmt(b, 1)} |")
    out += [
        "",
        "Definitions: retrieval metrics on distinct doc ids in rank order, over questions with expected documents "
        "(the baseline retrieves 5 passages, the copilot top_k); answer accuracy over answerable questions "
        "(not refused, "
        "every fact in the answer, case-insensitive); citation precision over all citations of answered questions "
        "(expected or also-cited doc, and the quote holds a fact); refusal metrics with refused = positive, unanswerable = truth; "
        f"exact-identifier accuracy over {copilot['exact_identifier_questions']} questions (spec-sku, spec-name, "
        "certificate, loose, and unanswerable ones naming a code): answered correctly, or refused when unanswerable. "
        "Latency: p50/p95 of the scored turn; compose/verify only for questions that reached them; "
        "the machine may be shared.",
        "",
        "## Accuracy per category",
        "",
        "Share handled correctly: answered with every fact, or refused for `unanswerable`.",
        "",
        "| category | n | copilot | baseline |",
        "|---|---:|---:|---:|",
    ]
    for category, c in sorted(copilot["by_category"].items(), key=lambda kv: kv[1]["accuracy"]):
        b = baseline["by_category"][category]
        out.append(f"| {category} | {c['n']} | {fmt(c['accuracy'])} | {fmt(b['accuracy'])} |")
    out += [
        "",
        "## Outcomes per question class (copilot)",
        "",
        "| class | n | " + " | ".join(label for _, label in CLASS_METRICS) + " |",
        "|---|---:|" + "---:|" * len(CLASS_METRICS),
    ]
    for kind, c in copilot["by_class"].items():
        out.append(f"| {kind} | {c['n']} | " + " | ".join(fmt(c[key]) for key, _ in CLASS_METRICS) + " |")
    if report["sweep"]:
        sweep = report["sweep"]
        out += [
            "",
            "## Refusal threshold sweep (copilot)",
            "",
            f"Current `min_similarity`: {sweep['current']}. **Chosen: {sweep['chosen']:.3f}**, {sweep['how']}. "
            "Calibrated and scored on the same golden set, so the figure at the chosen value is optimistic.",
            "",
            "| threshold | answer accuracy | refusal precision | refusal recall | refusal F1 | objective |",
            "|---:|---:|---:|---:|---:|---:|",
        ]
        out += [
            f"| {r['threshold']:.3f} | {fmt(r['answer_accuracy'])} | {fmt(r['refusal_precision'])} | "
            f"{fmt(r['refusal_recall'])} | {fmt(r['refusal_f1'])} | {fmt(r['objective'])} |"
            for r in sweep["rows"]
        ]
    misses = [r for r in report["rows"]["copilot"] if not r["correct"]]
    out += ["", f"## Copilot misses ({len(misses)})", ""]
    for r in misses:
        out += [
            f"- **{r['id']}** {r['question']}" + (f" (after: {' / '.join(r['history'])})" if r["history"] else ""),
            f"  - expected: {', '.join(r['expected_doc_ids']) or 'a refusal'}; "
            f"facts: {', '.join(repr(f) for f in r['facts']) or '-'}",
            f"  - {'refused' if r['refused'] else 'answered'}: {_one_line(r['answer'])}",
            f"  - failed: {'; '.join(r['failures'])}",
        ]
    out += ["", f"Run took {report['seconds']} s. Per-question rows of both systems: `{report_stem(report['golden'])}.json`.", ""]
    return "\n".join(out)


def _one_line(text: str, limit: int = 300) -> str:
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# -- terminal ---------------------------------------------------------------------------------------
class RichEvalProgress:
    """A progress bar per pass (copilot, baseline, each threshold of the sweep)."""

    def __init__(self, console: Console) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._bar = Progress(
            TextColumn("{task.description:>14}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
        )
        self._task: Any = None

    def __enter__(self) -> RichEvalProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, label: str, total: int) -> None:
        self._task = self._bar.add_task(label, total=total)

    def advance(self) -> None:
        self._bar.advance(self._task)


def render_report(report: dict[str, Any], out: Console) -> None:
    """Copilot vs baseline on every metric, accuracy per category, the sweep, and where the files are."""
    from rich.table import Table

    systems = report["systems"]
    table = Table(title=f"{Path(report['golden']).name}: {report['questions']} questions ({report['unanswerable']} unanswerable)")
    table.add_column("metric")
    table.add_column("copilot", justify="right")
    table.add_column("baseline", justify="right")
    for key, label in METRICS:
        table.add_row(label, fmt(systems["copilot"][key]), fmt(systems["baseline"][key]))
    for stage in STAGES:
        for p in ("p50", "p95"):
            c, b = (systems[name]["latency_ms"][stage][p] for name in SYSTEMS)
            if c is not None or b is not None:
                table.add_row(f"{stage} {p} (ms)", fmt(c, 1), fmt(b, 1))
    out.print(table)

    categories = Table(title="Accuracy per category (unanswerable: share refused)")
    categories.add_column("category")
    categories.add_column("n", justify="right")
    categories.add_column("copilot", justify="right")
    categories.add_column("baseline", justify="right")
    for category, c in sorted(systems["copilot"]["by_category"].items(), key=lambda kv: kv[1]["accuracy"]):
        b = systems["baseline"]["by_category"][category]
        categories.add_row(category, str(c["n"]), fmt(c["accuracy"]), fmt(b["accuracy"]))
    out.print(categories)

    classes = Table(title="Outcomes per question class (copilot)")
    classes.add_column("class")
    classes.add_column("n", justify="right")
    for _, label in CLASS_METRICS:
        classes.add_column(label, justify="right")
    for kind, c in systems["copilot"]["by_class"].items():
        classes.add_row(kind, str(c["n"]), *(fmt(c[key]) for key, _ in CLASS_METRICS))
    out.print(classes)

    if report["sweep"]:
        sweep = report["sweep"]
        rows = Table(title=f"Refusal threshold sweep (current min_similarity {sweep['current']})")
        for column in ("threshold", "answer acc.", "refusal P", "refusal R", "refusal F1", "objective"):
            rows.add_column(column, justify="right")
        for r in sweep["rows"]:
            style = "bold green" if r["threshold"] == sweep["chosen"] else None
            rows.add_row(
                f"{r['threshold']:.3f}", fmt(r["answer_accuracy"]), fmt(r["refusal_precision"]),
                fmt(r["refusal_recall"]), fmt(r["refusal_f1"]), fmt(r["objective"]), style=style,
            )
        out.print(rows)
        out.print(
            f"Chosen min_similarity: [bold]{sweep['chosen']:.3f}[/bold] ({sweep['how']}); "
            "set COPILOT_MIN_SIMILARITY or Settings.min_similarity to use it."
        )
    out.print(f"Reports: {', '.join(report['files'])} ({report['seconds']} s)", soft_wrap=True)
