"""The pilot plan (pilot.yaml), fixed before launch, and one lookup of the pilot as the report reads it.
Shared by the service (which records lookups when COPILOT_PILOT names a plan) and `copilot pilot`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from copilot.core.errors import InputError

HYPOTHESIS = "Can an associate copilot reduce time spent on product lookups by 30%?"
Outcome = Literal["answered", "closest", "refused", "error"]


class DecisionRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    adopt_when: Literal["ci_lower_at_least_target", "estimate_at_least_target"] = Field(
        "ci_lower_at_least_target",
        description="adopt when the interval's lower bound (or the estimate) of the reduction reaches the target",
    )
    stop_when: Literal["ci_upper_below_target", "estimate_below_target"] = "ci_upper_below_target"
    confidence: float = Field(0.95, gt=0.5, lt=1)
    min_lookups: int = Field(200, gt=0, description="fewer timed lookups in the period give no decision")
    bootstrap_resamples: int = Field(2000, ge=200)
    seed: int = 20261201


class PilotPlan(BaseModel):
    """pilot.yaml: everything the decision depends on, written down before the pilot starts."""

    model_config = ConfigDict(extra="forbid")

    version: int = 1
    hypothesis: str = HYPOTHESIS
    fixed_on: date = Field(description="the day the plan was fixed; it must be before `start`")
    baseline_seconds_per_lookup: float = Field(gt=0)
    baseline_source: str = Field(min_length=1, description="where the baseline comes from")
    target_reduction: float = Field(0.30, gt=0, lt=1)
    start: date
    end: date
    boutiques: list[str] = Field(min_length=1)
    decision: DecisionRule = DecisionRule()

    @model_validator(mode="after")
    def _dates(self) -> PilotPlan:
        if self.end < self.start:
            raise ValueError("end is before start")
        if self.fixed_on >= self.start:
            raise ValueError("fixed_on must be before start: the plan is fixed before the pilot launches")
        return self

    @property
    def target_seconds(self) -> float:
        return self.baseline_seconds_per_lookup * (1 - self.target_reduction)


class PilotLookup(BaseModel):
    """One real lookup during the pilot. No question text: extra fields (a `question`) are refused.

    `seconds` is unknown (None) for a lookup the service recorded that the associate never marked
    "answered the client": the service sees the question arrive, not the client leave with the answer."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    at: datetime
    boutique: str = Field(min_length=1)
    question_class: str = Field(min_length=1, alias="class")
    outcome: Outcome
    seconds: float | None = Field(None, gt=0, description="question asked to answer in hand, the whole lookup")
    latency_ms: float | None = Field(None, ge=0)
    answered_client: bool | None = None
    vote: Literal["up", "down"] | None = None
    approval_wait_s: float | None = Field(None, ge=0)


def load_plan(path: Path) -> PilotPlan:
    try:
        return PilotPlan.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise InputError(f"{path}: cannot read the pilot plan ({exc})") from exc
    except (yaml.YAMLError, ValidationError) as exc:
        raise InputError(f"{path}: not a valid pilot plan: {exc}") from exc


def write_plan(plan: PilotPlan, path: Path) -> None:
    path.write_text(yaml.safe_dump(plan.model_dump(mode="json"), sort_keys=False, allow_unicode=True), encoding="utf-8")
