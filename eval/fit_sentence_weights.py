"""Fit the weights of the extractive composer's sentence score (`SentenceWeights` in
copilot/ask/composer.py) on the golden set and the dev half of the associate set, and check them on
the held-out set. The associate set's test half is never used here: it only judges what is kept.

For every answerable question answered from the manuals (no record named), the candidates are the
sentences of the retrieved manual passages, and the positives are those holding an expected fact. A
pairwise logistic regression (positive minus negative features, no intercept) learns which sentence
should win; its weights are scaled so that similarity weighs 1. The report gives, on both sets, how
often the top-scored sentence holds a fact (top-1) with the fitted weights and with the ones in use.

    .venv/bin/python -m eval.fit_sentence_weights [--data-dir DIR] [--c 1.0]

Needs the sample corpus ingested (README.md). scikit-learn comes with sentence-transformers.
"""

from __future__ import annotations

import argparse
import uuid
from dataclasses import astuple, fields
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from copilot.ask.composer import ExtractiveComposer
from copilot.ask.sentence_features import FEATURE_NAMES, SentenceFeatures, SentenceWeights
from copilot.ask.factory import build_copilot
from copilot.ask.pipeline import Copilot
from copilot.core.settings import Settings
from eval.metrics import GoldenQuestion, holds
from eval.run_eval import load_golden

GOLDEN = Path("eval/golden/questions.jsonl")
ASSOCIATE_DEV = Path("eval/associate/dev.jsonl")
HELDOUT = Path("eval/golden/heldout.jsonl")

Candidates = list[tuple[SentenceFeatures, bool]]  # one question's sentences, and whether each holds a fact


def candidates(copilot: Copilot, composer: ExtractiveComposer, golden: list[GoldenQuestion]) -> list[Candidates]:
    """Per manual question with at least one sentence holding a fact: its candidate sentences."""
    out: list[Candidates] = []
    for q in golden:
        if not q.answerable:
            continue
        conversation = uuid.uuid4().hex
        for earlier in q.history:
            copilot.ask(earlier, conversation_id=conversation)
        retrieval = copilot.retrieval_for(q.question, conversation)
        if retrieval is None or any(p.exact for p in retrieval.passages):
            continue  # records are answered field by field, not by sentence scores
        rows = [
            (features, any(holds(text, fact) for fact in q.facts))  # either wording of an "a || b" fact
            for text, _, features in composer.sentence_candidates(retrieval)
        ]
        if any(holds for _, holds in rows):
            out.append(rows)
    return out


def fit(train: list[Candidates], c: float) -> SentenceWeights:
    x: list[np.ndarray] = []
    y: list[int] = []
    for rows in train:
        positives = [np.array(astuple(f)) for f, holds in rows if holds]
        negatives = [np.array(astuple(f)) for f, holds in rows if not holds]
        for pos in positives:
            for neg in negatives:
                x += [pos - neg, neg - pos]
                y += [1, 0]
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=5000).fit(np.array(x), np.array(y))
    coef = model.coef_[0]
    scale = coef[FEATURE_NAMES.index("similarity")]
    if scale <= 0:
        raise ValueError("the fit gives similarity no positive weight: too few or inconsistent questions to fit")
    return SentenceWeights(**{name: round(float(w / scale), 2) for name, w in zip(FEATURE_NAMES, coef, strict=True)})


def top1(data: list[Candidates], weights: SentenceWeights) -> float:
    return sum(max(rows, key=lambda r: weights.score(r[0]))[1] for rows in data) / max(len(data), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    copilot = build_copilot(settings)
    composer = copilot.composer
    if not isinstance(composer, ExtractiveComposer):
        raise SystemExit("the configured composer is not the extractive one: nothing to fit")
    golden = candidates(copilot, composer, load_golden(GOLDEN))
    dev = candidates(copilot, composer, load_golden(ASSOCIATE_DEV))
    held_out = candidates(copilot, composer, load_golden(HELDOUT))
    fitted = fit(golden + dev, args.c)
    in_use = composer.weights
    print(f"questions: golden {len(golden)}, associate dev {len(dev)}, held-out {len(held_out)} (answered from the manuals)")
    print(f"{'weights':<10} {'golden top-1':>13} {'dev top-1':>10} {'held-out top-1':>15}")
    for label, w in (("in use", in_use), ("fitted", fitted)):
        print(f"{label:<10} {top1(golden, w):>13.3f} {top1(dev, w):>10.3f} {top1(held_out, w):>15.3f}")
    print("fitted: " + ", ".join(f"{f.name}={getattr(fitted, f.name)}" for f in fields(fitted)))


if __name__ == "__main__":
    main()
