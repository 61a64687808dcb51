"""Pilot mode: the plan a store fixes before launch (`plan.py`), and, with COPILOT_PILOT set, what the
service records per real lookup (`store.py`, `recorder.py`): never the question, never the client."""

from copilot.pilot.classes import question_class
from copilot.pilot.plan import (
    HYPOTHESIS,
    DecisionRule,
    Outcome,
    PilotLookup,
    PilotPlan,
    load_plan,
    write_plan,
)
from copilot.pilot.recorder import PilotRecorder, outcome_of
from copilot.pilot.store import PilotStore, store_path

__all__ = [
    "HYPOTHESIS",
    "DecisionRule",
    "Outcome",
    "PilotLookup",
    "PilotPlan",
    "PilotRecorder",
    "PilotStore",
    "load_plan",
    "outcome_of",
    "question_class",
    "store_path",
    "write_plan",
]
