"""Score catalog search on eval/search/{dev,test}.jsonl against an ingested index: set precision and recall of
the records found, exact sets, "the top 10 holds every match when there are at most 10", sorting, "none match
says which constraint emptied the set", and whether /v1/ask routes each question to search.

    python -m eval.search.run [--data-dir DIR] [--split dev|test|all]

Writes DATA_DIR/reports/search_eval.{json,md}. For the test split only aggregates are printed and the misses are
listed by id (run, never read, as for eval/associate)."""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from copilot.search.factory import build_search
from copilot.core.settings import Settings
from ingestion.embedder import Embedder
from ingestion.factory import vector_store
from ingestion.index_db import IndexDB

HERE = Path(__file__).resolve().parent
# spec key (eval/search/build_questions.py) -> the chip key the search names when that constraint empties the set
CHIP_OF = {
    "category": "categories", "style": "styles", "collection": "collections", "metal": "metals", "karat": "karat",
    "stones": "stones", "shape": "shape", "color_best": "color", "color_worst": "color", "clarity_best": "clarity",
    "clarity_worst": "clarity", "cut_min": "cut_min", "lab_cut_min": "cut_min", "carat_min": "carat", "carat_max": "carat",
    "price_min": "price", "price_max": "price", "size": "size", "resizable": "resizable", "boutique": "boutique",
    "in_stock": "in_stock", "lab": "lab", "fluorescence": "fluorescence",
}


def load(split: str) -> list[dict[str, Any]]:
    names = ["dev", "test"] if split == "all" else [split]
    return [json.loads(line) for n in names for line in (HERE / f"{n}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def score(q: dict[str, Any], found: list[str], hits: list[str], emptied_by: str, routed: bool, sort_ok: bool) -> dict[str, Any]:
    expected, got = set(q["expected"]), set(found)
    both = len(expected & got)
    precision = both / len(got) if got else 1.0
    recall = both / len(expected) if expected else 1.0
    row: dict[str, Any] = {
        "id": q["id"], "class": q["class"], "expected": len(expected), "found": len(got), "precision": precision,
        "recall": recall, "exact": expected == got, "routed": routed, "sort_ok": sort_ok,
    }
    if len(expected) <= 10:
        row["top10_holds_all"] = expected <= set(hits)
    if not expected:
        allowed = {CHIP_OF[k] for k in q["emptying"]}
        row["none_says_why"] = not got and bool(emptied_by) and (not allowed or emptied_by in allowed)
    return row


def _sorted_right(q: dict[str, Any], hits: list[Any]) -> bool:
    sort = q["spec"].get("sort")
    if not sort or len(hits) < 2:
        return True
    key = {"price_asc": lambda r: r.price, "price_desc": lambda r: -r.price, "carat_desc": lambda r: -r.carat,
           "carat_asc": lambda r: r.carat}[sort]
    values = [key(r) for r in hits]
    return values == sorted(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    args = parser.parse_args()
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    index = IndexDB(settings.index_db)
    vectors = vector_store(settings)
    service = build_search(index, vectors, Embedder(settings.embedding_model_path, settings.embed_batch_size))
    rows = []
    for q in load(args.split):
        decision, constraints = service.route(q["question"])
        outcome = service.run(constraints, q["asker_boutique"], limit=10).outcome
        all_found = service.run(constraints, q["asker_boutique"], limit=100_000).outcome.matched
        rows.append(score(q, all_found, [r.ident for r in outcome.hits], outcome.emptied_by, decision.search,
                          _sorted_right(q, outcome.hits)))
    summary = _summary(rows)
    report = {"split": args.split, "data_dir": str(settings.data_dir), "summary": summary,
              "rows": rows if args.split != "test" else [{"id": r["id"]} for r in rows]}
    out = settings.reports_dir
    out.mkdir(parents=True, exist_ok=True)
    (out / f"search_eval_{args.split}.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    (out / f"search_eval_{args.split}.md").write_text(_markdown(summary, rows, args.split), encoding="utf-8")
    print(json.dumps(summary, indent=2))
    misses = [r for r in rows if not (r["exact"] and r["routed"] and r.get("none_says_why", True) and r.get("top10_holds_all", True) and r["sort_ok"])]
    if args.split == "test":
        print("misses (ids only):", ", ".join(r["id"] for r in misses) or "none")
    else:
        for r in misses:
            q = next(x for x in load(args.split) if x["id"] == r["id"])
            print(f"MISS {r['id']} {q['question']!r}: {r}")


def _mean(rows: list[dict[str, Any]], key: str) -> float | None:
    values = [float(r[key]) for r in rows if key in r]
    return round(statistics.mean(values), 4) if values else None


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_class: dict[str, Any] = {}
    for cls in sorted({r["class"] for r in rows}):
        part = [r for r in rows if r["class"] == cls]
        by_class[cls] = {"n": len(part), "precision": _mean(part, "precision"), "recall": _mean(part, "recall"),
                         "exact": _mean(part, "exact")}
    return {
        "questions": len(rows),
        "set_precision": _mean(rows, "precision"),
        "set_recall": _mean(rows, "recall"),
        "exact_set": _mean(rows, "exact"),
        "routed_to_search": _mean(rows, "routed"),
        "top10_holds_all_when_at_most_10": _mean(rows, "top10_holds_all"),
        "sorted_as_asked": _mean(rows, "sort_ok"),
        "none_match_says_why": _mean(rows, "none_says_why"),
        "by_class": by_class,
    }


def _markdown(summary: dict[str, Any], rows: list[dict[str, Any]], split: str) -> str:
    lines = [f"# Catalog search: {split} ({summary['questions']} questions)", "", "| metric | value |", "| --- | ---: |"]
    lines += [f"| {k} | {v} |" for k, v in summary.items() if k != "by_class"]
    lines += ["", "| class | n | precision | recall | exact |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {c} | {v['n']} | {v['precision']} | {v['recall']} | {v['exact']} |" for c, v in summary["by_class"].items()]
    if split != "test":
        lines += ["", "| id | class | expected | found | P | R | routed |", "| --- | --- | ---: | ---: | ---: | ---: | --- |"]
        lines += [f"| {r['id']} | {r['class']} | {r['expected']} | {r['found']} | {r['precision']:.2f} | {r['recall']:.2f} | {r['routed']} |" for r in rows]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
