#!/usr/bin/env python3
"""Build the held-out question set of the associate copilot: eval/golden/heldout.jsonl.

    python eval/golden/build_heldout.py            # build, verify, write
    python eval/golden/build_heldout.py --check    # build and verify, compare with the file on disk

The questions are hand-written in eval/golden/heldout_questions.json, without looking at the
answer composer or at the golden questions it was tuned on; they check that the tuning generalises.
Standard library only, deterministic. The checks are those of build_golden.py (imported, not
copied): facts against the chunks of .copilot/index.sqlite (or the local rendering when the index
is missing or incomplete), unanswerable identifiers and absent strings nowhere in the corpus, no
planted imperfection, shape. Only the category minimums are relaxed. One check is added: no
held-out question repeats a question of the golden set (questions.jsonl). Exit code 1 and every
problem listed if anything fails.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_golden as bg  # noqa: E402

SOURCE = bg.HERE / "heldout_questions.json"
OUT = bg.HERE / "heldout.jsonl"
PREFIX = "heldout-"

MANUAL_CATEGORIES = ("aftercare", "warranty", "resizing", "returns", "engraving", "appointments", "repairs",
                     "appraisals", "turnaround", "soft-stones", "tone")
# Every category of the golden set is known; the data-driven ones are not asked here.
MINIMUMS = {c: 0 for c in bg.CATEGORY_MINIMUMS} | {c: 4 for c in MANUAL_CATEGORIES} | {
    "two-docs": 8,
    "unanswerable": 12,
}
TOTAL_MINIMUM = 80


def normalise(question: str) -> str:
    return re.sub(r"[\s?.!]+", " ", question.lower()).strip()


def overlap(items: list[dict]) -> list[str]:
    """Held-out questions that repeat (up to case, spaces and final punctuation) a golden question."""
    if not bg.OUT.exists():
        return [f"{bg.OUT.relative_to(bg.ROOT)} is missing: cannot check that the held-out set is disjoint"]
    golden = set()
    for line in bg.OUT.read_text(encoding="utf-8").splitlines():
        if line.strip():
            golden.add(normalise(json.loads(line)["question"]))
    return [f"{it['id']} ({it['question']!r}): also in {bg.OUT.name}" for it in items
            if normalise(it["question"]) in golden]


def build(index: Path | None = bg.INDEX) -> tuple[list[dict], list[str], str, list[str]]:
    pieces, loose, certs = bg.load_corpus()
    notes: list[str] = []
    texts, source = bg.doc_texts(pieces, loose, certs, index, notes)
    blob = bg.corpus_blob(texts)
    g = bg.Golden()
    bg.manual_questions(g, SOURCE)
    items = bg.number(g.items, PREFIX)
    errors = bg.verify(items, texts, blob, certs, minimums=MINIMUMS, group_minimum=0, total_minimum=TOTAL_MINIMUM)
    errors += overlap(items)
    return [{k: it[k] for k in bg.FIELDS if k in it} for it in items], errors, source, notes


def main() -> int:
    return bg.cli(build, OUT, "held-out set", "build_heldout.py", every_category=False)


if __name__ == "__main__":
    sys.exit(main())
