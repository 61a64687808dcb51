"""Check the associate question set (dev.jsonl and test.jsonl) against an ingested index.

    python -m eval.associate.verify --data-dir DIR

DIR is the data directory of an ingest (`copilot ingest data/sample --data-dir DIR`); its
`index.sqlite` is opened read-only. Standard library and sqlite3 only. Prints every problem and
exits with status 1 if there is any, else prints a summary and exits 0.

This script reads both halves to check them. It prints counts and problems only: a problem in the
test half names the question by id, never by its text, so running it does not show the test half.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import sys

from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
HALF_NAMES = ("dev", "test")

KEYS = ["id", "category", "class", "question", "expected_doc_ids", "facts", "answerable", "history"]
CLASSES = [
    "casual",
    "other_words",
    "typo",
    "scenario",
    "two_part",
    "record_field",
    "piece_and_rule",
    "unanswerable_near",
    "refuse_always",
    "conversation",
]
UNANSWERABLE_CLASSES = {"unanswerable_near", "refuse_always"}
CATEGORIES = {
    "spec-sku", "spec-name", "certificate", "loose", "aftercare", "warranty", "resizing", "returns",
    "engraving", "appointments", "repairs", "appraisals", "turnaround", "soft-stones", "tone",
    "two-docs", "conversation", "unanswerable",
}
MANUAL_DOCS = {"policy:client_service_policy", "aftercare:aftercare_guide", "tone_guide:brand_tone_guide"}
MIN_PER_CLASS = 14  # both halves together
MIN_TOTAL = 160

# Planted catalog imperfections (data/README.md): never used by this set.
PLANTED = {
    "AUR-ER-3107", "AUR-RG-3010", "AUR-RG-3170",  # misspelled metals
    "AUR-NK-1190", "3418090485", "AUR-RG-1288", "3389430309",  # missing certificate files
    "AUR-RG-1171", "1976508783",  # clarity disagreement
    "AUR-BR-2201", "AUR-ER-5030", "AUR-NK-5221", "AUR-NK-7166",  # empty descriptions
    "AUR-PD-3162",  # price outlier
}

SKU = re.compile(r"\bAUR-(?:RG|ER|PD|NK|BR)-\d{4}\b")
STOCK = re.compile(r"\bAUR-LD-\d{5}\b")
REPORT = re.compile(r"(?<!\d)\d{10}(?!\d)")


def load_chunks(data_dir: Path) -> dict[str, list[str]]:
    db = data_dir / "index.sqlite"
    if not db.is_file():
        raise SystemExit(f"no index at {db}: run `copilot ingest data/sample --data-dir {data_dir}` first")
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        pending = con.execute("SELECT count(*) FROM files WHERE state != 'done'").fetchone()[0]
        if pending:
            raise SystemExit(f"{db}: {pending} file(s) still pending; let the ingest finish")
        chunks: dict[str, list[str]] = defaultdict(list)
        for doc_id, text in con.execute("SELECT doc_id, text FROM chunks"):
            chunks[doc_id].append(text)
    finally:
        con.close()
    if not chunks:
        raise SystemExit(f"{db}: no chunks")
    return chunks


def load_half(path: Path, problems: list[str]) -> list[dict]:
    rows = []
    if not path.is_file():
        problems.append(f"{path.name}: missing")
        return rows
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            problems.append(f"{path.name}:{n}: blank line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name}:{n}: not JSON ({exc})")
            continue
        if list(row) != KEYS:
            problems.append(f"{path.name}:{n}: keys {list(row)} != {KEYS}")
        rows.append(row)
    return rows


def identifiers(text: str) -> set[str]:
    return set(SKU.findall(text)) | set(STOCK.findall(text)) | set(REPORT.findall(text))


def doc_identifier(doc_id: str) -> str:
    return doc_id.split(":", 1)[1]


def in_doc(chunks: dict[str, list[str]], doc_id: str, text: str) -> bool:
    needle = text.lower()
    return any(needle in chunk.lower() for chunk in chunks.get(doc_id, ()))


def check_row(half: str, row: dict, chunks: dict[str, list[str]], problems: list[str]) -> None:
    qid = row.get("id", "?")
    where = f"{half} {qid}"
    if not re.fullmatch(rf"assoc-{half}-\d{{3}}", str(qid)):
        problems.append(f"{where}: id should look like assoc-{half}-001")
    cls, cat = row.get("class"), row.get("category")
    if cls not in CLASSES:
        problems.append(f"{where}: unknown class {cls!r}")
    if cat not in CATEGORIES:
        problems.append(f"{where}: unknown category {cat!r}")
    question = row.get("question")
    if not isinstance(question, str) or len(question.strip()) < 8:
        problems.append(f"{where}: question missing or too short")
        question = ""
    history = row.get("history")
    if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
        problems.append(f"{where}: history must be a list of non-empty strings")
        history = []
    if cls == "conversation":
        if not history:
            problems.append(f"{where}: a conversation needs a history")
        if cat != "conversation":
            problems.append(f"{where}: class conversation should have category conversation")
    elif history:
        problems.append(f"{where}: only conversation questions have a history")

    asked = " ".join([question, *history])
    for ident in identifiers(asked):
        if ident in PLANTED:
            problems.append(f"{where}: uses planted imperfection {ident}")

    facts, docs, answerable = row.get("facts"), row.get("expected_doc_ids"), row.get("answerable")
    if not isinstance(facts, list) or not isinstance(docs, list) or not isinstance(answerable, bool):
        problems.append(f"{where}: facts/expected_doc_ids must be lists and answerable a bool")
        return

    if cls in UNANSWERABLE_CLASSES:
        if answerable is not False:
            problems.append(f"{where}: class {cls} must be answerable=false")
        if cat != "unanswerable":
            problems.append(f"{where}: class {cls} should have category unanswerable")
    if not answerable:
        if cls not in UNANSWERABLE_CLASSES:
            problems.append(f"{where}: answerable=false outside the unanswerable classes")
        if facts:
            problems.append(f"{where}: unanswerable question with facts")
        if docs:
            problems.append(f"{where}: unanswerable question with expected documents")
        return

    if not docs:
        problems.append(f"{where}: answerable question without expected documents")
    if not 1 <= len(facts) <= 3:
        problems.append(f"{where}: {len(facts)} facts (want 1 to 3)")
    if cls == "two_part" and len(facts) != 2:
        problems.append(f"{where}: a two_part question has exactly 2 facts")
    if len(set(docs)) != len(docs):
        problems.append(f"{where}: duplicate expected documents")
    for doc in docs:
        if doc not in chunks:
            problems.append(f"{where}: expected document {doc} is not in the index")
    for ident in identifiers(asked):
        kinds = [f"product:{ident}", f"loose:{ident}", f"certificate:{ident}"]
        if not any(k in chunks for k in kinds):
            problems.append(f"{where}: identifier {ident} named in the question is not in the corpus")

    held = Counter()
    for fact in facts:
        if not isinstance(fact, str):
            problems.append(f"{where}: fact {fact!r} is not a string")
            continue
        for wording in fact.split(" || "):
            if len(wording.strip()) < 4:
                problems.append(f"{where}: fact wording {wording!r} shorter than 4 characters")
            hits = [d for d in docs if in_doc(chunks, d, wording)]
            if not hits:
                problems.append(f"{where}: fact wording {wording!r} is in no chunk of {docs}")
            held.update(hits)
    for doc in docs:
        if not held[doc] and doc_identifier(doc) not in asked:
            problems.append(f"{where}: expected document {doc} holds no fact and is not named in the question")


def overlaps(a: str, b: str) -> bool:
    a, b = a.lower().strip(), b.lower().strip()
    return a in b or b in a


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, type=Path, help="data directory of an ingest (holds index.sqlite)")
    parser.add_argument("--set-dir", type=Path, default=HERE, help="folder holding dev.jsonl and test.jsonl (default: this one)")
    args = parser.parse_args(argv)

    chunks = load_chunks(args.data_dir)
    problems: list[str] = []
    halves = {half: load_half(args.set_dir / f"{half}.jsonl", problems) for half in HALF_NAMES}

    for half, rows in halves.items():
        for row in rows:
            check_row(half, row, chunks, problems)

    # Unique ids and questions across the whole set.
    ids = Counter(r.get("id") for rows in halves.values() for r in rows)
    problems += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    seen: dict[str, str] = {}
    for half, rows in halves.items():
        for r in rows:
            key = re.sub(r"\W+", " ", " ".join([*r.get("history", []), str(r.get("question", ""))]).lower()).strip()
            if key in seen:
                problems.append(f"{half} {r.get('id')}: same question as {seen[key]}")
            seen[key] = f"{half} {r.get('id')}"

    # Balance: every class has the same count in both halves, and enough questions overall.
    counts = {half: Counter(r.get("class") for r in rows) for half, rows in halves.items()}
    for cls in CLASSES:
        dev, test = counts["dev"][cls], counts["test"][cls]
        if dev != test:
            problems.append(f"class {cls}: {dev} in dev but {test} in test")
        if dev + test < MIN_PER_CLASS:
            problems.append(f"class {cls}: only {dev + test} questions (want at least {MIN_PER_CLASS})")
    total = sum(len(rows) for rows in halves.values())
    if total < MIN_TOTAL:
        problems.append(f"only {total} questions (want at least {MIN_TOTAL})")

    # The two halves test different facts: no fact wording of a dev question overlaps a fact wording
    # of a test question on the same document.
    def fact_keys(rows: list[dict]) -> list[tuple[str, str, str]]:
        out = []
        for r in rows:
            for fact in r.get("facts") or []:
                for wording in str(fact).split(" || "):
                    if len(wording.strip()) < 4:
                        continue  # reported above
                    for doc in r.get("expected_doc_ids") or []:
                        if in_doc(chunks, doc, wording):
                            out.append((doc, wording, r.get("id")))
        return out

    test_keys = defaultdict(list)
    for doc, wording, qid in fact_keys(halves["test"]):
        test_keys[doc].append((wording, qid))
    for doc, wording, qid in fact_keys(halves["dev"]):
        for other, tid in test_keys.get(doc, ()):
            if overlaps(wording, other):
                problems.append(f"dev {qid} and test {tid} share a fact on {doc} ({wording!r})")

    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print(f"  - {p}")
        return 1
    answerable = sum(r["answerable"] for rows in halves.values() for r in rows)
    print(f"ok: {total} questions ({answerable} answerable), facts checked against {args.data_dir / 'index.sqlite'}")
    width = max(map(len, CLASSES))
    print(f"  {'class':<{width}}  dev  test")
    for cls in CLASSES:
        print(f"  {cls:<{width}}  {counts['dev'][cls]:>3}  {counts['test'][cls]:>4}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
