"""Each sentence feature on its own: a sentence and a question read by hand, no model, no index."""

from __future__ import annotations

import math
import re
from dataclasses import fields

import pytest

from copilot.ask.sentence_features import (
    FEATURE_NAMES,
    FEATURES,
    QuestionAnalysis,
    SentenceFeatures,
    SentenceView,
    SentenceWeights,
    analyse,
    answer_type,
    denial,
    features_of,
    in_range,
    log_length,
    near_answer_share,
    of_question,
    of_record,
    of_sentence,
    opens_section,
    opposition,
    other_kind,
    passage_rank,
    position,
    similarity,
)
from copilot.ask.wording import stems

# Rarity as the index would give it: the topic words rare, "client" and "piece" common.
IDF = {stem: 4.0 for stem in stems("refund return resize resized pearl platinum channel engrave cleaned ultrasonic emerald")}
IDF |= {stem: 1.0 for stem in stems("client piece ring days within")}
KINDS = [
    [re.compile(r"\bCeleste\b", re.I), re.compile(r"\bRiviera\b", re.I)],
    [re.compile(r"\brings?\b", re.I)],
    [re.compile(r"\b(?:emerald|emeralds)\b", re.I), re.compile(r"\b(?:ruby|rubies)\b", re.I)],
]


def read(question: str, record_context: str = "", of_the_record: bool = False) -> QuestionAnalysis:
    return analyse(question, idf=IDF, manual_idf=IDF, unknown_idf=5.0, kinds=KINDS, record_context=record_context,
                   of_the_record=of_the_record)


def sentence(text: str, *, cosine: float = 0.5, rank: int = 0, place: int = 0, read_as: str | None = None) -> SentenceView:
    return SentenceView(text, read_as or text, stems(text), cosine, rank, 4, place, 5)


def test_the_table_the_fields_and_the_weights_name_the_same_features() -> None:
    assert tuple(FEATURES) == FEATURE_NAMES == tuple(f.name for f in fields(SentenceFeatures))
    assert set(FEATURE_NAMES) == {f.name for f in fields(SentenceWeights)}
    s, q = sentence("A piece may be returned for a refund within 30 days."), read("Can she get a refund?")
    f = features_of(s, q)
    assert SentenceWeights().score(f) == pytest.approx(sum(getattr(SentenceWeights(), n) * getattr(f, n) for n in FEATURE_NAMES))


def test_similarity_is_the_cosine_given() -> None:
    assert similarity(sentence("Anything.", cosine=0.73), read("Anything?")) == 0.73


def test_word_overlap_is_weighted_by_rarity_both_ways() -> None:
    q = read("How long does a client have to ask for a refund?")
    refund = sentence("A refund is issued within 10 days.")
    client = sentence("The client is greeted by name.")
    assert of_question(refund, q) > of_question(client, q) > 0
    # A long sentence about something else holds the question's words by chance: a smaller share of it.
    rambling = sentence("A refund, a resized ring, an engraved platinum band and an emerald cleaned by ultrasonic.")
    assert of_sentence(refund, q) > of_sentence(rambling, q) > 0
    assert of_question(sentence("Nothing shared here."), q) == 0


def test_answer_type_and_the_words_near_it() -> None:
    q = read("How long does a client have to return a piece for a refund?")
    window = sentence("A piece may be returned for a refund within 30 calendar days of purchase.")
    issued = sentence("Once a return is accepted, the refund is issued to the original payment method within 10 business days.")
    assert answer_type(window, q) == answer_type(issued, q) == 1.0
    assert answer_type(sentence("Returns need the receipt."), q) == 0.0
    assert near_answer_share(window, q) > near_answer_share(issued, q)


def test_a_denial_counts_only_against_a_wh_question() -> None:
    never = sentence("Emeralds must never be cleaned by ultrasonic.")
    assert denial(never, read("How should a client clean an emerald?")) == 1.0
    assert denial(never, read("Can an emerald go in the ultrasonic?")) == 0.0
    assert denial(sentence("Emeralds are cleaned with warm water."), read("How should a client clean an emerald?")) == 0.0


def test_the_opposite_comparison_is_flagged() -> None:
    q = read("What if the new piece costs less?")
    assert opposition(sentence("When the new piece costs more, the client pays the difference."), q) == 1.0
    assert opposition(sentence("When the new piece costs less, a credit note is issued."), q) == 0.0


def test_a_range_holding_the_clients_case() -> None:
    q = read("She bought it 45 days ago, can she still exchange it?")
    assert in_range(sentence("Between day 31 and day 60 after purchase, a client may exchange a piece."), q) == 1.0
    assert in_range(sentence("A piece may be returned within 30 days."), q) < 1.0


def test_the_named_piece_facets_count_only_for_a_clause_scored_against_the_piece() -> None:
    context = "Riviera; rings; Channel Band; Platinum (950)"
    rule = sentence("Channel-set rings can be resized up or down one size only.")
    assert of_record(rule, read("can it be resized?", context, of_the_record=True)) == pytest.approx(1 / 2)
    assert of_record(rule, read("can it be resized?", context)) == 0.0
    assert of_record(sentence("Platinum channel bands are resized at the atelier."), read("can it be resized?", context, True)) == 1.0


def test_another_collection_than_the_one_asked() -> None:
    riviera = read("Can a Riviera ring be resized?")
    assert other_kind(sentence("Rings from the Celeste collection can be resized up to two sizes."), riviera) == 1.0
    assert other_kind(sentence("Riviera rings cannot be resized."), riviera) == 0.0
    assert other_kind(sentence("Rings can be resized."), riviera) == 0.0
    # A stone too: a rule for emeralds does not answer a ruby question; one naming rubies (and emeralds) may.
    ruby = read("Can a ruby ring go in the ultrasonic?")
    assert other_kind(sentence("For emeralds, the stone must never go into an ultrasonic cleaner."), ruby) == 1.0
    assert other_kind(sentence("Rubies and emeralds are cleaned by hand."), ruby) == 0.0
    # The collection of the piece named counts as asked.
    assert other_kind(sentence("Celeste rings can be resized."), read("can it be resized?", "Celeste; rings")) == 0.0


def test_the_first_sentence_of_a_section_for_a_question_about_the_rule_as_a_whole() -> None:
    overview = read("What's the return policy?")
    assert opens_section(sentence("A piece may be returned within 30 days.", place=0), overview) == 1.0
    assert opens_section(sentence("A piece may be returned within 30 days.", place=2), overview) == 0.0
    assert opens_section(sentence("A piece may be returned within 30 days.", place=0), read("How long to return?")) == 0.0


def test_place_rank_and_length() -> None:
    q = read("Anything?")
    s = sentence("Three words here.", rank=2, place=1)
    assert passage_rank(s, q) == 2 / 4
    assert position(s, q) == 1 / 5
    assert log_length(s, q) == pytest.approx(math.log(4))
