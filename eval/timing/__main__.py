"""`python -m eval.timing ...`: the same commands as `copilot eval lookups` and `copilot pilot ...`."""

from eval.timing.cli import app

app()
