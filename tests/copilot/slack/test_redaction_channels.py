"""One sentence, one redaction, whichever way it comes in: the question asked through the API (the
tablet sends the same /v1/ask), the same question as Slack's slash command delivers it, a feedback
comment, and a manager's reason and edit all keep the same words and lose the same client details."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from copilot.core.settings import Settings
from tests.copilot.slack.conftest import SlackSender
from tests.support.fake_slack import FakeSlack
from tests.support.server import ASSOCIATE_KEY, MANAGER_KEY, http_client

pytestmark = pytest.mark.slow

# (what the associate types, how Slack delivers it, the client details in it)
SENTENCES = [
    (
        "draft a note to pearl okafor, dob 14/03/1987, passport 18AV12345, that her Celeste Halo Ring is ready",
        "draft a note to pearl okafor, dob 14/03/1987, passport 18AV12345, that her Celeste Halo Ring is ready",
        ["pearl okafor", "14/03/1987", "18AV12345"],
    ),
    (
        "draft a note to mrs jade whitfield (14 rue de la paix, 75002 paris, +33 6 12 34 56 78) that her "
        "Celeste Solitaire Ring can be resized & engraved",
        "draft a note to mrs jade whitfield (14 rue de la paix, 75002 paris, <tel:+33612345678|+33 6 12 34 56 78>) "
        "that her Celeste Solitaire Ring can be resized &amp; engraved",
        ["jade whitfield", "14 rue de la paix", "75002 paris", "+33 6 12 34 56 78"],
    ),
]
_PLACEHOLDER = re.compile(r"<([A-Z_]+)_\d+>")


def same_shape(text: str) -> str:
    """Placeholders without their number: a conversation's vault numbers them in its own order."""
    return _PLACEHOLDER.sub(r"<\1>", text)


@pytest.fixture
def api(slack_service: tuple[str, Settings]) -> Iterator[httpx.Client]:
    with http_client(slack_service[0], ASSOCIATE_KEY) as c:
        yield c


@pytest.fixture
def manager(slack_service: tuple[str, Settings]) -> Iterator[httpx.Client]:
    with http_client(slack_service[0], MANAGER_KEY) as c:
        yield c


@pytest.mark.parametrize(("typed", "from_slack", "details"), SENTENCES)
def test_every_channel_redacts_a_sentence_the_same_way(
    api: httpx.Client, manager: httpx.Client, sender: SlackSender, slack: FakeSlack,
    typed: str, from_slack: str, details: list[str],
) -> None:
    asked = api.post("/v1/ask", json={"question": typed})
    assert asked.status_code == 200, asked.text
    answer = asked.json()
    assert answer["requires_approval"], answer
    through_api = manager.get(f"/v1/approvals/{answer['approval_id']}").json()["question"]

    _, response_url = sender.command(from_slack)
    reply = slack.wait_for(lambda c: c.path.endswith(response_url.rsplit("/", 1)[1]), "no answer from the slash command")
    trace_id = reply.payload["blocks"][-1]["elements"][0]["value"]
    held = [a for a in manager.get("/v1/approvals").json() if a["trace_id"] == trace_id]
    assert len(held) == 1, "the slash command's draft is not held"
    through_slack = held[0]["question"]

    feedback = api.post("/v1/feedback", json={"trace_id": answer["trace_id"], "rating": "up", "comment": typed})
    assert feedback.status_code == 201, feedback.text
    edited = manager.post(f"/v1/approvals/{answer['approval_id']}/edit", json={"reason": typed, "text": typed})
    assert edited.status_code == 200, edited.text
    decided = edited.json()

    seen = {
        "api": through_api,
        "slack": through_slack,
        "feedback comment": feedback.json()["comment"],
        "manager's reason": decided["reason"],
        "manager's edit": decided["final_text"],
    }
    shapes = {channel: same_shape(text) for channel, text in seen.items()}
    assert len(set(shapes.values())) == 1, shapes
    for detail in details:
        assert all(detail.lower() not in text.lower() for text in seen.values()), (detail, seen)
    for house_fact in ("Celeste Halo Ring", "Celeste Solitaire Ring"):
        assert (house_fact in typed) == (house_fact in through_api)
