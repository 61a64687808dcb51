"""The feedback store on a real SQLite file and a real PostgreSQL: one row per answer, associate and kind; redacted comments;
values checked against the kind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from copilot.core.errors import InputError
from guardrails.feedback import FeedbackKind, FeedbackStore

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def redact_claire(text: str) -> str:
    return text.replace("Claire Laurent", "<PERSON_1>")


@pytest.fixture
def store(database_url: str) -> FeedbackStore:
    return FeedbackStore.at_url(database_url, redact=redact_claire, clock=lambda: AT)


def test_comment_is_redacted_before_it_is_stored(store: FeedbackStore, database_url: str) -> None:
    store.record(trace_id="t1", user_id="key-a", kind="rating", value="down", comment="Claire Laurent wanted euros")

    reopened = FeedbackStore.at_url(database_url, redact=str)
    [saved] = reopened.all()
    assert saved.comment == "<PERSON_1> wanted euros"
    assert (saved.trace_id, saved.user_id, saved.kind, saved.value, saved.at) == (
        "t1", "key-a", FeedbackKind.RATING, "down", AT,
    )


def test_a_second_vote_on_the_same_answer_replaces_the_first(store: FeedbackStore) -> None:
    store.record(trace_id="t1", user_id="key-a", kind="rating", value="up", comment="clear")
    store.record(trace_id="t1", user_id="key-a", kind="rating", value="down")
    store.record(trace_id="t1", user_id="key-a", kind="answered_client", value="yes")
    store.record(trace_id="t1", user_id="key-b", kind="rating", value="up")

    rows = [(f.user_id, f.kind.value, f.value, f.comment) for f in store.for_trace("t1")]
    assert rows == [
        ("key-a", "rating", "down", None),
        ("key-a", "answered_client", "yes", None),
        ("key-b", "rating", "up", None),
    ]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("rating", "yes", "rating feedback must be one of up, down"),
        ("answered_client", "up", "answered_client feedback must be one of yes, no"),
        ("stars", "5", "unknown feedback kind 'stars'"),
    ],
)
def test_values_must_fit_their_kind(store: FeedbackStore, kind: str, value: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        store.record(trace_id="t1", user_id="key-a", kind=kind, value=value)


def test_blank_comment_is_stored_as_none(store: FeedbackStore) -> None:
    assert store.record(trace_id="t1", user_id="key-a", kind="rating", value="up", comment="   ").comment is None
