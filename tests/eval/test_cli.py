"""The harness's commands join `copilot` through the entry point: `copilot eval [lookups]`, `copilot pilot ...`."""

from __future__ import annotations

from typer.testing import CliRunner

from copilot.cli import register_plugins

runner = CliRunner()


def test_eval_lookups_and_pilot_report_are_copilot_commands() -> None:
    app = register_plugins()
    assert "lookups" in runner.invoke(app, ["eval", "--help"], terminal_width=200).output
    pilot = runner.invoke(app, ["pilot", "--help"], terminal_width=200).output
    assert all(command in pilot for command in ("plan", "log", "report", "simulate"))


def test_registering_twice_adds_nothing() -> None:
    app = register_plugins()
    groups = len(app.registered_groups)
    assert len(register_plugins().registered_groups) == groups
