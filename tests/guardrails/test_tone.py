"""Tone rules read from the real Brand Tone Guide (file and index chunks), the checker's findings on
planted violations and on clean notes, and the prompt templates under StrictUndefined."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import jinja2
import pytest

from copilot.core.errors import InputError
from guardrails.tone import ToneChecker, ToneRule, ToneRules
from guardrails.tone.sections import markdown_sections
from ingestion.chunking import MarkdownChunker
from ingestion.loaders.markdown_doc import load_markdown
from prompts import available, render

POLICIES = Path(__file__).resolve().parents[2] / "data" / "sample" / "policies"
GUIDE = POLICIES / "brand_tone_guide.md"


@pytest.fixture(scope="module")
def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rules(guide: str) -> ToneRules:
    return ToneRules.from_markdown(guide)


@pytest.fixture(scope="module")
def checker(rules: ToneRules) -> ToneChecker:
    return ToneChecker(rules)


def client_note(rules: ToneRules, **overrides: object) -> str:
    context: dict[str, object] = {
        "subject": "",
        "greeting": rules.greeting_for("<PERSON_1>"),
        "paragraphs": [
            "Thank you for visiting us at Fifth Avenue on Saturday and for your interest in the Celeste solitaires.",
            "Rings from the Celeste collection can be resized up to two sizes, complimentary within 60 days of "
            "purchase. Unworn pieces may be returned within 30 days of purchase with their certificate of authenticity.",
            "Whenever you would like to see the ring again, I would be delighted to welcome you to the private salon.",
        ],
        "sign_off_lines": [rules.standard_sign_off, "Camille Durand", rules.boutique_line("Fifth Avenue")],
    }
    context.update(overrides)
    return render("client_draft", **context)


def tone_guide_chunks(chunk_tokens: int, overlap_tokens: int) -> list[str]:
    loaded = load_markdown(GUIDE, "policies/brand_tone_guide.md")
    document = loaded.records[0][1]
    return [c.text for c in MarkdownChunker(chunk_tokens, overlap_tokens).chunks(document, "tone_guide", "x")]


# --- rules from the guide ---------------------------------------------------------------------------


def test_rules_are_parsed_from_the_real_tone_guide(rules: ToneRules) -> None:
    avoided = {a.term: a.replacement for a in rules.avoided}
    assert len(avoided) >= 15
    assert avoided["cheap"] == "accessible" and avoided["jewelry store"] == "boutique"
    assert avoided["sorry for the inconvenience"] == "please accept our sincere apologies"
    assert rules.standard_greeting == "Dear" and "Dear Ms. Laurent," in rules.greeting_examples
    assert {"Madame", "Monsieur"} <= set(rules.greetings)
    assert rules.standard_sign_off == "With warm regards,"
    assert "With our sincere apologies and warm regards," in rules.sign_offs
    assert {"Hi", "Hello", "Dear Customer"} <= set(rules.forbidden_greetings)
    assert {"Best", "Cheers", "XO"} <= set(rules.forbidden_sign_offs)
    assert len(rules.boutique_lines) == 5 and rules.boutique_line("ginza") == "Maison Aurelle, Ginza"
    assert rules.no_emoji and rules.max_exclamation_marks == 1
    assert "bad news" in rules.no_exclamation_in and "apology" in rules.no_exclamation_in


def test_preferred_terms_come_from_the_table_and_add_what_they_are_never_called(rules: ToneRules) -> None:
    preferred = {p.term for p in rules.preferred}
    assert {"boutique", "client", "piece", "grading report", "certificate of authenticity", "private salon"} <= preferred
    avoided = {a.term: a.replacement for a in rules.avoided}
    assert avoided["store"] == "boutique" and avoided["VIP room"] == "private salon"
    assert avoided["certificate"] == "grading report"


def test_rules_follow_the_guide_not_the_code(guide: str) -> None:
    edited = guide.replace('- "cheap" -> "accessible"', '- "pricey" -> "exceptional"').replace(
        '"With warm regards,"', '"Yours sincerely,"'
    )
    checker = ToneChecker(ToneRules.from_markdown(edited))
    note = "Dear Ms. Laurent,\n\nA cheap and pricey note.\n\nYours sincerely,\nCamille Durand"
    assert [(f.rule, f.excerpt) for f in checker.check(note)] == [(ToneRule.AVOIDED_TERM, "pricey")]


def test_a_document_that_is_not_the_tone_guide_is_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="Words and phrases to avoid"):
        ToneRules.from_markdown((POLICIES / "client_service_policy.md").read_text(encoding="utf-8"))


def test_rules_rebuilt_from_index_chunks_equal_the_rules_from_the_file(rules: ToneRules) -> None:
    # Small chunks with a large overlap split the avoid list and the tables several times.
    for chunk_tokens, overlap in ((200, 30), (60, 25)):
        chunks = tone_guide_chunks(chunk_tokens, overlap)
        assert sum(c.partition("\n")[0].endswith(" > Words and phrases to avoid") for c in chunks) >= 2
        rebuilt = ToneRules.from_chunks(chunks)
        if chunk_tokens < 100:
            # Chunks smaller than a letter lose the blank line at their edges: a paragraph break of an
            # example note may go with it, but never its subject, greeting or sign-off.
            assert [(e.heading, e.subject, e.greeting, e.sign_off) for e in rebuilt.examples] == [
                (e.heading, e.subject, e.greeting, e.sign_off) for e in rules.examples
            ]
            rebuilt = dataclasses.replace(rebuilt, examples=rules.examples)
        assert rebuilt == rules


def test_rules_from_chunks_do_not_depend_on_how_deep_the_heading_path_is(rules: ToneRules) -> None:
    # An earlier chunker repeated the manual's H1 after its title: "Brand Tone Guide > Brand Tone Guide > ...".
    chunks = ["Brand Tone Guide > " + c for c in tone_guide_chunks(200, 30)]
    assert ToneRules.from_chunks(chunks) == rules


def test_rules_from_chunks_do_not_depend_on_their_order(rules: ToneRules) -> None:
    chunks = tone_guide_chunks(60, 25)
    random.Random(7).shuffle(chunks)
    shuffled = ToneRules.from_chunks(chunks)
    assert set(shuffled.avoided) == set(rules.avoided)
    assert shuffled.standard_greeting == rules.standard_greeting
    assert shuffled.standard_sign_off == rules.standard_sign_off


# --- the checker ------------------------------------------------------------------------------------


def test_planted_violations_yield_exactly_those_findings(checker: ToneChecker) -> None:
    note = (
        "Dear Ms. Laurent,\n\n"
        "Thank you for visiting us at Fifth Avenue! The Celeste solitaire suits you beautifully 💎 and we also have "
        "a cheap alternative in the Riviera collection!\n\n"
        "I look forward to welcoming you again."
    )
    findings = checker.check(note)
    assert [(f.rule, f.excerpt) for f in findings if f.rule is not ToneRule.EXCLAMATION_MARKS] == [
        (ToneRule.AVOIDED_TERM, "cheap"),
        (ToneRule.EMOJI, "💎"),
        (ToneRule.MISSING_SIGN_OFF, "I look forward to welcoming you again."),
    ]
    assert [f.rule for f in findings].count(ToneRule.EXCLAMATION_MARKS) == 1
    assert len(findings) == 4
    by_rule = {f.rule: f for f in findings}
    assert by_rule[ToneRule.AVOIDED_TERM].suggestion == 'write "accessible" instead of "cheap"'
    assert "With warm regards," in by_rule[ToneRule.MISSING_SIGN_OFF].suggestion
    assert "at most 1 exclamation mark" in by_rule[ToneRule.EXCLAMATION_MARKS].suggestion


@pytest.mark.parametrize("with_subject", [False, True])
def test_a_note_written_from_the_client_draft_template_is_clean(rules: ToneRules, checker: ToneChecker, with_subject: bool) -> None:
    note = client_note(rules, **({"subject": "Your Celeste ring"} if with_subject else {}))
    assert note.startswith("Subject: Your Celeste ring\n\nDear <PERSON_1>,\n\n" if with_subject else "Dear <PERSON_1>,\n\n")
    assert note.endswith("\n\nWith warm regards,\nCamille Durand\nMaison Aurelle, Fifth Avenue\n")
    assert "complimentary within 60 days of purchase. Unworn pieces" in note
    assert checker.check(note, slots=True) == []


def test_the_example_notes_of_the_guide_itself_are_clean(guide: str, checker: ToneChecker) -> None:
    examples = [s for s in markdown_sections(guide) if s.is_about("example client notes") and "```" in s.body]
    assert len(examples) == 4
    for section in examples:
        assert checker.check(section.body.strip("`\n ")) == [], section.path[-1]


def test_avoided_terms_match_whole_words_in_any_case(checker: ToneChecker) -> None:
    text = "Our WORKSHOP in Paris does no wholesale; the Stock of the Jewelry  Store is CHEAP, no problem."
    assert [f.excerpt for f in checker.check(text, client_note=False)] == ["Stock", "Jewelry  Store", "CHEAP", "no problem"]


def test_a_preferred_term_containing_an_avoided_word_is_not_a_finding(checker: ToneChecker) -> None:
    text = "Your certificate of authenticity is enclosed, with the certificate from the laboratory."
    findings = checker.check(text, client_note=False)
    assert [(f.excerpt, f.suggestion) for f in findings] == [("certificate", 'write "grading report" instead of "certificate"')]


def test_any_exclamation_mark_in_bad_news_is_a_finding(checker: ToneChecker) -> None:
    good_news = "Your ring is ready for collection!"
    bad_news = "Your ring is delayed by the Atelier, and we are working on it!"
    assert checker.check(good_news, client_note=False) == []
    [finding] = checker.check(bad_news, client_note=False)
    assert finding.rule is ToneRule.EXCLAMATION_MARKS and "contain none" in finding.suggestion


def test_emoji_and_emoticons_are_findings(checker: ToneChecker) -> None:
    findings = checker.check("See you soon 👍🏽 and thank you :) ❤️", client_note=False)
    assert [(f.rule, f.excerpt) for f in findings] == [
        (ToneRule.EMOJI, "👍🏽"), (ToneRule.EMOJI, ":)"), (ToneRule.EMOJI, "❤️")
    ]
    assert checker.check("We open at 10:30 (Paris time).", client_note=False) == []


def test_forbidden_greeting_and_sign_off_are_named(checker: ToneChecker) -> None:
    findings = checker.check("Hi Claire,\n\nYour ring is ready.\n\nCheers,\nCamille")
    assert [(f.rule, f.excerpt) for f in findings] == [
        (ToneRule.FORBIDDEN_GREETING, "Hi"),
        (ToneRule.FORBIDDEN_SIGN_OFF, "Cheers,"),
    ]
    assert 'e.g. "Dear Ms. Laurent,"' in findings[0].suggestion


def test_missing_greeting_is_a_finding_only_in_a_client_note(checker: ToneChecker) -> None:
    text = "Your ring is ready.\n\nWith warm regards,\nCamille Durand\nMaison Aurelle, Bond Street"
    assert [f.rule for f in checker.check(text)] == [ToneRule.MISSING_GREETING]
    assert checker.check(text, client_note=False) == []


def test_french_and_apology_formulas_of_the_guide_are_accepted(checker: ToneChecker) -> None:
    french = "Madame,\n\nVotre bague est prête.\n\nBien cordialement,\nCamille Durand\nMaison Aurelle, Place Vendome"
    apology = (
        "Dear Mr. Okafor,\n\nPlease accept our sincere apologies for the delay.\n\n"
        "With our sincere apologies and warm regards,\nCamille Durand\nMaison Aurelle, Bond Street"
    )
    assert checker.check(french) == [] and checker.check(apology) == []


def test_word_limit_from_the_guide(checker: ToneChecker) -> None:
    [finding] = checker.check("Unfortunately the clasp is worn and, unfortunately, it must be replaced.", client_note=False)
    assert finding.rule is ToneRule.WORD_LIMIT and 'use "unfortunately" at most once' in finding.suggestion


def test_findings_are_json_ready_for_the_approval_queue(checker: ToneChecker) -> None:
    [finding] = checker.check("A cheap ring.", client_note=False)
    assert finding.to_dict() == {"rule": "avoided_term", "excerpt": "cheap", "suggestion": 'write "accessible" instead of "cheap"'}


def test_unknown_boutique_and_blank_client_name_are_input_errors(rules: ToneRules) -> None:
    with pytest.raises(InputError, match="unknown boutique 'Madison Avenue'; the tone guide names: Maison Aurelle, Fifth"):
        rules.boutique_line("Madison Avenue")
    with pytest.raises(InputError, match="placeholder"):
        rules.greeting_for(" ")


# --- templates --------------------------------------------------------------------------------------


NOTE_BODIES = ["note_decline", "note_follow_up", "note_purchase_thanks", "note_reminder"]


def test_every_template_is_listed() -> None:
    assert available() == sorted(["answer", "client_draft", "llm_answer_system", "refusal", "slack_message", *NOTE_BODIES])


@pytest.mark.parametrize("name", ["answer", "client_draft", "llm_answer_system", "refusal", "slack_message", *NOTE_BODIES])
def test_templates_refuse_to_render_with_a_missing_variable(name: str) -> None:
    with pytest.raises(jinja2.UndefinedError):
        render(name)


def test_client_draft_needs_every_part_of_the_note(rules: ToneRules) -> None:
    with pytest.raises(jinja2.UndefinedError, match="sign_off_lines"):
        render("client_draft", **{k: v for k, v in _draft_context(rules).items() if k != "sign_off_lines"})


def _draft_context(rules: ToneRules) -> dict[str, object]:
    return {
        "subject": "",
        "greeting": rules.greeting_for("[Client name]"),
        "paragraphs": [
            "I am pleased to let you know that your ring is ready.",
            "I would be happy to reserve the private salon for you.",
        ],
        "sign_off_lines": [rules.standard_sign_off, "[Associate name]", rules.boutique_line("Bond Street")],
    }


def test_client_draft_without_facts_reads_like_the_guides_examples(rules: ToneRules, checker: ToneChecker) -> None:
    note = render("client_draft", **_draft_context(rules))
    assert note == (
        "Dear [Client name],\n\n"
        "I am pleased to let you know that your ring is ready.\n\n"
        "I would be happy to reserve the private salon for you.\n\n"
        "With warm regards,\n[Associate name]\nMaison Aurelle, Bond Street\n"
    )
    assert checker.check(note) == []


def test_answer_puts_a_citation_after_every_sentence() -> None:
    text = render("answer", sentences=[{"text": "Eternity bands cannot be resized.", "n": 1},
                                       {"text": "Resizing is complimentary within 60 days.", "n": 2}])
    assert text == "Eternity bands cannot be resized. [1] Resizing is complimentary within 60 days. [2]\n"


def test_refusal_says_what_is_missing_why_and_whom_to_ask() -> None:
    text = render(
        "refusal",
        topic="whether the Riviera necklace can be shortened",
        reason="No passage of the Aftercare Guide mentions shortening a necklace.",
        contact="your boutique manager",
    )
    assert text == (
        "The house records do not say whether the Riviera necklace can be shortened. "
        "No passage of the Aftercare Guide mentions shortening a necklace. Please ask your boutique manager.\n"
    )


def test_slack_message_escapes_mrkdwn_and_numbers_its_sources() -> None:
    text = render(
        "slack_message",
        answer="<PERSON_1> asked & the ring can be resized. [1]",
        citations=[{"n": 1, "title": "Client Service Policy", "section": "Resizing"}, {"n": 2, "title": "AUR-RG-0001", "section": ""}],
    )
    assert text == (
        "&lt;PERSON_1&gt; asked &amp; the ring can be resized. [1]\n\n"
        "*Sources*\n1. Client Service Policy — Resizing\n2. AUR-RG-0001\n"
    )
    assert render("slack_message", answer="No sources.", citations=[]) == "No sources.\n"


def test_llm_system_prompt_numbers_the_passages_and_states_the_rules() -> None:
    text = render(
        "llm_answer_system",
        house="Maison Aurelle",
        unknown_answer="The house records do not say.",
        passages=[{"n": 1, "title": "Client Service Policy", "section": "Resizing", "text": "Eternity bands cannot be resized."}],
    )
    assert "Answer only from the numbered passages" in text
    assert "[n]" not in text and '"[1] [3]"' in text
    assert "Quote numbers exactly" in text
    assert "reply with exactly this and nothing else: The house records do not say." in text
    assert text.endswith("[1] Client Service Policy — Resizing\nEternity bands cannot be resized.\n")


def test_unknown_template_lists_the_available_ones() -> None:
    with pytest.raises(ValueError, match="no prompt template 'email'.*available: answer, client_draft"):
        render("email")
    assert render("answer.txt.j2", sentences=[]) == "\n"
