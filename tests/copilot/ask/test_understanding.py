"""Questions read in the house's words: typos corrected against the documents' own words, never an
identifier or a placeholder; synonyms from the house's file inserted where the associate's word stands."""

from __future__ import annotations

import pytest

from copilot.ask.understanding import QuestionReader, SpellingCorrector, SynonymRule, Synonyms

HOUSE_TEXTS = [
    "Every Maison Aurelle piece carries a lifetime warranty against manufacturing defects.",
    "A heat-treated sapphire can be cleaned like a diamond.",
    "Standard engraving takes 5 business days.",
    "Rhodium plating costs $85 per piece.",
]


@pytest.fixture(scope="module")
def speller() -> SpellingCorrector:
    return SpellingCorrector.from_texts(HOUSE_TEXTS)


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("whats the waranty on a necklace", "whats the warranty on a necklace"),
        ("how do i clean a saphire ring", "how do i clean a sapphire ring"),
        ("is the diamnod loose", "is the diamond loose"),
        ("egnraving fee?", "engraving fee?"),
        ("Rhodum plating", "Rhodium plating"),
    ],
)
def test_a_misspelt_word_is_corrected_to_the_house_documents_word(speller: SpellingCorrector, typed: str, read: str) -> None:
    assert speller.correct(typed) == read


def test_identifiers_placeholders_and_english_words_are_left_alone(speller: SpellingCorrector) -> None:
    text = "Mrs <PERSON_1> bought AUR-RG-1010 (report 2214587390) and wants warrenty details"
    assert speller.correct(text) == text.replace("warrenty", "warranty")
    assert speller.correct("she bought it yesterday") == "she bought it yesterday"


def test_a_synonym_rule_adds_the_house_word_after_the_associates() -> None:
    synonyms = Synonyms.parse(["# comment", "fix, mend => repair", "money back, refund"])
    assert synonyms.expand("can we fix a clasp") == "can we fix (repair) a clasp"
    assert synonyms.expand("she wants her money back") == "she wants her money back (refund)"
    assert synonyms.expand("is a refund possible") == "is a refund (money back) possible"
    assert synonyms.expand("can we repair and fix it") == "can we repair and fix it"  # already said
    assert synonyms.expand("she fixed the clasp") == "she fixed (repair) the clasp"  # an inflected word
    assert synonyms.expand("a fixture of the boutique") == "a fixture of the boutique"  # another word


def test_a_synonym_rule_without_words_is_refused_at_load() -> None:
    with pytest.raises(ValueError, match="names no words"):
        SynonymRule.parse(" => repair")


def test_the_reader_corrects_then_adds_synonyms(speller: SpellingCorrector) -> None:
    reader = QuestionReader(speller, Synonyms.parse(["guarantee, cover => warranty"]))
    assert reader.read("does the guarantee cover the diamnod") == "does the guarantee (warranty) cover the diamond"
