"""Hard-wrapped house manuals (Markdown at 80 and 100 columns, and a PDF) read as whole sentences:
every quote a chunk offers is a sentence, a table row or a line of a template letter, never half of one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingestion.chunking import MarkdownChunker
from ingestion.loaders.markdown_doc import MarkdownDocument, load_markdown
from ingestion.loaders.pdf import load_pdf
from ingestion.records import Chunk
from ingestion.sentences import labelled_rows, quotable_units
from tests.support.documents import FIXTURES, MANUALS, manual_pdf

SAMPLE_POLICIES = Path(__file__).resolve().parents[2] / "data" / "sample" / "policies"
# The default chunk size, and one small enough to cut tables, lists and long paragraphs.
SIZES = [(200, 30), (60, 10)]

# A unit ending on one of these stopped mid-clause.
_DANGLING = {"a", "an", "and", "at", "by", "for", "from", "in", "is", "of", "on", "or", "than", "that", "the", "to", "with"}
_UNIT_WORD = re.compile(r"^(?:mm|cm|ct|carats?|days?|minutes?|months?|percent)\b")


def _manual(name: str) -> MarkdownDocument:
    loaded = load_markdown(MANUALS / f"{name}.md", f"house_manuals/{name}.md")
    assert loaded.invalid == []
    return loaded.records[0][1]


def _chunks(doc: MarkdownDocument, size: tuple[int, int] = SIZES[0]) -> list[Chunk]:
    return MarkdownChunker(*size).chunks(doc, f"{doc.front.doc_type}:x", "x")


def _units(chunks: list[Chunk]) -> list[str]:
    return [u for c in chunks for u in quotable_units(c.text, c.doc_type)]


def _letter_lines(text: str) -> set[str]:
    """The lines of `text` inside a fenced block (a template letter), whose units need not be sentences."""
    inside, fenced = set(), False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            fenced = not fenced
        elif fenced:
            inside.add(line)
    return inside


def _is_whole_sentence(unit: str) -> bool:
    if unit.startswith("|"):
        return unit.endswith("|")
    last_word = unit.rstrip(".!?:").split()[-1].lower()
    return (
        unit[0].isupper() or unit[0].isdigit() or unit[0] in "\"'("
    ) and unit.endswith((".", "!", "?", ":")) and last_word not in _DANGLING


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}-tokens")
@pytest.mark.parametrize("name", ["service_policy", "provenance", "faq"])
def test_every_quote_of_a_hard_wrapped_manual_is_a_whole_sentence(name: str, size: tuple[int, int]) -> None:
    chunks = _chunks(_manual(name), size)
    assert len(chunks) >= 3
    for chunk in chunks:
        letter = _letter_lines(chunk.text)
        for unit in quotable_units(chunk.text, chunk.doc_type):
            assert unit in chunk.text  # still a verbatim quote
            if unit.splitlines()[0] not in letter:
                assert _is_whole_sentence(unit), (chunk.id, unit)
            assert not _UNIT_WORD.match(unit) and not re.search(r"\d$", unit), (chunk.id, unit)


def test_a_sentence_wrapped_over_lines_comes_out_whole() -> None:
    sentence = (
        "A piece that arrives without its serial number, or with a serial number that does not match the client "
        "record, is not accepted until the Client Care Desk has confirmed where it was bought."
    )
    written = (MANUALS / "service_policy.md").read_text(encoding="utf-8")
    assert sentence not in written  # the file wraps it over three lines
    assert sentence in _units(_chunks(_manual("service_policy")))
    # a year wrapped to the start of a line neither starts a list nor splits the sentence
    assert "The current edition took effect on 1 March 2026." in _units(_chunks(_manual("provenance")))


def test_numbers_keep_their_unit_across_a_wrap() -> None:
    units = _units(_chunks(_manual("service_policy"))) + _units(_chunks(_manual("provenance")))
    for quantity in ("at least 1.8 mm thick", "longer than 60 cm", "of 0.30 ct or more", "takes 7 business days"):
        assert any(quantity in u for u in units), quantity


def test_a_wrapped_list_item_stays_one_item() -> None:
    units = _units(_chunks(_manual("faq")))
    assert "Wipe pearls with a soft dry cloth after each wear, and never soak them, because water weakens the silk thread." in units
    assert "A care card for the piece's materials." in units  # "3)" starts an item as "3." does


def test_a_hard_line_break_is_kept() -> None:
    (chunk,) = [c for c in _chunks(_manual("service_policy")) if "three things" in c.text]
    assert "confirms three things.\nThe pouch is sealed and its number is on the intake form.\nThe insurance value" in chunk.text


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}-tokens")
def test_every_table_row_keeps_its_header(size: tuple[int, int]) -> None:
    chunks = [c for c in _chunks(_manual("faq"), size) if "| Pearl" in c.text or "| Stud" in c.text or "| Tennis" in c.text]
    rows = {row: pairs for c in chunks for row, pairs in labelled_rows(c.text).items()}
    assert rows["| Pearl strand | 12 months | Silk thread stretches and darkens |"] == [
        ("Piece", "Pearl strand"), ("Inspection interval", "12 months"), ("Why", "Silk thread stretches and darkens")
    ]
    assert len(rows) == 5 and all([h for h, _ in pairs] == ["Piece", "Inspection interval", "Why"] for pairs in rows.values())


def test_a_fenced_letter_is_kept_as_written_and_quoted_by_sentence() -> None:
    (chunk,) = [c for c in _chunks(_manual("service_policy")) if "```" in c.text]
    assert "Our Atelier has examined your [Piece name]. The restoration it needs will\ntake about [Number] weeks" in chunk.text
    units = quotable_units(chunk.text, chunk.doc_type)
    assert (
        "The restoration it needs will\ntake about [Number] weeks and costs [Amount], which includes the return\n"
        "shipment and its insurance."
    ) in units
    assert "Dear [Client name]," in units and "With warm regards," in units


def test_a_hard_wrapped_pdf_manual_reads_as_whole_sentences(tmp_path: Path) -> None:
    loaded = load_pdf(manual_pdf(tmp_path / "pearl_care.pdf"), "pearl_care.pdf")
    assert loaded.invalid == []
    (doc,) = [record for _, record in loaded.records]
    assert isinstance(doc, MarkdownDocument) and doc.front.doc_type == "care_card"
    units = _units(_chunks(doc))
    assert units == [
        "Pearls are the last thing a client puts on and the first thing she takes off, so that perfume, hair spray "
        "and creams have dried before they touch the nacre.",
        "A strand worn every day is restrung every 12 months, because the silk thread stretches.",
        "Lay a strand flat in its pouch, never hanging, so that the thread does not stretch between the pearls.",
        "Keep pearls apart from diamonds and gold, which scratch the nacre.",
    ]


def test_the_sample_manuals_chunk_exactly_as_before() -> None:
    """The sample manuals are not hard-wrapped: reflowing must not change a byte of their chunks.
    tests/fixtures/sample_policy_chunks.json holds the content hashes of their chunks (200/30 tokens)
    as cut before reflowing existed; regenerate it only when data/sample/policies is edited on purpose."""
    before = json.loads((FIXTURES / "sample_policy_chunks.json").read_text(encoding="utf-8"))
    now = {}
    for path in sorted(SAMPLE_POLICIES.glob("*.md")):
        doc = load_markdown(path, path.name).records[0][1]
        now[path.name] = [c.content_hash for c in _chunks(doc)]
    assert now == before
