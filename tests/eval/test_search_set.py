"""The search question set: enough questions, both halves in the same mix, and every expected set equal to what
the script computes from the catalog files today (a changed catalog or a hand edit fails here)."""

from __future__ import annotations

import json
from collections import Counter

from eval.search.build_questions import HERE, QUESTIONS, emptying, expected, load_catalog

HALVES = {name: [json.loads(line) for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()] for name in ("dev", "test")}


def test_at_least_sixty_questions_split_in_two_halves_of_the_same_mix() -> None:
    dev, test = HALVES["dev"], HALVES["test"]
    assert len(dev) + len(test) == len(QUESTIONS) >= 60
    assert not {q["question"] for q in dev} & {q["question"] for q in test}
    mix_dev, mix_test = Counter(q["class"] for q in dev), Counter(q["class"] for q in test)
    assert set(mix_dev) == set(mix_test) and all(abs(mix_dev[c] - mix_test[c]) <= 2 for c in mix_dev)
    assert sum(not q["expected"] for q in test) >= 4  # questions that match nothing, in the test half too


def test_every_expected_set_is_what_the_catalog_gives_today() -> None:
    catalog = load_catalog()
    for q in HALVES["dev"] + HALVES["test"]:
        assert q["expected"] == expected(q["spec"], catalog), q["id"]
        assert q["emptying"] == (emptying(q["spec"], catalog) if not q["expected"] else []), q["id"]
