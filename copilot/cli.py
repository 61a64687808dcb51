"""The `copilot` command line: ingest, audit, stats, serve, doctor, backup, purge, ask; `eval` joins from the eval package.

Heavy libraries are imported inside the commands so that `copilot --help` stays instant.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from copilot.core.errors import CopilotError, InputError, disk_full_message, is_disk_full
from copilot.core.settings import Settings

if TYPE_CHECKING:
    from copilot.api.schemas import AskResponse

app = typer.Typer(help="Associate knowledge copilot of Maison Aurelle.", no_args_is_help=True, add_completion=False)
console = Console()
err_console = Console(stderr=True)

DataDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Where the index, reports and queue live \\[env COPILOT_DATA_DIR; default ./.copilot]"),
]
Paths = Annotated[list[Path], typer.Argument(help="Files or folders to read (searched recursively).")]


def _settings(data_dir: Path | None) -> Settings:
    try:
        return Settings(data_dir=data_dir) if data_dir else Settings()
    except ValueError as exc:
        err_console.print(f"[red]Invalid settings:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command()
def ingest(
    paths: Paths,
    data_dir: DataDir = None,
    rebuild: Annotated[
        bool,
        typer.Option("--rebuild", help="Delete the index (index.sqlite, chroma/ or the collection on the Chroma "
                     "server) and build it again from PATHs."),
    ] = False,
) -> None:
    """Ingest catalog CSVs, certificates (JSON/PDF) and house manuals (Markdown) into the index."""
    from copilot.progress import LineProgress, RichProgress
    from ingestion.factory import make_ingestor
    from ingestion.integrity import damaged_index, remove_index

    settings = _settings(data_dir)
    try:
        if rebuild:
            remove_index(settings.index_db, settings.chroma_location, settings.collection)
        elif problem := damaged_index(settings.index_db, settings.chroma_location, settings.collection):
            _fail(str(problem))  # an incremental run would trust a manifest that no longer matches
    except CopilotError as exc:  # a Chroma server that does not answer
        _fail(str(exc))
    ingestor = make_ingestor(settings)
    try:
        # A terminal gets a live bar; a log (CI, a cron job, a pipe) gets plain lines it can keep.
        with RichProgress(console) if console.is_terminal else LineProgress(console) as progress:
            report = ingestor.ingest(paths, progress)
    except CopilotError as exc:
        err_console.print(f"[red]Error:[/red] {exc}")
        raise typer.Exit(2) from exc
    except Exception as exc:
        if not is_disk_full(exc):
            raise
        # Every file is written pending-then-done, so the index stays consistent: the same run redoes the rest.
        _fail(disk_full_message(settings.data_dir, "free space, then run the same ingest again (what was done is kept)"))

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
    if report.flagged:
        console.print(
            f"[yellow]Left out {len(report.flagged)} sentence(s) giving instructions to a reader or a model "
            "(never quoted; `copilot audit` lists them):[/yellow]"
        )
        for flagged in report.flagged:
            console.print(f"  - {flagged}", markup=False, highlight=False)


@app.command()
def audit(paths: Paths, data_dir: DataDir = None) -> None:
    """Audit catalog quality: completeness per field, naming, missing/contradicting certificates, prices, provenance."""
    from ingestion.audit import audit_paths, render_audit, save_audit

    settings = _settings(data_dir)
    try:
        report = audit_paths(paths, provenance_max_age_days=settings.provenance_audit_max_days)
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
    from ingestion.integrity import damaged_index

    settings = _settings(data_dir)
    if not settings.index_db.exists():
        err_console.print(f"No index in {settings.data_dir}: run `copilot ingest data/sample` first.")
        raise typer.Exit(1)
    if problem := damaged_index(settings.index_db, settings.chroma_location, settings.collection):
        _fail(str(problem))
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(min=1, help="Worker processes behind the port (each loads the model, ~0.5 GB); above 1 they "
                     "share conversations, vaults and the wrong-key lockout through DATA_DIR/shared_state.sqlite."),
    ] = 1,
    data_dir: DataDir = None,
) -> None:
    """Run the HTTP API: POST /v1/ask, /v1/approvals, /healthz, /readyz, /metrics, docs at /docs."""
    import os

    import uvicorn

    from copilot.api.app import create_app
    from copilot.doctor import approvals_url
    from guardrails.approvals import QueueMarker
    from guardrails.approvals.integrity import check_approvals

    settings = _settings(data_dir)
    _require_index(settings)
    # A queue that existed and is now empty or unreadable is not replaced by a new one: ids would be
    # reused and decisions lost. The index, which can be rebuilt, only keeps the service not ready.
    if problems := check_approvals(approvals_url(settings), QueueMarker(settings.approvals_marker, settings.approvals_db_url)):
        _fail("; ".join(str(p) for p in problems))
    try:
        service = create_app(settings)
    except InputError as exc:  # a pilot plan (COPILOT_PILOT) that does not load
        _fail(str(exc))
    options = {"host": host, "port": port, "log_config": _log_config(workers), **proxy_options(settings)}
    if workers == 1:
        uvicorn.run(service, workers=1, **options)
        return
    # Each worker builds its own app from the environment: the same settings, with the shared state on.
    os.environ["COPILOT_DATA_DIR"] = str(settings.data_dir.resolve())
    os.environ["COPILOT_SHARED_STATE"] = "true"
    uvicorn.run("copilot.api.app:create_app", factory=True, workers=workers, **options)


def proxy_options(settings: Settings) -> dict[str, Any]:
    """X-Forwarded-For is believed only from the configured proxies: uvicorn's default trusts it from
    127.0.0.1, so any local client (or one behind an unlisted proxy) could name any address it likes."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": ",".join(settings.trusted_proxies)}


@app.command()
def doctor(data_dir: DataDir = None) -> None:
    """Check the data dir as the service does before it says ready: index.sqlite, Chroma against the
    manifest file by file, the approval queue and feedback. Exit code 1 if anything is wrong."""
    from copilot.doctor import data_problems

    settings = _settings(data_dir)
    problems = data_problems(settings)
    for problem in problems:
        err_console.print(Text.assemble(("problem: ", "red"), str(problem)), soft_wrap=True)
    if problems:
        raise typer.Exit(1)
    console.print(f"{settings.data_dir}: index, vectors, approvals and feedback are whole.", soft_wrap=True)


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="Folder to write approvals.sqlite and feedback.sqlite into.")],
    data_dir: DataDir = None,
) -> None:
    """Copy the approval queue (with its audit log) and the feedback, consistently, while the service runs."""
    from copilot.doctor import backup as take_backup

    settings = _settings(data_dir)
    try:
        written = take_backup(settings, dest)
    except CopilotError as exc:
        _fail(str(exc))
    for path in written:
        console.print(f"wrote {path}", markup=False, highlight=False)


@app.command()
def purge(
    data_dir: DataDir = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what has expired; remove nothing.")] = False,
) -> None:
    """Remove what has been kept longer than its retention, as the service does daily (docs/retention.md).

    Feedback, decided approvals' texts, audit entries, Slack placements and reports past
    their retention go; the SQLite files are then compacted so the removed rows leave the
    disk, and the purge is recorded in the audit log (counts only). A pending approval is
    never touched."""
    from copilot.purge import purge_data_dir

    settings = _settings(data_dir)
    try:
        report = purge_data_dir(settings, dry_run=dry_run)
    except CopilotError as exc:
        _fail(str(exc))
    verb = "would remove" if dry_run else "removed"
    table = Table(title=f"{'Dry run: nothing removed' if dry_run else 'Purged'} in {settings.data_dir}")
    table.add_column("store")
    table.add_column("kept (days)", justify="right")
    table.add_column("older than (UTC)")
    table.add_column(verb, justify="right")
    for store in report.stores:
        table.add_row(store.name, str(store.days), store.cutoff.strftime("%Y-%m-%d %H:%M"), str(store.count))
    console.print(table)
    for path in report.compacted:
        console.print(f"compacted {path}", markup=False, highlight=False, soft_wrap=True)
    for path in report.still_in_log:
        err_console.print(f"still in the write-ahead log of {path} (a reader held it): purge again later", soft_wrap=True)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="What the client wants to know, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON response instead of a rendering.")] = False,
    conversation_id: Annotated[
        str | None,
        typer.Option(help="Reuse a conversation id (follow-ups resolve within one `copilot serve`, or across runs with COPILOT_SHARED_STATE=true)."),
    ] = None,
    data_dir: DataDir = None,
) -> None:
    """Ask one question and print the cited answer (or the refusal)."""
    from pydantic import ValidationError

    from copilot.api.schemas import AskRequest, AskResponse
    from copilot.ask.factory import build_copilot

    settings = _settings(data_dir)
    try:
        request = AskRequest(question=question, conversation_id=conversation_id)
    except ValidationError as exc:
        _fail("; ".join(_field_message(e["loc"], e["msg"]) for e in exc.errors()))
    problem = request.length_problem(settings.max_question_chars)
    if problem:
        _fail(problem)
    try:
        copilot = build_copilot(settings)
        response = AskResponse.from_result(copilot.ask(request.question, request.conversation_id))
    except CopilotError as exc:
        _fail(str(exc))
    if as_json:
        print(response.model_dump_json(indent=2))
    else:
        render_answer(response, console)


def _require_index(settings: Settings) -> None:
    if not settings.index_db.exists():
        _fail(f"no index in {settings.data_dir}: run `copilot ingest data/sample` first")


def _field_message(loc: tuple[int | str, ...], msg: str) -> str:
    field = str(loc[0]) if loc else ""
    return msg if msg.startswith(field) else f"{field}: {msg}"


def _fail(message: str) -> NoReturn:
    err_console.print(Text.assemble(("Error: ", "red"), message), soft_wrap=True)  # whole paths, copyable
    raise typer.Exit(2)


def _log_config(workers: int = 1) -> dict[str, Any]:
    """uvicorn's logging, plus the copilot's own loggers (one line per question) on the same handler;
    with several workers, each line names the process that wrote it."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["copilot"] = {"handlers": ["default"], "level": "INFO", "propagate": False}
    if workers > 1:
        for formatter in config["formatters"].values():
            formatter["fmt"] = formatter["fmt"].replace("%(levelprefix)s ", "%(levelprefix)s [%(process)d] ", 1)
    return config


def render_answer(response: AskResponse, out: Console) -> None:
    """The answer, then its numbered citations; a refusal in its own colour."""
    # Text objects, not markup: answers contain "[1]" and documents may contain brackets.
    if response.refused:
        title = "Not sure" if response.related else "Refused"
        out.print(Panel(Text(response.display_answer or response.answer), title=title, title_align="left", border_style="yellow"))
        for r in response.related:
            out.print(Text.assemble((f"~{r.n} ", "bold"), (r.title, "bold"), f" | {r.section}" if r.section else ""))
            out.print(Text(f"    {r.source} ({r.doc_id})", style="dim"))
            out.print(Text(f'    likeliest: "{r.quote}"', style="italic"))
        return
    # The associate's own screen: client names restored from the conversation's in-memory vault.
    out.print(Panel(Text(response.display_answer or response.answer), title="Answer", title_align="left", border_style="green"))
    for c in response.citations:
        out.print(Text.assemble((f"[{c.n}] ", "bold"), (c.title, "bold"), f" | {c.section}" if c.section else ""))
        out.print(Text(f"    {c.source} ({c.doc_id})", style="dim"))
        out.print(Text(f'    "{c.quote}"', style="italic"))
    if response.requires_approval:
        out.print(Text("Needs a manager's approval before it is sent to a client.", style="bold yellow"))


def register_plugins() -> typer.Typer:
    """Commands of the layers above this one join from their own package, declared as entry points
    ("copilot.commands" in pyproject.toml), so the service never imports the evaluation harness.
    Called when the command runs, not on import: a plugin imports this module for its options."""
    known = {command.name for command in app.registered_commands} | {group.name for group in app.registered_groups}
    for entry in entry_points(group="copilot.commands"):
        if entry.name not in known:
            entry.load()(app)
    return app


def main() -> None:
    register_plugins()()


if __name__ == "__main__":
    main()
