"""What a conversation remembers between turns: the piece discussed, and the kind of answer asked."""

from __future__ import annotations

from pathlib import Path

from copilot.ask.conversation import ConversationStore
from copilot.core.identifiers import NamedIdentifier
from copilot.core.shared_state import SqliteState


def test_an_elliptical_follow_up_takes_the_previous_kind_of_answer() -> None:
    store = ConversationStore()
    store.remember("c", [], "How long")
    assert store.follow_up("c", "And to exchange it?") == "How long and to exchange it?"
    assert store.follow_up("c", "What about engraving?") == "How long what about engraving?"


def test_a_follow_up_that_asks_for_itself_is_left_as_it_is() -> None:
    store = ConversationStore()
    store.remember("c", [], "How long")
    for question in ("And how much does it cost?", "And can it be resized?", "And its clarity?", "Is it resizable?"):
        assert store.follow_up("c", question) == question
    assert store.follow_up("other", "And to exchange it?") == "And to exchange it?"  # nothing asked there yet


def test_a_turn_keeps_what_the_other_did_not_say_and_everything_expires() -> None:
    now = [0.0]
    store = ConversationStore(ttl_seconds=60, clock=lambda: now[0])
    piece = NamedIdentifier("sku", "AUR-RG-0001")
    store.remember("c", [piece], "")
    store.remember("c", [], "How long")  # a rule question names no piece: the piece stays in focus
    assert store.focus_for("c", "Can it be resized?") == [piece]
    assert store.follow_up("c", "And to exchange it?").startswith("How long")
    now[0] = 61
    assert store.focus_for("c", "Can it be resized?") == []
    assert store.follow_up("c", "And to exchange it?") == "And to exchange it?"


def test_a_turn_asking_no_measure_is_not_followed_by_an_older_one() -> None:
    store = ConversationStore()
    store.remember("c", [], "How long")
    store.remember("c", [], "")  # "How should a note of apology be signed off?"
    assert store.follow_up("c", "And a thank-you note?") == "And a thank-you note?"


def test_two_workers_sharing_the_state_file_continue_one_conversation(tmp_path: Path) -> None:
    path = tmp_path / "shared_state.sqlite"
    first, second = (ConversationStore(state=SqliteState(path)) for _ in range(2))
    piece = NamedIdentifier("sku", "AUR-RG-0001")
    first.remember("c", [piece], "How long")
    assert second.focus_for("c", "Can it be resized?") == [piece]
    assert second.follow_up("c", "And to exchange it?") == "How long and to exchange it?"
    second.remember_draft("trace-1", "c")
    first.remember_trace("trace-2", "key-claire")
    assert first.conversation_of_draft("trace-1") == "c" and second.trace_owner("trace-2") == "key-claire"
