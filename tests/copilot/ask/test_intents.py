"""Which clauses of a question naming a record ask about the house rules, what the manuals are
searched with for them, and which kind of answer (a count, a duration, an amount) a question asks."""

from __future__ import annotations

import pytest

from copilot.ask.intents import (
    ANSWER_KINDS,
    DURATION,
    asked_measures,
    asking_clauses,
    question_parts,
    rules_clause,
    rules_query,
    wanted_kinds,
)


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("What metal is AUR-RG-1339 made in, and how long would a resizing take?", "how long would a resizing take?"),
        ("Which gemstone does AUR-ER-6142 feature, and can the piece go in the ultrasonic cleaner?",
         "can the piece go in the ultrasonic cleaner?"),
        # a field the record has ("resized") asked together with a rules topic ("exchanged")
        ("AUR-RG-4189 is too small. Can it be resized, or exchanged for another size?",
         "Can it be resized, or exchanged for another size?"),
        # the house's fee for a service, not the piece's price; the scene naming the service is a rules clause too
        ("Client bought AUR-RG-3018 last year and wants it a size bigger. What metal is it and what's the resizing fee?",
         "Client bought AUR-RG-3018 last year and wants it a size bigger what's the resizing fee?"),
        # a service asked of the piece: the rules settle it as much as the piece's own line does
        ("Can AUR-RG-6043 be resized?", "Can AUR-RG-6043 be resized?"),
        # the clause names the record but asks how the house cares for it, not one of its fields
        ("Can the client use the polishing cloth on her AUR-ER-2081 earrings? What metal are they?",
         "Can the client use the polishing cloth on her AUR-ER-2081 earrings"),
    ],
)
def test_the_clause_about_rules_is_found(question: str, clause: str) -> None:
    assert rules_clause(question) == clause


@pytest.mark.parametrize(
    "question",
    ["What is the clarity of AUR-RG-1181?", "Which lab graded report 8749712740, and when?", "What metal and price is AUR-PD-3041?",
     "What does AUR-RG-1181 cost?"],
)
def test_a_question_only_about_the_record_has_no_rules_clause(question: str) -> None:
    assert rules_clause(question) == ""
    assert rules_query(question) == ""


def test_rules_query_keeps_the_scene_without_the_identifier() -> None:
    query = rules_query("My client wears AUR-ER-4230 to the pool. What metal is it and what should she know?")
    assert "AUR-ER-4230" not in query
    assert "to the pool" in query and "what should she know?" in query


def test_rules_query_drops_the_identifier_from_a_clause_that_names_it() -> None:
    query = rules_query("Can the client use the polishing cloth on her AUR-ER-2081 earrings? What metal are they?")
    assert query == "Can the client use the polishing cloth on her earrings"


@pytest.mark.parametrize(
    ("question", "answer", "fits"),
    [
        ("How many times can the same piece be exchanged?", "Each piece may be exchanged only once.", True),
        ("How many guests can come?", "A private salon appointment may include up to six guests.", True),
        # a duration or an amount is no count
        ("How many guests can come?", "A private salon appointment must be booked at least 48 hours in advance.", False),
        ("How many guests can come?", "Hand engraving costs $350 per piece.", False),
        ("How many times can the same piece be exchanged?", "The client pays the difference.", False),
        ("How long does a resizing take?", "Ring resizing takes 10 business days.", True),
        ("What is the lead time for hand engraving?", "Hand engraving takes 15 business days.", True),
        ("How much does rhodium plating cost?", "Rhodium plating takes 5 business days.", False),
        ("How much transport time does the Paris Atelier add?", "Hand engraving costs $350 per piece.", False),
        ("How much transport time does the Paris Atelier add?", "It adds 10 business days for transport.", True),
        ("When is an insurance appraisal complimentary?", "It is issued with every purchase of $5,000 or more.", True),
        ("When does the client have to approve the estimate?", "If the cost rises by more than 10%, the client approves again.", True),
        ("Can I call a diamond an investment? What word should I use instead?", '"investment" -> "heirloom"', True),
        ("What do I say when a client wants to think about it?", 'The answer is "Of course, please take all the time you need."', True),
        ("What word should I use instead of cheap?", "Associates never write about a client's budget.", False),
        ("Is the first resizing of a ring free of charge?", "A ring can be resized once without charge within 60 days.", True),
        ("What does the warranty cover, and for how long?", "Every piece carries a lifetime warranty.", True),
        ('What does "last on, first off" mean for pearls?', 'The rule is "last on, first off": pearls go on after perfume.', True),
        ('What does "last on, first off" mean for pearls?', 'For pearls, the associate explains "last on, first off".', False),
        ("How should a note of apology be signed off?", 'A note of apology closes with "With our sincere apologies,".', True),
        ("How should a note of apology be signed off?", "A note of apology is handwritten.", False),
    ],
)
def test_the_kind_of_answer_asked_is_recognised_in_a_sentence(question: str, answer: str, fits: bool) -> None:
    wanted = [kind.looks_like for kind in ANSWER_KINDS if kind.asked_by.search(question)]
    assert wanted and any(p.search(answer) for p in wanted) is fits


@pytest.mark.parametrize(
    ("question", "measure", "stated"),
    [
        ("What is the price of platinum per gram today?", "$95 per piece", True),
        ("What is the price of platinum per gram today?", "Maison Aurelle platinum is 950 platinum.", False),
        ("How long does a client have to return a piece?", "within 30 calendar days", True),
        ("How many guests can come to the salon?", "up to six guests", True),
    ],
)
def test_a_wh_question_asks_for_a_measure(question: str, measure: str, stated: bool) -> None:
    measures = asked_measures(question)
    assert measures and any(p.search(measure) for p in measures) is stated


@pytest.mark.parametrize(
    "question",
    [
        "Can a client pay for a rush service on Paris Atelier work?",  # answered by a rule, not an amount
        "Is engraving complimentary on a Celeste engagement ring?",
        "How should a client clean an emerald ring at home?",  # a way, not a measure
    ],
)
def test_a_yes_no_question_or_one_asking_a_way_asks_for_no_measure(question: str) -> None:
    assert asked_measures(question) == []


@pytest.mark.parametrize(
    ("question", "asking"),
    [
        ("client paid $12,000 and is returning it within 2 weeks, can I just process the refund?", "can I just process the refund?"),
        ("How long does a client have to return a piece?", "How long does a client have to return a piece?"),
        ("her band looks yellowish, it was plated 2 years ago", "her band looks yellowish, it was plated 2 years ago"),
    ],
)
def test_the_kind_of_answer_is_read_from_the_clause_that_asks(question: str, asking: str) -> None:
    assert asking_clauses(question) == asking


def test_a_duration_in_the_scene_is_not_a_duration_asked() -> None:
    assert DURATION not in wanted_kinds("She is returning it within 2 weeks, can I refund her?")
    assert DURATION in wanted_kinds("Within how many days can she return it?")


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("How much does standard engraving cost and how long does it take?",
         ["How much does standard engraving cost", "how long does it take? (standard engraving)"]),
        ("how long does it take to tighten a loose stone, and to solder a broken chain?",
         ["how long does it take to tighten a loose stone", "how long to solder a broken chain?"]),
        ("how long do we wait for a late client, and when do we confirm appointments?",
         ["how long do we wait for a late client", "when do we confirm appointments?"]),
        # the house's words added after the associate's are not the part's own topic
        ("How much does standard engraving cost and how long does it take (business days)?",
         ["How much does standard engraving cost", "how long does it take (business days)? (standard engraving)"]),
        ("What are the fee and lead time for hand engraving at the Paris Atelier?",
         ["What are the fee and lead time for hand engraving at the Paris Atelier?"]),
        ("Can a Celeste ring be resized?", ["Can a Celeste ring be resized?"]),
        # an auxiliary with its subject after it opens a question; without one it carries on the statement
        ("is it platinum and can it be resized?", ["is it platinum", "can it be resized? (platinum)"]),
        ("client paid $12,000 on her card and is returning it within 2 weeks, can I just process the refund?",
         ["client paid $12,000 on her card and is returning it within 2 weeks, can I just process the refund?"]),
        ("she wore it once and does want a refund now", ["she wore it once and does want a refund now"]),
    ],
)
def test_a_question_is_split_into_the_questions_it_asks(question: str, parts: list[str]) -> None:
    assert [p.text for p in question_parts(question)] == parts


def test_the_same_question_of_another_thing_is_a_part_answered_in_its_own_words() -> None:
    first, other = question_parts("how hard is sapphire on the Mohs scale, and tanzanite?")
    assert first.text == "how hard is sapphire on the Mohs scale" and not first.own
    assert other.own == "tanzanite" and "Mohs scale" in other.text
    assert [p.text for p in question_parts("Can I clean it with soap and water?")] == ["Can I clean it with soap and water?"]


def test_seconds_are_a_duration() -> None:
    assert DURATION.search("Every client is greeted within 30 seconds of entering the boutique.")


def test_a_maximum_number_asks_a_count() -> None:
    assert asked_measures("what's the max number of reminders a client can get in a year?")


def test_the_measure_asked_is_read_from_the_clause_that_asks() -> None:
    assert asked_measures("if she wants it 3 sizes bigger, how much does the new shank cost?")
    assert not asked_measures("she bought it 3 weeks ago, can she return it?")


def test_a_yes_no_question_about_a_fee_asks_an_amount() -> None:
    assert asked_measures("is there a fee for an appointment outside opening hours?")
    assert asked_measures("Do we charge for engraving a Celeste ring?")
    assert not asked_measures("Is the first resizing of a ring possible after 60 days?")


def test_answer_kinds_are_one_named_table_whose_flags_say_which_are_measures_and_carried():
    from copilot.ask.intents import CARRIED_KINDS, KIND

    assert len(KIND) == len(ANSWER_KINDS)  # names are unique
    assert asked_measures("How long does a resizing take?") == [KIND["duration"].looks_like]
    assert asked_measures("Can she have it resized?") == []  # a rule, not a measure
    assert {k.name for k in CARRIED_KINDS} >= {"duration", "amount", "time_or_condition"}
    assert KIND["rule"] not in CARRIED_KINDS  # "and for a bridal one?" carries no rule


@pytest.mark.parametrize("question", [
    "she wants her money back on the ring we made from scratch for her, is that ok",
    "do ppl need to book for the yearly clean or can they just drop by",
    "Can a Celeste ring be resized?",
])
def test_a_yes_no_on_what_is_allowed_asks_for_a_rule_wherever_it_stands(question):
    from copilot.ask.intents import KIND

    assert KIND["rule"].looks_like in wanted_kinds(question)


def test_a_question_on_what_is_so_asks_no_rule():
    from copilot.ask.intents import KIND

    assert KIND["rule"].looks_like not in wanted_kinds("what is the clarity of the diamond, and its colour?")
