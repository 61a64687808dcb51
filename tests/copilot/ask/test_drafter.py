"""Client notes written from the example notes of the real Brand Tone Guide: the occasion recognised,
the example's formulas kept, slots filled from the request and the record, facts as sentences, and
findings that are right (a price in a first follow-up, a spec line, a reminder without consent)."""

from __future__ import annotations

import pytest

from copilot.ask.drafter import ClientDraftWriter, Draft, weave
from copilot.core.types import Citation, Passage, Statement
from guardrails.tone import ToneChecker, ToneRule, ToneRules
from tests.support.server import TONE_GUIDE

GUIDE = TONE_GUIDE
RECORD = """Celeste Three-Stone Ring, 2.22 ct (SKU AUR-RG-1010): ring of the Celeste collection
Metal: 18k Yellow Gold (750)
Center stone: diamond, 2.22 ct, cut Ideal, color G, clarity SI2
Certificate: Lumen Diamond Institute report 2919479718
Resizable: yes. French size 48 (US 4.5). Can be resized up or down by up to two sizes, complimentary within 60 days of purchase.
Price: USD 47,460
Availability: Fifth Avenue: 1; Rodeo Drive: 0"""
PIECE = Passage(
    "product:AUR-RG-1010", "product:AUR-RG-1010", "product", "Celeste Three-Stone Ring, 2.22 ct", "catalog/pieces.csv",
    "", RECORD, {"name": "Celeste Three-Stone Ring, 2.22 ct", "collection": "Celeste", "category": "ring"}, 1.0, 0.9,
    exact=True, via="named",
)
GUIDE_DOC = Citation(0, "tone_guide:brand_tone_guide", "tone_guide", "Brand Tone Guide", "policies/brand_tone_guide.md", "", "", 1.0)


@pytest.fixture(scope="module")
def rules() -> ToneRules:
    return ToneRules.from_markdown(GUIDE.read_text(encoding="utf-8"))


def line(quote: str) -> Statement:
    return Statement(quote, quote, PIECE.chunk_id, 1.0)


def draft(rules: ToneRules, request: str, *quotes: str, boutique: str = "Place Vendôme") -> Draft:
    return ClientDraftWriter(rules, "Camille Durand", boutique, GUIDE_DOC).write(request, [line(q) for q in quotes], [PIECE])


def rules_of(d: Draft) -> list[ToneRule]:
    return [f.rule for f in d.findings]


def test_thanks_after_a_purchase_keeps_the_title_and_reads_like_a_card(rules: ToneRules) -> None:
    d = draft(rules, "Draft a thank-you note to Mrs. <PERSON_1> for her purchase of AUR-RG-1010")
    assert d.text.startswith("Dear Mrs. <PERSON_1>,\n\nThank you for choosing the Celeste Three-Stone Ring.")
    assert d.text.endswith("\n\nWith warm regards,\nCamille Durand\nMaison Aurelle, Place Vendome\n")
    assert d.channel == "handwritten card" and not d.subject
    assert d.written_from == "Follow-up after a bridal appointment (handwritten card)"
    assert "Metal:" not in d.text and "[1]" not in d.text and "interest in Maison Aurelle" not in d.text
    assert rules_of(d) == [ToneRule.UNFILLED_SLOT]  # the personal detail only the associate knows
    assert [c.doc_id for c in d.citations] == ["product:AUR-RG-1010", "tone_guide:brand_tone_guide"]
    assert d.citations[1].section == "Example client notes > Follow-up after a bridal appointment (handwritten card)"


def test_a_price_asked_in_a_first_follow_up_is_left_out_and_the_guide_quoted(rules: ToneRules) -> None:
    d = draft(rules, "Draft a follow-up note to Mrs. <PERSON_1> about the price of AUR-RG-1010", "Price: USD 47,460")
    assert "47,460" not in d.text and "price" not in d.text.lower()
    [finding] = [f for f in d.findings if f.rule is ToneRule.PRICE_IN_FOLLOW_UP]
    assert finding.excerpt == "Its price is $47,460."
    assert "Associates never mention price, payment or financing in a first follow-up note." in finding.suggestion


def test_a_price_is_written_the_guides_way_where_it_is_allowed(rules: ToneRules) -> None:
    d = draft(rules, "Email Dr. <PERSON_1> that AUR-RG-1010 is ready to collect and what its price is", "Price: USD 47,460")
    assert "Its price is $47,460." in d.text and ToneRule.PRICE_IN_FOLLOW_UP not in rules_of(d)


def test_ready_for_collection_is_the_guides_example_with_its_slots_filled(rules: ToneRules) -> None:
    d = draft(rules, "Draft an email to Dr. <PERSON_1>: her AUR-RG-1010 is ready for collection, repair number R-20931")
    assert d.occasion == "Piece ready for collection" and d.channel == "email"
    assert d.text.startswith("Subject: Your Celeste Three-Stone Ring is ready\n\nDear Dr. <PERSON_1>,\n\n")
    assert "your Celeste Three-Stone Ring from the Celeste collection is ready for collection at our Place Vendome boutique" in d.text
    assert "number R-20931" in d.text and "Fifth Avenue" not in d.text
    assert [f.excerpt for f in d.findings] == ["[Opening hours]"]


def test_a_delay_closes_with_the_apology_formula_and_addresses_a_couple(rules: ToneRules) -> None:
    d = draft(rules, "Write to Ms. <PERSON_1> and Mr. <PERSON_2> about the delay of the restoration of AUR-RG-1010")
    assert d.occasion == "Repair delay apology"
    assert "Dear Ms. <PERSON_1> and Mr. <PERSON_2>," in d.text
    assert "With our sincere apologies and warm regards,\nCamille Durand\n" in d.text
    assert "!" not in d.text and ToneRule.EXCLAMATION_MARKS not in rules_of(d)


def test_a_reminder_without_recorded_consent_is_flagged(rules: ToneRules) -> None:
    without = draft(rules, "Draft an anniversary reminder for Mr. <PERSON_1> about AUR-RG-1010")
    given = draft(rules, "Draft an anniversary reminder for Mr. <PERSON_1> about AUR-RG-1010, he gave consent, on 14 March 2026")
    assert ToneRule.CONSENT in rules_of(without) and ToneRule.CONSENT not in rules_of(given)
    assert given.text.startswith("Subject: A thought for your anniversary\n\nDear Mr. <PERSON_1>,")
    assert "ahead of your anniversary on 14 March 2026" in given.text


def test_declining_explains_with_the_record_and_offers_an_alternative(rules: ToneRules) -> None:
    d = draft(rules, "Draft a note to Mrs <PERSON_1> declining the resizing of AUR-RG-1010 by three sizes",
              RECORD.splitlines()[4])
    assert d.text.startswith("Subject: An update on your Celeste Three-Stone Ring\n\nDear Mrs. <PERSON_1>,")
    assert "It can be resized up or down by up to two sizes, complimentary within 60 days of purchase." in d.text
    assert "[Alternative the Atelier can offer]" in d.text and "Please accept our sincere apologies." in d.text


def test_record_facts_are_woven_as_sentences_with_the_grades_as_printed(rules: ToneRules) -> None:
    d = draft(rules, "Draft a follow-up email to Mrs. <PERSON_1> about the clarity and the report of AUR-RG-1010",
              RECORD.splitlines()[2], RECORD.splitlines()[3])
    assert "Its center diamond of 2.22 carats is graded Ideal in cut, G in color and SI2 in clarity." in d.text
    assert "The diamond is graded by the Lumen Diamond Institute, report number 2919479718." in d.text
    assert ToneRule.SPEC_LINE not in rules_of(d)
    assert weave("Availability: Fifth Avenue: 1") is None  # stock counts never reach a client


def test_only_what_was_asked_reaches_the_note_and_never_a_rule_for_staff(rules: ToneRules) -> None:
    d = draft(rules, "Draft a thank-you note to Mrs. <PERSON_1> for her purchase of AUR-RG-1010",
              RECORD.splitlines()[4], "The client is notified by telephone or email as soon as a piece is ready.")
    assert "resized" not in d.text and "notified" not in d.text  # "purchase" names the occasion, not a topic
    d = draft(rules, "Draft a note to Mrs. <PERSON_1> after her visit about the resizing of AUR-RG-1010",
              "The client is reminded that a ring can be resized once.", RECORD.splitlines()[4])
    assert "It can be resized up or down by up to two sizes" in d.text and "reminded" not in d.text


def test_occasions_and_formulas_follow_the_guide_not_the_code(rules: ToneRules) -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    edited = guide.replace("### Piece ready for collection (email)", "### A piece ready to be collected (email)").replace(
        "Subject: Your [Piece name] is ready", "Subject: [Piece name]: ready when you are").replace(
        "I am pleased to let you know", "It is my pleasure to tell you")
    d = draft(ToneRules.from_markdown(edited), "Email Mrs. <PERSON_1> that AUR-RG-1010 is ready")
    assert d.occasion == "A piece ready to be collected" and d.subject == "Celeste Three-Stone Ring: ready when you are"
    assert "It is my pleasure to tell you that your Celeste Three-Stone Ring" in d.text


def test_checker_flags_spec_lines_markers_and_a_price_in_a_first_follow_up(rules: ToneRules) -> None:
    note = ("Dear Mrs. Whitcombe,\n\nThank you for your visit. [1]\nMetal: 18k Yellow Gold (750) [2]\n"
            "It is offered at $12,500.\n\nWith warm regards,\nCamille Durand\nMaison Aurelle, Place Vendome")
    rule = rules.lines_about("follow-up")[6]
    findings = ToneChecker(rules).check(note, price_rule=rule)
    assert [(f.rule, f.excerpt) for f in findings] == [
        (ToneRule.SPEC_LINE, "Metal: 18k Yellow Gold (750) [2]"),
        (ToneRule.CITATION_MARKER, "[1]"),
        (ToneRule.CITATION_MARKER, "[2]"),
        (ToneRule.PRICE_IN_FOLLOW_UP, "$12,500"),
    ]


def test_a_card_longer_than_the_guide_allows_is_flagged(rules: ToneRules) -> None:
    long_card = "Dear Ms. Laurent,\n\n" + "Thank you for your visit. " * 20 + "\n\nWith warm regards,\nCamille Durand"
    [finding] = ToneChecker(rules).check(long_card, channel="handwritten card")
    assert finding.rule is ToneRule.TOO_LONG and "80 words" in finding.suggestion


@pytest.mark.slow
def test_a_drafted_grade_is_never_redacted(rules: ToneRules, analyzer) -> None:  # type: ignore[no-untyped-def]
    from guardrails.redaction import AllowList, PiiRedactor
    from guardrails.redaction.allow_list import HOUSE_TERMS

    d = draft(rules, "Draft a follow-up email to Dr. <PERSON_1> about the clarity of AUR-RG-1010", RECORD.splitlines()[2])
    redacted = str(PiiRedactor(analyzer, allow_list=AllowList(terms=HOUSE_TERMS)).redact(d.text).text)
    assert "G in color and SI2 in clarity" in redacted
