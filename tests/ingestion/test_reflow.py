"""Reflowing hard-wrapped Markdown: paragraphs and list items join up, every other block is kept."""

from __future__ import annotations

from pathlib import Path

from ingestion.reflow import reflow

SAMPLE_POLICIES = Path(__file__).resolve().parents[2] / "data" / "sample" / "policies"


def test_a_wrapped_paragraph_becomes_one_line_and_paragraph_breaks_stay() -> None:
    text = "Pearls are strung on silk and knotted\nbetween every pearl.\n\nA strand is restrung\n   every year."
    assert reflow(text) == "Pearls are strung on silk and knotted between every pearl.\n\nA strand is restrung every year."


def test_list_items_stay_separate_and_their_wrapped_lines_join() -> None:
    text = (
        "Bring three documents:\n"
        "- the receipt,\n  with the boutique stamp;\n"
        "* the certificate of\nauthenticity;\n"
        "+ a photo identification.\n"
        "1. First step, written over\n   two lines.\n"
        "2) Second step."
    )
    assert reflow(text).splitlines() == [
        "Bring three documents:",
        "- the receipt, with the boutique stamp;",
        "* the certificate of authenticity;",
        "+ a photo identification.",
        "1. First step, written over two lines.",
        "2) Second step.",
    ]


def test_a_year_wrapped_to_the_start_of_a_line_does_not_start_a_list() -> None:
    text = "The policy took effect on 1 March\n2026. It replaces the 2024 edition."
    assert reflow(text) == "The policy took effect on 1 March 2026. It replaces the 2024 edition."


def test_headings_tables_and_rules_are_never_joined() -> None:
    text = (
        "# Fees\nIntro that wraps\nhere.\n| Service | Fee |\n|---|---|\n| Cleaning | USD 0 |\nAfter the\ntable.\n---\nEnd."
    )
    assert reflow(text).splitlines() == [
        "# Fees", "Intro that wraps here.", "| Service | Fee |", "|---|---|", "| Cleaning | USD 0 |",
        "After the table.", "---", "End.",
    ]


def test_a_fenced_letter_is_left_exactly_as_written() -> None:
    letter = "```\nDear [Client name],\n\nThank you for visiting. It was a\npleasure to meet you.\n```"
    text = f"The card reads:\n{letter}\nThen it is\nsigned."
    assert reflow(text) == f"The card reads:\n{letter}\nThen it is signed."


def test_hard_line_breaks_are_kept_as_breaks() -> None:
    text = "Send parcels to the Atelier.  \nMark them fragile and\ninsured.\\\nKeep the receipt."
    assert reflow(text) == "Send parcels to the Atelier.\nMark them fragile and insured.\nKeep the receipt."


def test_a_wrapped_block_quote_becomes_one_line() -> None:
    assert reflow("> Say: the piece is\n> ready for you.\n\nThen") == "> Say: the piece is ready for you.\n\nThen"


def test_reflow_is_idempotent_and_leaves_unwrapped_manuals_alone() -> None:
    for path in sorted(SAMPLE_POLICIES.glob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---", 1)[1]
        assert reflow(body) == body, path.name
    wrapped = "A strand is\nrestrung.\n- one\n  item"
    assert reflow(reflow(wrapped)) == reflow(wrapped)
