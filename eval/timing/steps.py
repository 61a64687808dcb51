"""The per-step times of a lookup, read from the versioned `manual_steps.yaml` (each value with its
source), and the same times with one of them moved, for the sensitivity table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import yaml

from copilot.core.errors import InputError

STEPS_FILE = Path(__file__).with_name("manual_steps.yaml")
WORD_CHARS = 5  # the typing studies' "word": five characters


@dataclass(frozen=True)
class StepTimes:
    typing_wpm: float
    reading_wpm: float
    search_s: float
    result_opened_s: float
    document_opened_s: float
    not_found_s: float
    wrong_answer_penalty_s: float
    max_searches: int
    max_results: int
    version: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name != "version" and getattr(self, f.name) < 0:
                raise ValueError(f"{f.name} must not be negative")
        if self.typing_wpm <= 0 or self.reading_wpm <= 0:
            raise ValueError("typing_wpm and reading_wpm must be positive")

    def typing_s(self, text: str) -> float:
        return self.typing_chars_s(len(text))

    def typing_chars_s(self, chars: int) -> float:
        return chars / WORD_CHARS / self.typing_wpm * 60

    def reading_s(self, words: int) -> float:
        return words / self.reading_wpm * 60

    def scaled(self, name: str, factor: float) -> StepTimes:
        """These times with `name` multiplied by `factor` (a count is rounded, and kept at least 1)."""
        value = getattr(self, name) * factor
        if name in ("max_searches", "max_results"):
            value = max(1, round(value))
        return replace(self, **{name: value})

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


ASSUMPTIONS = tuple(f.name for f in fields(StepTimes) if f.name != "version")


def load_steps(path: Path = STEPS_FILE) -> tuple[StepTimes, dict[str, str]]:
    """The times and, per value, its source."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        values = {name: raw[name]["value"] for name in ASSUMPTIONS}
        sources = {name: " ".join(str(raw[name]["source"]).split()) for name in ASSUMPTIONS}
        return StepTimes(**values, version=int(raw["version"])), sources
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: not a per-step times file ({exc}); see eval/timing/manual_steps.yaml") from exc
