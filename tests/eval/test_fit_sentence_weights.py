"""The sentence-weight fitter learns how much word overlap should add to similarity."""

from __future__ import annotations

import random

import pytest

from copilot.ask.sentence_features import FEATURE_NAMES, SentenceFeatures, SentenceWeights
from eval.fit_sentence_weights import fit, top1

SIMILARITY_ONLY = SentenceWeights(**{name: 1.0 if name == "similarity" else 0.0 for name in FEATURE_NAMES})


def sentence(similarity: float, of_question: float) -> SentenceFeatures:
    neutral = {name: 0.0 for name in FEATURE_NAMES} | {"of_sentence": 0.2, "position": 0.5, "log_length": 2.5}
    return SentenceFeatures(**neutral | {"similarity": similarity, "of_question": of_question})


def questions(truth: float, seed: int = 7, n: int = 60) -> list[list[tuple[SentenceFeatures, bool]]]:
    """Four sentences per question; the one holding the fact maximises similarity + truth * overlap."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        cands = [sentence(rng.uniform(0.4, 0.8), rng.uniform(0.0, 0.8)) for _ in range(4)]
        best = max(cands, key=lambda f: f.similarity + truth * f.of_question)
        out.append([(f, f is best) for f in cands])
    return out


def test_fit_recovers_the_weight_of_word_overlap() -> None:
    data = questions(truth=1.0)
    assert top1(data, SIMILARITY_ONLY) < 0.6
    fitted = fit(data, c=100.0)
    assert fitted.similarity == 1.0 and 0.6 < fitted.of_question < 1.6
    assert top1(data, fitted) >= 0.95
    assert top1(questions(truth=1.0, seed=8), fitted) >= 0.9  # and on questions it never saw


def test_fit_refuses_data_where_similarity_points_the_wrong_way() -> None:
    data = [[(sentence(0.5, 0.2), True), (sentence(0.7, 0.2), False)] for _ in range(10)]
    with pytest.raises(ValueError, match="similarity no positive weight"):
        fit(data, c=1.0)
