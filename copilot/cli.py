"""The `copilot` command line: ingest, audit, stats (serve, ask and eval join as they land).

Heavy libraries are imported inside the commands so that `copilot --help` stays instant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from copilot.errors import CopilotError
from copilot.settings import Settings

app = typer.Typer(help="Associate knowledge copilot of Maison Aurelle.", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Where the index, reports and queue live [env COPILOT_DATA_DIR; default ./.copilot]"),
]
Paths = Annotated[list[Path], typer.Argument(help="Files or folders to read (searched recursively).")]


def _settings(data_dir: Path | None) -> Settings:
    try:
        return Settings(data_dir=data_dir) if data_dir else Settings()
    except ValueError as exc:
        err_console.print(f"[red]Invalid settings:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def ingest(paths: Paths, data_dir: DataDir = None) -> None:
    """Ingest catalog CSVs, certificates (JSON/PDF) and house manuals (Markdown) into the index."""
    from copilot.progress import RichProgress
    from ingestion.factory import make_ingestor

    settings = _settings(data_dir)
    ingestor = make_ingestor(settings)
    try:
        with RichProgress(console) as progress:
            report = ingestor.ingest(paths, progress)
    except CopilotError as exc:
        err_console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc

    table = Table(title=f"Ingested into {settings.data_dir}", show_header=False)
    for label, value in (
        ("added", len(report.added)),
        ("updated", len(report.updated)),
        ("unchanged", len(report.unchanged)),
        ("removed", len(report.removed)),
        ("invalid records skipped", len(report.invalid)),
        ("chunks written", report.chunks_written),
        ("chunks embedded", report.chunks_embedded),
        ("chunks deleted", report.chunks_deleted),
        ("seconds", f"{report.seconds:.1f}"),
        ("chunks/s (embedded)", f"{report.chunks_per_second:.1f}"),
    ):
        table.add_row(label, str(value))
    console.print(table)
    if report.invalid:
        console.print(f"[yellow]Skipped {len(report.invalid)} invalid record(s):[/yellow]")
        for problem in report.invalid:
            console.print(f"  - {problem}", markup=False, highlight=False)


@app.command()
def audit(paths: Paths, data_dir: DataDir = None) -> None:
    """Audit catalog quality: completeness per field, naming, missing/contradicting certificates, prices."""
    from ingestion.audit import audit_paths, render_audit, save_audit

    settings = _settings(data_dir)
    try:
        report = audit_paths(paths)
    except CopilotError as exc:
        err_console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    render_audit(report, console)
    json_path, md_path = save_audit(report, settings.reports_dir)
    console.print(f"Saved {json_path} and {md_path}")


@app.command()
def stats(data_dir: DataDir = None) -> None:
    """Documents and chunks in the index, per kind."""
    from ingestion.index_db import IndexDB

    settings = _settings(data_dir)
    if not settings.index_db.exists():
        err_console.print(f"No index in {settings.data_dir}: run `copilot ingest data/sample` first.")
        raise typer.Exit(1)
    index = IndexDB(settings.index_db)
    table = Table(title=f"Index in {settings.data_dir}")
    table.add_column("kind")
    table.add_column("documents", justify="right")
    table.add_column("chunks", justify="right")
    rows = index.counts_by_doc_type()
    for doc_type, docs, chunks in rows:
        table.add_row(doc_type, str(docs), str(chunks))
    table.add_row("[bold]total", str(sum(r[1] for r in rows)), str(sum(r[2] for r in rows)))
    console.print(table)


if __name__ == "__main__":
    app()
