"""The timing harness's commands: `copilot eval lookups` and `copilot pilot ...` (also `python -m eval.timing ...`)."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from copilot.core.errors import InputError
from copilot.core.settings import Settings

app = typer.Typer(help="Time saved per lookup, and the pilot a store runs to decide on it.", no_args_is_help=True)
pilot_app = typer.Typer(help="The pilot: a plan fixed before launch, the log of real lookups, the report.", no_args_is_help=True)
app.add_typer(pilot_app, name="pilot")
console = Console()

DataDir = Annotated[Optional[Path], typer.Option(help="Ingested data dir (default: COPILOT_DATA_DIR or .copilot).")]
OutDir = Annotated[Optional[Path], typer.Option(help="Where the reports go (default: DATA_DIR/reports).")]


class _Bar:
    """rich's progress bar behind the harness's start/advance protocol."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: int | None = None

    def start(self, label: str, total: int) -> None:
        if self._task is not None:
            self._progress.update(self._task, visible=False)
        self._task = self._progress.add_task(label, total=total)

    def advance(self) -> None:
        if self._task is not None:
            self._progress.advance(self._task)


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(2)


@app.command()
def lookups(
    data_dir: DataDir = None,
    url: Annotated[Optional[str], typer.Option(help="A service already running on DATA_DIR's index; else one is started.")] = None,
    task_set: Annotated[Optional[list[Path]], typer.Option("--set", help="A question set (JSON lines); repeat. Default: golden, associate dev + dev2, search dev + test.")] = None,
    limit: Annotated[Optional[int], typer.Option(help="Replay this many tasks, spread evenly over the sets.")] = None,
    concurrency: Annotated[str, typer.Option(help="Concurrent clients per pass, comma-separated.")] = "1,4,16",
    load_limit: Annotated[Optional[int], typer.Option(help="Tasks per pass above one client (default: all).")] = None,
    cold_starts: Annotated[int, typer.Option(help="Service starts, each timing its first request.")] = 1,
    steps: Annotated[Optional[Path], typer.Option(help="Per-step times file (default eval/timing/manual_steps.yaml).")] = None,
    api_key: Annotated[str, typer.Option(help="An associate's API key.")] = "dev-associate-key",
    out: OutDir = None,
) -> None:
    """Replay the lookups over HTTP, model the manual lookups, and report the time saved per lookup."""
    from eval.timing.harness import RunOptions, run_lookups
    from eval.timing.report import headline, write_report
    from eval.timing.steps import STEPS_FILE, load_steps
    from eval.timing.tasks import DEFAULT_SETS, load_tasks

    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    try:
        tasks = load_tasks(task_set or DEFAULT_SETS, limit)
        times, sources = load_steps(steps or STEPS_FILE)
        levels = tuple(int(c) for c in concurrency.split(","))
        options = RunOptions(settings.data_dir, url, api_key, levels, cold_starts, load_limit,
                             service_log=settings.data_dir / "reports" / "lookups_service.log" if not url else None,
                             search_rows=settings.search_results, api_keys=settings.api_keys)
        (settings.data_dir / "reports").mkdir(parents=True, exist_ok=True)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
            console.print(f"{len(tasks)} lookups; starting the service..." if not url else f"{len(tasks)} lookups against {url}")
            report = run_lookups(tasks, times, sources, options, _Bar(bar))
    except (InputError, ValueError) as exc:
        _fail(str(exc))
        return
    except RuntimeError as exc:
        _fail(f"{exc} (the service's log: {options.service_log})")
        return
    paths = write_report(report, out or settings.reports_dir)
    for line in headline(report):
        console.print(line)
    table = Table("assumption", "x", "median saved s", "reduction", ">=30% faster", title="Sensitivity")
    for row in report["sensitivity"]:
        table.add_row(row["assumption"], str(row["factor"]), str(row["median_saved_s"]),
                      f"{row['time_reduction']:.1%}", f"{row['share_faster_by_30']:.1%}")
    console.print(table)
    console.print("Written: " + ", ".join(str(p) for p in paths))


@pilot_app.command("plan")
def plan(
    out: Annotated[Path, typer.Option(help="The plan file to write (refuses to overwrite).")],
    start: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    end: Annotated[datetime, typer.Option(formats=["%Y-%m-%d"])],
    boutique: Annotated[list[str], typer.Option(help="A boutique taking part; repeat.")],
    baseline_seconds: Annotated[Optional[float], typer.Option(help="Seconds per lookup without the copilot.")] = None,
    from_report: Annotated[Optional[Path], typer.Option(help="Take the baseline from a lookups.json (its modelled manual mean).")] = None,
    target: Annotated[float, typer.Option(help="Reduction of the time per lookup the pilot must show.")] = 0.30,
    min_lookups: Annotated[int, typer.Option()] = 200,
) -> None:
    """Write the pilot plan: baseline, target, period, decision rule and boutiques, fixed today."""
    import json

    from copilot.pilot import DecisionRule, PilotPlan, write_plan

    if out.exists():
        _fail(f"{out} exists: a plan is fixed once; write a new file for a new pilot")
    if (baseline_seconds is None) == (from_report is None):
        _fail("give either --baseline-seconds or --from-report")
    source = "measured by the store before the pilot"
    if from_report:
        saving = json.loads(from_report.read_text(encoding="utf-8"))["saving"]
        baseline_seconds = saving["mean_manual_s"]
        source = f"modelled manual lookup, mean of {saving['n']} lookups in {from_report}"
    try:
        p = PilotPlan(fixed_on=datetime.now(timezone.utc).date(), baseline_seconds_per_lookup=baseline_seconds,
                      baseline_source=source, target_reduction=target, start=start.date(), end=end.date(),
                      boutiques=boutique, decision=DecisionRule(min_lookups=min_lookups))
    except ValueError as exc:
        _fail(str(exc))
        return
    write_plan(p, out)
    console.print(f"Plan written to {out}: baseline {p.baseline_seconds_per_lookup:.1f} s, target {p.target_seconds:.1f} s per lookup")


@pilot_app.command("log")
def log(
    log_file: Annotated[Path, typer.Option("--log", help="The store's lookup log (JSON lines).")],
    boutique: Annotated[str, typer.Option()],
    question_class: Annotated[str, typer.Option("--class", help="What was looked up: record_field, policy, aftercare ...")],
    outcome: Annotated[str, typer.Option(help="answered, closest, refused or error")],
    seconds: Annotated[float, typer.Option(help="From the client's question to the answer in hand.")],
    latency_ms: Annotated[Optional[float], typer.Option()] = None,
    answered_client: Annotated[Optional[bool], typer.Option("--answered-client/--not-answered-client")] = None,
    vote: Annotated[Optional[str], typer.Option(help="up or down")] = None,
    approval_wait_s: Annotated[Optional[float], typer.Option()] = None,
) -> None:
    """Append one real lookup to the log: never the question, only what the report needs."""
    from pydantic import ValidationError

    from copilot.pilot import PilotLookup
    from eval.timing.pilot import append_lookup

    try:
        entry = PilotLookup.model_validate({
            "at": datetime.now(timezone.utc), "boutique": boutique, "class": question_class, "outcome": outcome,
            "seconds": seconds, "latency_ms": latency_ms, "answered_client": answered_client, "vote": vote,
            "approval_wait_s": approval_wait_s,
        })
    except ValidationError as exc:
        _fail("; ".join(f"{e['loc'][0]}: {e['msg']}" for e in exc.errors()))
        return
    append_lookup(log_file, entry)
    console.print(f"logged to {log_file}")


@pilot_app.command("report")
def report(
    plan_file: Annotated[Optional[Path], typer.Option("--plan", help="The pilot plan (default: COPILOT_PILOT).")] = None,
    log_file: Annotated[Optional[Path], typer.Option("--log", help="A store's own log: JSON lines, or a CSV with the same columns.")] = None,
    since: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"])] = None,
    boutique: Annotated[Optional[str], typer.Option()] = None,
    today: Annotated[Optional[datetime], typer.Option(formats=["%Y-%m-%d"], help="Report as of this day.")] = None,
    data_dir: DataDir = None,
    out: OutDir = None,
) -> None:
    """Compare the period with the baseline and target; state the rule's decision and what is missing.
    Reads the lookups the service recorded in DATA_DIR/pilot.sqlite (pilot mode), and --log if given."""
    from copilot.doctor import approvals_url
    from copilot.pilot import load_plan
    from copilot.pilot.store import recorded_lookups, store_path
    from eval.timing.pilot import pilot_report, read_log
    from eval.timing.pilot_report import write_pilot_report

    settings = Settings(data_dir=data_dir) if data_dir else Settings()
    plan_file = plan_file or settings.pilot
    if plan_file is None:
        _fail("no pilot plan: give --plan pilot.yaml (or set COPILOT_PILOT)")
        return
    try:
        p = load_plan(plan_file)
        recorded = recorded_lookups(settings.data_dir, approvals_url(settings))
        if recorded is None and log_file is None:
            raise InputError(f"no lookups: the service recorded none in {store_path(settings.data_dir)} "
                             "(run it with COPILOT_PILOT set) and no --log was given")
        entries, problems = read_log(log_file) if log_file else ([], [])
        result = pilot_report(p, (recorded or []) + entries, problems, since.date() if since else None, boutique,
                              today.date() if today else None)
    except InputError as exc:
        _fail(str(exc))
        return
    paths = write_pilot_report(result, out or settings.reports_dir)
    console.print(f"[bold]{result['decision']}[/bold]: {result['decision_reason']}")
    if recorded is not None:
        console.print(f"  {len(recorded)} lookups recorded by the service in {store_path(settings.data_dir)}")
    for m in result["missing"]:
        console.print(f"  missing: {m}")
    console.print("Written: " + ", ".join(str(x) for x in paths))


@pilot_app.command("simulate")
def simulate(
    plan_file: Annotated[Path, typer.Option("--plan")],
    log_file: Annotated[Path, typer.Option("--log", help="Where to write the simulated log (refuses to overwrite).")],
    mean_seconds: Annotated[float, typer.Option(help="Mean seconds per simulated lookup.")],
    per_day: Annotated[int, typer.Option(help="Lookups per day over the whole period.")] = 20,
    seed: Annotated[int, typer.Option()] = 1,
) -> None:
    """Write a simulated lookup log over the plan's period, to try the report before the pilot."""
    from copilot.pilot import load_plan
    from eval.timing.pilot import append_lookup, simulate_log

    if log_file.exists():
        _fail(f"{log_file} exists: simulate into a new file, never the store's real log")
    try:
        entries = simulate_log(load_plan(plan_file), mean_seconds, per_day, seed)
    except InputError as exc:
        _fail(str(exc))
        return
    for entry in entries:
        append_lookup(log_file, entry)
    console.print(f"{len(entries)} simulated lookups written to {log_file}")

