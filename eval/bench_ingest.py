"""Ingestion benchmark: is the pipeline as fast as the embedding model lets it be?

Run from the repository root:

    .venv/bin/python -m eval.bench_ingest [--big] [--out DIR] [--repeats N] [--big-data-dir DIR]

Embedding dominates ingestion on a CPU, so an absolute chunks/s figure says little on its own: it
moves with the machine, its load and its temperature. The benchmark therefore measures its own
baseline **in the same run** and reports ratios against it.

1. **Full ingest vs raw encoding** (`data/sample` into a fresh temporary data dir). The ingest uses
   the production wiring (`make_ingestor(Settings(data_dir=tmp))`) with one `Embedder` loaded
   beforehand and shared, so model load is excluded from both sides; chromadb is imported and the
   model warmed up (a few encodes) before anything is timed. Right after the ingest (same thermal
   and CPU state) the very chunk texts it stored in SQLite are encoded again with the bare
   `SentenceTransformer.encode(texts, batch_size=settings.embed_batch_size,
   normalize_embeddings=True)`: what embedding alone costs, with none of the pipeline's reading,
   validation, chunking, hashing, Chroma upserts and SQLite transactions. The raw side encodes all
   texts in one call, so sentence-transformers sorts them by length globally (less padding) where
   the pipeline sorts within each 256-chunk batch: the baseline is, if anything, generous.
   Both are repeated (`--repeats`, default 2) and the best of each is kept.
   Goal: ingest chunks/s >= 0.8 x raw chunks/s.
2. **Unchanged re-ingest** of the same folder into the same data dir, by a new Ingestor built as the
   CLI builds it, except that its embedder factory raises: this proves the model is never loaded.
   Timed from `make_ingestor` to the report. Goal: <= 2 % of the full ingest.
3. **`--big`**: a grading report (the house JSON format of `data/README.md`) for every one of the
   53,940 rows of `data/diamonds.csv`, nothing skipped (rows with a zero x/y/z keep their
   measurements as given). Fields come from `data/generate_sample.py`'s own `grading_report`, with a
   per-row seeded RNG and a 10-digit report number that is a bijection of the row index, so the
   files are byte-identical from run to run. They are written under `<big-data-dir>/certificates`
   (a fixed path, because the index keys files by absolute path: a fresh temporary folder each run
   could never be recognised as unchanged) and ingested into `<big-data-dir>` (default
   `/tmp/copilot-bench-54k`). An index that already holds all of them, unchanged, together with the
   figures saved by the run that built it, is reused as is (so a later benchmark of the ask service
   can use it); an incomplete one is wiped and rebuilt so the figures always describe a clean full
   ingest. Reports chunks/s, seconds, index size on disk (Chroma dir and index.sqlite) and the
   unchanged re-ingest time of the 54k files. At ~30 chunks/s on 2 cores this takes ~30 minutes.

Results are printed as a table and written to `DIR/bench_ingest.json` and `DIR/bench_ingest.md`
(default DIR: `.copilot/reports`).
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import importlib.util
import json
import os
import platform
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

from rich.console import Console
from rich.table import Table

from copilot.core.settings import Settings
from copilot.progress import RichProgress
from ingestion.embedder import Embedder
from ingestion.factory import make_ingestor
from ingestion.pipeline import IngestReport, Progress

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
DIAMONDS_CSV = REPO_ROOT / "data" / "diamonds.csv"
GENERATOR = REPO_ROOT / "data" / "generate_sample.py"
DEFAULT_OUT = Path(".copilot/reports")
DEFAULT_BIG_DIR = Path("/tmp/copilot-bench-54k")
BIG_SOURCE_FOLDER = "certificates"
BIG_RESULT_FILE = "bench_big_ingest.json"  # kept in <big-data-dir>/reports to allow reuse
DIAMOND_ROWS = 53_940

INGEST_GOAL = 0.8  # ingest throughput / raw encoding throughput, at least
REINGEST_GOAL = 0.02  # unchanged re-ingest seconds / full ingest seconds, at most
WARMUP_TEXTS = 32
HEARTBEAT_SECONDS = 60.0  # plain progress line when the output is not a terminal (nohup > log)

# Report numbers: 10 digits, a bijection of the row index (the multiplier is prime to 9e9).
REPORT_BASE = 1_000_000_000
REPORT_SPAN = 9_000_000_000
REPORT_MULTIPLIER = 2_654_435_761
ROW_SEED = 1921


# ------------------------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------------------------


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Round:
    """One full ingest of the sample corpus and the raw encoding of its chunk texts right after."""

    chunks: int
    ingest_seconds: float
    raw_seconds: float

    @property
    def ratio(self) -> float:
        return self.raw_seconds / self.ingest_seconds


@dataclass
class SampleResult:
    files: int
    chunks: int
    rounds: list[Round]
    reingest_seconds: list[float]

    @property
    def ingest_seconds(self) -> float:
        return min(r.ingest_seconds for r in self.rounds)

    @property
    def raw_seconds(self) -> float:
        return min(r.raw_seconds for r in self.rounds)

    @property
    def ingest_chunks_per_second(self) -> float:
        return self.chunks / self.ingest_seconds

    @property
    def raw_chunks_per_second(self) -> float:
        return self.chunks / self.raw_seconds

    @property
    def throughput_ratio(self) -> float:
        return self.ingest_chunks_per_second / self.raw_chunks_per_second

    @property
    def best_reingest_seconds(self) -> float:
        return min(self.reingest_seconds)

    @property
    def reingest_ratio(self) -> float:
        return self.best_reingest_seconds / self.ingest_seconds


@dataclass
class BigResult:
    data_dir: str
    certificates: int
    generate_seconds: float
    ingest_seconds: float
    chunks_embedded: int
    chroma_mb: float
    index_sqlite_mb: float
    reingest_seconds: float
    measured_at: str
    reused: bool = False

    @property
    def chunks_per_second(self) -> float:
        return self.chunks_embedded / self.ingest_seconds if self.ingest_seconds else 0.0


@dataclass
class Environment:
    python: str
    cpus: int
    torch_threads: int
    model: str
    embed_batch_size: int
    model_load_seconds: float
    chromadb_import_seconds: float
    started_at: str = field(default_factory=_now)
    # Other processes on the machine slow both sides, though not always equally: read ratios with these.
    load_average_start: float = field(default_factory=lambda: os.getloadavg()[0])
    load_average_end: float = 0.0


# ------------------------------------------------------------------------------------------------
# Shared set-up: load the model once, warm everything up
# ------------------------------------------------------------------------------------------------


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(message)


def load_shared_embedder(settings: Settings) -> tuple[Embedder, float]:
    started = time.perf_counter()
    embedder = Embedder(settings.embedding_model_path, settings.embed_batch_size)
    return embedder, time.perf_counter() - started


def import_chromadb() -> float:
    """A one-off per-process cost, like the model load: paid before anything is timed."""
    started = time.perf_counter()
    import chromadb  # noqa: F401

    return time.perf_counter() - started


def raw_encode(embedder: Embedder, texts: Sequence[str], batch_size: int) -> None:
    embedder._model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)


def warm_up(embedder: Embedder, batch_size: int) -> None:
    texts = [f"Grading report {n}: 1.0{n} ct, G, VS1, Excellent cut." for n in range(WARMUP_TEXTS)]
    raw_encode(embedder, texts, batch_size)


def describe_environment(embedder: Embedder, settings: Settings, load_seconds: float, chroma_seconds: float) -> Environment:
    import torch

    return Environment(
        python=platform.python_version(),
        cpus=os.cpu_count() or 0,
        torch_threads=torch.get_num_threads(),
        model=str(embedder.model_path),
        embed_batch_size=settings.embed_batch_size,
        model_load_seconds=load_seconds,
        chromadb_import_seconds=chroma_seconds,
    )


# ------------------------------------------------------------------------------------------------
# 1 and 2: the sample corpus
# ------------------------------------------------------------------------------------------------


def stored_texts(index_db: Path) -> list[str]:
    """The chunk texts the ingest wrote, in the order it wrote them."""
    with closing(sqlite3.connect(index_db)) as db:
        return [row[0] for row in db.execute("SELECT text FROM chunks ORDER BY rowid")]


def timed_ingest(
    settings: Settings,
    paths: Sequence[Path],
    embedder: Callable[[], Embedder] | None,
    progress: Progress | None = None,
) -> tuple[float, IngestReport]:
    """Wall time from building the Ingestor (as the CLI does) to its report."""
    started = time.perf_counter()
    report = make_ingestor(settings, embedder=embedder).ingest(paths, progress)
    return time.perf_counter() - started, report


def time_raw_encoding(embedder: Embedder, texts: Sequence[str], batch_size: int) -> float:
    started = time.perf_counter()
    raw_encode(embedder, texts, batch_size)
    return time.perf_counter() - started


def measure_round(settings: Settings, embedder: Embedder) -> tuple[Round, IngestReport]:
    seconds, report = timed_ingest(settings, [SAMPLE_DIR], lambda: embedder)
    texts = stored_texts(settings.index_db)
    _check(len(texts) == report.chunks_embedded, f"index holds {len(texts)} chunks, {report.chunks_embedded} embedded")
    raw_seconds = time_raw_encoding(embedder, texts, settings.embed_batch_size)
    return Round(len(texts), seconds, raw_seconds), report


def no_model() -> Embedder:
    raise RuntimeError("an unchanged re-ingest loaded the embedding model")


def time_unchanged_reingest(settings: Settings, paths: Sequence[Path], files: int) -> tuple[float, IngestReport]:
    """A new Ingestor whose embedder factory raises: the run must find every file unchanged."""
    seconds, report = timed_ingest(settings, paths, no_model)
    changed = len(report.added) + len(report.updated) + len(report.removed)
    _check(changed == 0 and report.chunks_embedded == 0, f"re-ingest changed {changed} file(s)")
    _check(len(report.unchanged) == files, f"re-ingest saw {len(report.unchanged)} unchanged files of {files}")
    return seconds, report


def run_sample(embedder: Embedder, repeats: int, console: Console) -> SampleResult:
    """`repeats` rounds, each into a fresh data dir; then the unchanged re-ingests into the last one."""
    rounds: list[Round] = []
    files = 0
    with tempfile.TemporaryDirectory(prefix="copilot-bench-") as scratch:
        for n in range(repeats):
            settings = Settings(data_dir=Path(scratch) / f"round-{n}")
            console.print(f"[dim]round {n + 1}/{repeats}: full ingest of {SAMPLE_DIR}, then raw encoding ...[/dim]")
            result, report = measure_round(settings, embedder)
            rounds.append(result)
            files = len(report.added)
            console.print(
                f"[dim]  ingest {result.ingest_seconds:.1f} s, raw {result.raw_seconds:.1f} s, "
                f"{result.chunks} chunks, raw/ingest time {result.ratio:.2f}[/dim]"
            )
        reingests = [time_unchanged_reingest(settings, [SAMPLE_DIR], files)[0] for _ in range(repeats)]
    return SampleResult(files, rounds[0].chunks, rounds, reingests)


# ------------------------------------------------------------------------------------------------
# 3: --big, a certificate for every row of diamonds.csv
# ------------------------------------------------------------------------------------------------


def load_generator() -> ModuleType:
    """data/generate_sample.py is a script, not a package: load it by path to reuse its report format."""
    spec = importlib.util.spec_from_file_location("generate_sample", GENERATOR)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load {GENERATOR}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def report_number(row: int) -> str:
    return str(REPORT_BASE + row * REPORT_MULTIPLIER % REPORT_SPAN)


def dataset_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(1-based data row, raw fields) for every row, zero measurements included."""
    with path.open(newline="", encoding="utf-8") as handle:
        yield from enumerate(csv.DictReader(handle), start=1)


def certificate(gen: ModuleType, row: int, raw: dict[str, str]) -> dict[str, Any]:
    """The row as a grading report, drawing the non-dataset fields as generate_sample.py does."""
    diamond = gen.DatasetDiamond(
        row=row, carat=float(raw["carat"]), cut=raw["cut"], color=raw["color"], clarity=raw["clarity"],
        depth=float(raw["depth"]), table=float(raw["table"]), price=int(raw["price"]),
        x=float(raw["x"]), y=float(raw["y"]), z=float(raw["z"]),
    )
    rng = random.Random(ROW_SEED * 1_000_000 + row)
    inscription = "house" if rng.random() < 0.25 else "lab"
    lab = gen.LABS[0] if rng.random() < 0.6 else gen.LABS[1]
    report: dict[str, Any] = gen.grading_report(rng, diamond, report_number(row), lab, inscription)
    return report


def write_big_certificates(folder: Path) -> list[Path]:
    """One JSON file per dataset row; a file already holding the same bytes is left untouched."""
    gen = load_generator()
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for row, raw in dataset_rows(DIAMONDS_CSV):
        report = certificate(gen, row, raw)
        path = folder / f"{report['report_number']}.json"
        data = (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        paths.append(path)
    _check(len(paths) == DIAMOND_ROWS, f"{DIAMOND_ROWS} rows expected in {DIAMONDS_CSV}, found {len(paths)}")
    _check(len(set(paths)) == len(paths), "report numbers are not unique")
    return paths


def index_is_complete(settings: Settings, paths: Sequence[Path]) -> bool:
    """Every file indexed, done, with its current sha256, and exactly one chunk each."""
    if not settings.index_db.exists():
        return False
    with closing(sqlite3.connect(settings.index_db)) as db:
        done = dict(db.execute("SELECT file_key, sha256 FROM files WHERE state = 'done'"))
        chunks = db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    if len(done) != len(paths) or chunks != len(paths):
        return False
    return all(done.get(p.resolve().as_posix()) == hashlib.sha256(p.read_bytes()).hexdigest() for p in paths)


def wipe_index(settings: Settings) -> None:
    shutil.rmtree(settings.chroma_dir, ignore_errors=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.index_db}{suffix}").unlink(missing_ok=True)


def megabytes(paths: Sequence[Path]) -> float:
    total = 0
    for path in paths:
        if path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        elif path.exists():
            total += path.stat().st_size
    return total / 1_000_000


class LoggedProgress:
    """The CLI's rich bar, plus a plain line every minute when the console is not a terminal, so a
    run under `nohup ... > log` shows it is moving."""

    def __init__(self, bar: RichProgress, console: Console) -> None:
        self._bar = bar
        self._console = console
        self._files = 0
        self._files_total = 0
        self._chunks = 0
        self._started = time.perf_counter()
        self._last = self._started

    def start(self, files: int) -> None:
        self._bar.start(files)
        self._files_total = files
        self._started = self._last = time.perf_counter()

    def file_started(self, source: str, chunks: int) -> None:
        self._bar.file_started(source, chunks)

    def chunks_done(self, n: int) -> None:
        self._bar.chunks_done(n)
        self._chunks += n
        self._heartbeat()

    def file_done(self) -> None:
        self._bar.file_done()
        self._files += 1
        self._heartbeat()

    def _heartbeat(self) -> None:
        now = time.perf_counter()
        if self._console.is_terminal or now - self._last < HEARTBEAT_SECONDS:
            return
        self._last = now
        elapsed = now - self._started
        rate = self._chunks / elapsed
        left = (self._files_total - self._files) / (self._files / elapsed) if self._files else float("nan")
        self._console.print(
            f"{_now()}  files {self._files}/{self._files_total}  chunks {self._chunks}  "
            f"{rate:.1f} chunks/s  elapsed {elapsed / 60:.1f} min  left ~{left / 60:.1f} min",
            highlight=False,
            soft_wrap=True,  # one line per heartbeat in a log file, whatever the console width
        )


def ingest_big(settings: Settings, folder: Path, embedder: Embedder, console: Console) -> tuple[float, IngestReport]:
    with RichProgress(console) as bar:
        return timed_ingest(settings, [folder], lambda: embedder, LoggedProgress(bar, console))


def load_saved_big(settings: Settings) -> BigResult | None:
    path = settings.reports_dir / BIG_RESULT_FILE
    if not path.exists():
        return None
    try:
        return BigResult(**json.loads(path.read_text(encoding="utf-8")))
    except (TypeError, ValueError):
        return None


def save_big(settings: Settings, result: BigResult) -> None:
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    (settings.reports_dir / BIG_RESULT_FILE).write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")


def run_big(data_dir: Path, embedder: Embedder, console: Console) -> BigResult:
    settings = Settings(data_dir=data_dir)
    folder = data_dir / BIG_SOURCE_FOLDER
    console.print(f"Writing {DIAMOND_ROWS:,} certificates into {folder} ...")
    started = time.perf_counter()
    paths = write_big_certificates(folder)
    generate_seconds = time.perf_counter() - started

    saved = load_saved_big(settings)
    if saved is not None and index_is_complete(settings, paths):
        console.print(f"{data_dir} already holds a complete index of them (built {saved.measured_at}): reused.")
        reingest, _ = time_unchanged_reingest(settings, [folder], len(paths))
        result = BigResult(**{**asdict(saved), "reingest_seconds": reingest, "reused": True})
        return result

    if settings.index_db.exists() or settings.chroma_dir.exists():
        console.print(f"[yellow]{data_dir} holds an incomplete or unmeasured index: wiped, rebuilt from scratch.[/yellow]")
        wipe_index(settings)
    console.print(f"Ingesting {len(paths):,} certificates into {data_dir} (about 30 minutes on 2 cores) ...")
    seconds, report = ingest_big(settings, folder, embedder, console)
    _check(report.chunks_embedded == len(paths), f"{report.chunks_embedded} chunks embedded for {len(paths)} files")
    _check(not report.invalid, f"{len(report.invalid)} invalid record(s), first: {report.invalid[:1]}")
    chunks_embedded = report.chunks_embedded
    del report  # it keeps every parsed file
    gc.collect()
    console.print("Timing the unchanged re-ingest of the same files ...")
    reingest, _ = time_unchanged_reingest(settings, [folder], len(paths))
    result = BigResult(
        data_dir=str(data_dir),
        certificates=len(paths),
        generate_seconds=generate_seconds,
        ingest_seconds=seconds,
        chunks_embedded=chunks_embedded,
        chroma_mb=megabytes([settings.chroma_dir]),
        index_sqlite_mb=megabytes([Path(f"{settings.index_db}{s}") for s in ("", "-wal", "-shm")]),
        reingest_seconds=reingest,
        measured_at=_now(),
    )
    save_big(settings, result)
    return result


# ------------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summary_rows(sample: SampleResult, big: BigResult | None) -> list[tuple[str, str, str]]:
    """(measure, value, goal) rows shared by the console table and the Markdown report."""
    ok_ingest = sample.throughput_ratio >= INGEST_GOAL
    ok_reingest = sample.reingest_ratio <= REINGEST_GOAL
    rows = [
        ("sample: files / chunks", f"{sample.files} / {sample.chunks}", ""),
        ("sample: full ingest", f"{sample.ingest_seconds:.1f} s, {sample.ingest_chunks_per_second:.1f} chunks/s", ""),
        ("sample: raw encoding, same texts", f"{sample.raw_seconds:.1f} s, {sample.raw_chunks_per_second:.1f} chunks/s", ""),
        ("ingest / raw throughput", f"{sample.throughput_ratio:.2f}", f">= {INGEST_GOAL} {verdict(ok_ingest)}"),
        ("sample: unchanged re-ingest", f"{sample.best_reingest_seconds:.3f} s (no model load)", ""),
        ("re-ingest / full ingest", f"{sample.reingest_ratio:.2%}", f"<= {REINGEST_GOAL:.0%} {verdict(ok_reingest)}"),
    ]
    if big is not None:
        origin = f"reused, measured {big.measured_at}" if big.reused else f"measured {big.measured_at}"
        rows += [
            ("54k: certificates", f"{big.certificates:,} ({origin})", ""),
            ("54k: full ingest", f"{big.ingest_seconds:.0f} s ({big.ingest_seconds / 60:.1f} min), "
             f"{big.chunks_per_second:.1f} chunks/s", ""),
            ("54k: index on disk", f"Chroma {big.chroma_mb:.1f} MB, index.sqlite {big.index_sqlite_mb:.1f} MB", ""),
            ("54k: unchanged re-ingest", f"{big.reingest_seconds:.1f} s", ""),
        ]
    return rows


def render(rows: list[tuple[str, str, str]], env: Environment, console: Console) -> None:
    table = Table(title="Ingestion benchmark (baseline measured in the same run)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("goal")
    for measure, value, goal in rows:
        style = "green" if goal.endswith("PASS") else "red" if goal.endswith("FAIL") else ""
        table.add_row(measure, value, f"[{style}]{goal}[/{style}]" if style else goal)
    console.print(table)
    console.print(
        f"[dim]{env.cpus} CPUs, {env.torch_threads} torch threads, batch {env.embed_batch_size}; excluded from "
        f"timings: model load {env.model_load_seconds:.1f} s, chromadb import {env.chromadb_import_seconds:.1f} s; "
        f"load average {env.load_average_start:.1f} at start, {env.load_average_end:.1f} at end[/dim]"
    )


def to_dict(env: Environment, sample: SampleResult, big: BigResult | None) -> dict[str, Any]:
    return {
        "environment": asdict(env),
        "goals": {"ingest_over_raw_throughput_min": INGEST_GOAL, "reingest_over_full_ingest_max": REINGEST_GOAL},
        "sample": {
            "corpus": str(SAMPLE_DIR.relative_to(REPO_ROOT)),
            "files": sample.files,
            "chunks": sample.chunks,
            "rounds": [asdict(r) for r in sample.rounds],
            "ingest_seconds": sample.ingest_seconds,
            "raw_seconds": sample.raw_seconds,
            "ingest_chunks_per_second": sample.ingest_chunks_per_second,
            "raw_chunks_per_second": sample.raw_chunks_per_second,
            "ingest_over_raw_throughput": sample.throughput_ratio,
            "reingest_seconds": sample.reingest_seconds,
            "reingest_over_full_ingest": sample.reingest_ratio,
            "reingest_model_loaded": False,
        },
        "big": None if big is None else {**asdict(big), "chunks_per_second": big.chunks_per_second},
    }


def to_markdown(rows: list[tuple[str, str, str]], env: Environment, sample: SampleResult) -> str:
    lines = [
        "# Ingestion benchmark",
        "",
        f"Run {env.started_at}: Python {env.python}, {env.cpus} CPUs, {env.torch_threads} torch threads, "
        f"embedding batch {env.embed_batch_size}. The raw-encoding baseline is measured in the same run on the same "
        f"chunk texts; model load ({env.model_load_seconds:.1f} s) and chromadb import "
        f"({env.chromadb_import_seconds:.1f} s) are excluded from both sides. Load average "
        f"{env.load_average_start:.1f} at start, {env.load_average_end:.1f} at end.",
        "",
        "| measure | value | goal |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {m} | {v} | {g} |" for m, v, g in rows]
    lines += ["", "Rounds (best of each side kept):", ""]
    lines += [
        f"{n}. full ingest {r.ingest_seconds:.1f} s, raw encoding {r.raw_seconds:.1f} s ({r.chunks} chunks)"
        for n, r in enumerate(sample.rounds, start=1)
    ]
    return "\n".join(lines) + "\n"


def save(out: Path, data: dict[str, Any], markdown: str) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "bench_ingest.json", out / "bench_ingest.md"
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    md_path.write_text(markdown, encoding="utf-8")
    return json_path, md_path


# ------------------------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_ingest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help=f"also ingest certificates for all {DIAMOND_ROWS:,} diamonds")
    parser.add_argument("--big-data-dir", type=Path, default=DEFAULT_BIG_DIR, help="data dir of the --big index (reused)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where bench_ingest.json and .md are written")
    parser.add_argument("--repeats", type=int, default=2, help="full ingest + raw encoding rounds; the best is kept")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    console = Console()
    settings = Settings()
    console.print("Loading the embedding model once (excluded from every timing) ...")
    embedder, load_seconds = load_shared_embedder(settings)
    chroma_seconds = import_chromadb()
    warm_up(embedder, settings.embed_batch_size)
    env = describe_environment(embedder, settings, load_seconds, chroma_seconds)

    sample = run_sample(embedder, args.repeats, console)
    big = run_big(args.big_data_dir.resolve(), embedder, console) if args.big else None
    env.load_average_end = os.getloadavg()[0]

    rows = summary_rows(sample, big)
    render(rows, env, console)
    json_path, md_path = save(args.out, to_dict(env, sample, big), to_markdown(rows, env, sample))
    console.print(f"Saved {json_path} and {md_path}")


if __name__ == "__main__":
    main()
