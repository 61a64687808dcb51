"""Benchmark of report search at the 54k-report scale, in process: every row of the diamonds dataset as a grading
report record (as `eval/bench_ingest.py --big` indexes them), searched with report questions, against the floor
of /v1/ask (one query embedding), measured in the same run.

    python -m eval.search.bench_reports [--diamonds data/diamonds.csv] [--rounds 3]

Reading 54k reports back from the index is not timed here (done once at start and after an ingest)."""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path

from copilot.search.catalog import Catalog, Record
from copilot.search.engine import CatalogSearch
from copilot.search.parser import SearchParser
from copilot.search.vocabulary import Vocabulary
from ingestion.embedder import Embedder

QUESTIONS = (
    "MGL reports over 3 carats",
    "grading reports with strong blue fluorescence",
    "reports D to F, VVS or better, over 2 carats",
    "certs for G VS1 stones around 1 carat",
    "excellent cut reports with faint fluorescence over 2 carats",
    "Lumen reports, E colour, IF",
)
LABS = ("Meridian Gemological Laboratory", "Lumen Diamond Institute")
FLUORESCENCE = ("None", "None", "None", "Faint", "Medium Blue", "Strong Blue")


class _Loaded:
    """The catalog as CatalogIndex holds it once read from the index."""

    def __init__(self, catalog: Catalog, vocabulary: Vocabulary) -> None:
        self.catalog = catalog
        self.vocabulary = vocabulary
        self.vectors: dict[str, object] = {}

    def refresh(self) -> None:
        return None


def reports(path: Path) -> tuple[Record, ...]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            number = f"{1_000_000_000 + i}"
            out.append(Record(
                kind="report", ident=number, chunk_id=f"certificate:{number}", doc_id=f"certificate:{number}",
                title=f"{LABS[i % 2]} report {number}", source=f"certificates/{number}.json", stones="diamond",
                center_stone="diamond", carat=float(row["carat"]), shape="round brilliant", color=row["color"],
                clarity=row["clarity"], lab=LABS[i % 2], report_number=number,
                lab_cut="Excellent" if row["cut"] in ("Ideal", "Premium") else row["cut"],
                fluorescence=FLUORESCENCE[i % len(FLUORESCENCE)], lines=(f"Grading report {number}: {LABS[i % 2]}",),
            ))
    return tuple(out)


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--diamonds", type=Path, default=Path("data/diamonds.csv"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    catalog = Catalog(pieces=(), loose=(), reports=reports(args.diamonds), boutiques=())
    vocabulary = Vocabulary.build(catalog)
    search = CatalogSearch(_Loaded(catalog, vocabulary), index=None, embedder=None)  # type: ignore[arg-type]
    reader = SearchParser(vocabulary)
    embedder = Embedder()
    embedder.embed_query("warm-up")
    floor: list[float] = []
    took: list[float] = []
    counts = {}
    for _ in range(args.rounds):
        for q in QUESTIONS:
            started = time.perf_counter()
            embedder.embed_query(q)
            floor.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            outcome = search.search(reader.parse(q), "")
            took.append((time.perf_counter() - started) * 1000)
            counts[q] = outcome.count
    report = {
        "reports": len(catalog.reports), "questions": counts,
        "search_ms": {"p50": _p(took, 0.5), "p95": _p(took, 0.95), "mean": statistics.mean(took)},
        "floor_ms": {"p50": _p(floor, 0.5), "p95": _p(floor, 0.95)},
    }
    report["search_over_floor_p50"] = report["search_ms"]["p50"] / report["floor_ms"]["p50"]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
