"""The prompt and message templates (jinja2, one file each, named for what they produce) and `render`.

Undefined variables raise, so a template never silently drops a fact, a name or a citation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound

PROMPTS_DIR = Path(__file__).parent
SUFFIX = ".txt.j2"


def render(name: str, **context: object) -> str:
    """Render `prompts/<name>.txt.j2` (the suffix may be given or left out) with `context`."""
    file_name = name if name.endswith(SUFFIX) else f"{name}{SUFFIX}"
    try:
        template = _environment().get_template(file_name)
    except TemplateNotFound:
        raise ValueError(f"no prompt template {name!r} in {PROMPTS_DIR}; available: {', '.join(available())}") from None
    return template.render(**context)


def available() -> list[str]:
    """The template names `render` accepts."""
    return sorted(path.name.removesuffix(SUFFIX) for path in PROMPTS_DIR.glob(f"*{SUFFIX}"))


def escape_mrkdwn(text: str) -> str:
    """Slack reads &, < and > as control characters; a redaction placeholder like <PERSON_1> must stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(PROMPTS_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    env.filters["mrkdwn"] = escape_mrkdwn
    return env
