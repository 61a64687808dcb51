"""What is embedded for each quotable unit of a manual chunk: a sentence as it is, a table row with
its column names and section, a short list line with its section. The quotes never change."""

from __future__ import annotations

from ingestion.sentences import quotable_units, units_to_embed

CHUNK = """Client Service Policy > 9. Resizing > 9.1 Ring size equivalents
Ring sizes are converted with this table.

| US | UK | French |
|---|---|---|
| 7 | N 1/2 | 54 |

- "cheap" -> "accessible"
"""


def test_units_keep_their_quotes_and_gain_context_only_where_they_lack_it() -> None:
    embedded = dict(units_to_embed(CHUNK, "policy"))
    assert list(embedded) == quotable_units(CHUNK, "policy")
    section = "Client Service Policy > 9. Resizing > 9.1 Ring size equivalents"
    assert embedded["Ring sizes are converted with this table."] == "Ring sizes are converted with this table."
    assert embedded["| 7 | N 1/2 | 54 |"] == f"{section}: US: 7; UK: N 1/2; French: 54"
    assert embedded['"cheap" -> "accessible"'] == f'{section}: "cheap" -> "accessible"'


def test_record_lines_are_embedded_as_they_are() -> None:
    record = "Celeste Solitaire Ring (AUR-RG-1181)\nMetal: Platinum (PT950)\nPrice: USD 18,400"
    assert units_to_embed(record, "product") == [(u, u) for u in quotable_units(record, "product")]


LETTER = """Brand Tone Guide > Example client notes > Follow-up after a bridal appointment (handwritten card)
```
Dear [Client name],

Thank you for spending the afternoon with us. It was a
pleasure to present the Celeste solitaires. Please bring your receipt,
number [Repair number], and a photo identification.

With warm regards,
[Associate name]
```
"""


def test_a_hard_wrapped_letter_gives_whole_sentences_that_are_still_verbatim_quotes() -> None:
    units = quotable_units(LETTER, "tone_guide")
    assert "It was a\npleasure to present the Celeste solitaires." in units
    assert "Please bring your receipt,\nnumber [Repair number], and a photo identification." in units
    assert "Dear [Client name]," in units and "With warm regards," in units  # a salutation stays its own line
    assert all(u in LETTER for u in units)
    assert [u for u, _ in units_to_embed(LETTER, "tone_guide")] == units


def test_lines_outside_a_letter_are_never_joined() -> None:
    text = "Client Service Policy > 2. Returns\n1. Returns are accepted within 30 days\n2. Engraved pieces are final sale.\n"
    assert quotable_units(text, "policy") == ["Returns are accepted within 30 days", "Engraved pieces are final sale."]
