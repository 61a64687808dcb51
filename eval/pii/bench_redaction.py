"""Redaction speed per question (`python -m eval.pii.bench_redaction`): the redactor as the service
builds it, against spaCy's NER alone on the same sentences in the same run (the floor any redactor
that uses the model pays), interleaved so that load from other jobs hits both alike; on the PII splits'
sentences and on the answer-quality sets' questions (eval/associate, eval/golden)."""

from __future__ import annotations

import argparse
import os
import statistics
import time

from eval.pii.annotated import SPLITS, load_split
from eval.pii.eval_questions import question_turns
from eval.pii.measure import service_redactor
from guardrails.redaction import build_analyzer

GOAL_P95_MS = 10.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over each set of texts")
    args = parser.parse_args()

    analyzer = build_analyzer()
    redactor = service_redactor(analyzer)
    sets = {
        "PII splits": [s.text for name in sorted(SPLITS) for s in load_split(SPLITS[name])],
        "eval questions": [text for _, text in question_turns()],
    }
    for text in sets["PII splits"][:30]:  # warm-up: regex compilation, spaCy caches, the gazetteer
        redactor.find(text)
        analyzer.nlp_engine.process_text(text, "en")
    print(f"{args.rounds} rounds, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for name, texts in sets.items():
        redact_ms: list[float] = []
        floor_ms: list[float] = []
        for _ in range(args.rounds):
            for text in texts:
                t0 = time.perf_counter()
                analyzer.nlp_engine.process_text(text, "en")
                t1 = time.perf_counter()
                redactor.find(text)
                t2 = time.perf_counter()
                floor_ms.append((t1 - t0) * 1000)
                redact_ms.append((t2 - t1) * 1000)
        p50, p95 = statistics.median(redact_ms), percentile(redact_ms, 0.95)
        f50, f95 = statistics.median(floor_ms), percentile(floor_ms, 0.95)
        print(f"{name} ({len(texts)} texts)")
        print(f"  redaction   p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   (goal p95 < {GOAL_P95_MS:.0f} ms on an idle machine)")
        print(f"  spaCy NER   p50 {f50:6.2f} ms   p95 {f95:6.2f} ms")
        print(f"  ratio       p50 {p50 / f50:6.2f}x     p95 {p95 / f95:6.2f}x   (redaction / NER alone)")


if __name__ == "__main__":
    main()
