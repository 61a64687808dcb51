"""schemathesis against the live service: for every route of the OpenAPI schema, a bounded number of
generated requests (positive and negative) with an associate's key and with a manager's. Any 5xx, or a
response the schema does not describe, fails the suite."""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode

from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY

pytestmark = pytest.mark.slow

EXAMPLES_PER_ROUTE = 25  # per role and mode: ~1,000 requests in all, a minute or two on 2 cores


@pytest.mark.parametrize("key", [ASSOCIATE_KEY, MANAGER_KEY], ids=["associate", "manager"])
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["positive", "negative"])
def test_no_route_answers_a_5xx_or_outside_its_schema(base_url: str, key: str, mode: GenerationMode) -> None:
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @hypothesis.settings(
            max_examples=EXAMPLES_PER_ROUTE,
            deadline=None,
            database=None,
            derandomize=True,  # the same requests every run: a failure replays
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {key}"})

        try:
            run()
        except hypothesis.errors.Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # a route taking nothing has no invalid request to send
        except Exception as exc:  # noqa: BLE001 - every route's failure is collected, then all reported
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
