"""`copilot eval`, `copilot eval lookups` and `copilot pilot ...`: the evaluation harness's commands,
registered on the `copilot` command line through the "copilot.commands" entry point, so that the
service's code never imports the harness."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from copilot.cli import DataDir, _settings, console, err_console
from copilot.core.errors import CopilotError
from eval.run_eval import RichEvalProgress, render_report, run_eval
from eval.timing import cli as timing


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Score answer quality on a question set; `lookups`: time saved per lookup.")
    group.callback(invoke_without_command=True)(eval_)
    group.command("lookups")(timing.lookups)
    app.add_typer(group, name="eval")
    app.add_typer(timing.pilot_app, name="pilot")


def eval_(
    ctx: typer.Context,
    golden: Annotated[Path, typer.Option(help="Golden questions, one JSON object a line.")] = Path(
        "eval/golden/questions.jsonl"
    ),
    sweep: Annotated[
        bool, typer.Option("--sweep", help="Also calibrate the refusal threshold (0.30..0.60): one pass per value.")
    ] = False,
    data_dir: DataDir = None,
) -> None:
    """Score the copilot and a naive LangChain RAG baseline on a question set; write eval_report[_<set>].json/.md."""
    if ctx.invoked_subcommand is not None:
        return
    settings = _settings(data_dir)
    try:
        with RichEvalProgress(console) as progress:
            report = run_eval(settings, golden, sweep=sweep, progress=progress)
    except CopilotError as exc:
        err_console.print(Text.assemble(("Error: ", "red"), str(exc)), soft_wrap=True)
        raise typer.Exit(2) from exc
    render_report(report, console)
