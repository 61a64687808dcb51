"""The jewelry trade's words (guardrails/redaction/trade_vocabulary.txt) are house words even when the
index never writes them: gems, cuts, metals, settings and staff roles stay, the client beside them goes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from presidio_analyzer import AnalyzerEngine

from guardrails.redaction import PiiRedactor, build_analyzer
from guardrails.redaction.allow_list import HOUSE_TERMS, AllowList
from guardrails.redaction.house_vocabulary import HouseVocabulary
from guardrails.redaction.trade_vocabulary import TRADE_VOCABULARY, read_trade_words, trade_words

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def test_the_shipped_file_holds_gems_the_sample_corpus_never_writes() -> None:
    words = trade_words()
    corpus = " ".join(p.read_text(encoding="utf-8").lower() for p in SAMPLE.rglob("*") if p.suffix in (".md", ".csv"))
    unseen = [w for w in ("amber", "jade", "opal", "tanzanite", "morganite", "spinel", "onyx", "jet") if not re.search(rf"\b{w}\b", corpus)]
    assert unseen, "the sample corpus writes every one of these gems: pick others to prove the file's worth"
    for word in ("amber", "jade", "opal", "topaz", "tanzanite", "morganite", "spinel", "tourmaline", "peridot",
                 "garnet", "aquamarine", "onyx", "coral", "jet", "prong", "bezel", "milgrain", "gemologist", "concierge"):
        assert word in words, word


def test_a_term_adds_each_of_its_words_and_comments_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "trade.txt"
    path.write_text("# a comment\nlapis lazuli\nlab-grown  # inline comment\ntiger's eye\n\n", encoding="utf-8")
    assert read_trade_words(path) == {"lapis", "lazuli", "lab-grown", "lab", "grown", "tiger's", "tiger", "eye"}


def test_a_line_without_a_word_is_refused_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "trade.txt"
    path.write_text("amber\n18 / 750\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"trade.txt line 2"):
        read_trade_words(path)
    with pytest.raises(ValueError, match="cannot read the trade vocabulary"):
        read_trade_words(tmp_path / "missing.txt")


def test_the_house_vocabulary_takes_the_trade_words_unless_told_otherwise() -> None:
    assert TRADE_VOCABULARY.exists()
    assert "tanzanite" in HouseVocabulary.from_texts(["The Celeste line."]).trade
    assert HouseVocabulary.from_texts(["The Celeste line."], trade=()).trade == frozenset()


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture(scope="module")
def service(analyzer: AnalyzerEngine) -> PiiRedactor:
    files = sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".md", ".csv"))
    return PiiRedactor(
        analyzer,
        allow_list=AllowList(terms=HOUSE_TERMS),
        house_vocabulary=HouseVocabulary.from_texts(p.read_text(encoding="utf-8") for p in files),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "is amber warmer than jade to the touch",
        "what is amber made of",
        "is opal ok for an everyday ring",
        "amber is a fossil resin, not a mineral",
        "jade has a waxy lustre",
        "does amber change colour in the sun",
        "can opal take a high polish",
        "tanzanite cushion 3.01 ct in stock?",
        "Tanzanite or morganite for an engagement ring",
        "the ruby's setting is loose",
        "sterling silver chain with a lapis lazuli pendant",
        "ask the gemologist whether the jade is jadeite or nephrite",
        "the stone setter retipped the prongs, 18k white gold, VS2",
        "the boutique manager signs off on the spinel exchange",
        "amber-coloured glass, not amber",
        "sophie's jade is cracked",
        "jade pls, not jadeite",
        "jasper needs cleaning before the viewing",
        "opal came loose from the bezel",
        "looking for amber earrings under 2,000",
        "Amber is a fossil resin, not a mineral",
        "Sterling Silver chain, 45 cm",
    ],
)
def test_a_sentence_about_the_trade_gets_no_placeholder(service: PiiRedactor, text: str) -> None:
    assert service.find(text) == [], service.redact(text).text


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "person", "kept"),
    [
        ("Pearl Okafor's pearl necklace needs restringing", "Pearl Okafor", "pearl necklace"),
        ("amber cole's amber pendant came back from the atelier", "amber cole", "amber pendant"),
        ("opal whitaker's opal needs a new bezel", "opal whitaker", "opal needs"),
        ("send amber the photos of the morganite ring", "amber", "morganite ring"),
        ("hi jade, your spinel ring is resized", "jade", "spinel ring"),
        ("amber 07700 900123 wants the tanzanite", "amber", "tanzanite"),
        ("can amber pick up the topaz on friday", "amber", "topaz"),
        ("crystal's birthday is on friday, she likes aquamarine", "crystal", "aquamarine"),
        ("Paid in full by Crystal Gold for the Tanzanite pendant", "Crystal Gold", "Tanzanite pendant"),
    ],
)
def test_a_client_with_a_gems_name_is_redacted_and_the_gem_kept(
    service: PiiRedactor, text: str, person: str, kept: str
) -> None:
    redacted = service.redact(text).text
    assert kept in redacted, redacted
    assert "<PERSON_1>" in redacted and redacted.count(person.split()[0]) == text.count(person.split()[0]) - 1, redacted
