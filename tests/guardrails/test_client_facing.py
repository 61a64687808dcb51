"""Which requests produce text a client will read (held for approval) and which ask what the rules say."""

from __future__ import annotations

import pytest

from guardrails.client_facing import is_client_facing_request, topic_of


@pytest.mark.parametrize(
    "request_text",
    [
        "Draft a follow-up note to <PERSON_1> about the price of AUR-RG-0001",
        "Write an email to <PERSON_1> about the resizing of AUR-RG-1181",
        "Compose a message to the client <PERSON_1> about returns",
        "How should I word an email to the client about the delay?",
        "Can you draft a note to <PERSON_1> about the ring?",
        "Please email the client about the repair",
        "Note for the client: can you draft a thank-you for her visit?",
    ],
)
def test_a_request_for_a_text_is_client_facing(request_text: str) -> None:
    assert is_client_facing_request(request_text)


@pytest.mark.parametrize(
    "question",
    [
        "At what times may I send a text message to a client?",
        "How soon after a visit do I send the follow-up note?",
        "The client did not reply to my follow-up note. When can I write again?",
        "is it ok to put a smiley emoji in a text to a client",
        "How should I open an email to a client?",
        "What is the standard sign-off for a client note?",
        "What is the resizing policy?",
        # the question after a scene: "..., do we send ...?" asks the rule
        "after someone buys, do we send them a paper card or an email?",
        # the topic named first, then the question after a colon or a dash
        "late repair for a client: do I call or email first?",
        "thank-you card for a client - when do we send it?",
    ],
)
def test_a_question_about_the_rules_for_messages_is_answered_not_drafted(question: str) -> None:
    assert not is_client_facing_request(question)


def test_the_topic_of_a_draft_leaves_out_the_request_and_the_addressee() -> None:
    assert topic_of("Draft a note to <PERSON_1> about the resizing of AUR-RG-1181") == "about the resizing of AUR-RG-1181"
