"""No product fact is ever redacted: every value of every catalog row and grading report of the sample
corpus goes through the redactor, alone and in a sentence, as the service builds it; none may come back
as a placeholder."""

from __future__ import annotations

import csv
import json

import pytest
from presidio_analyzer import AnalyzerEngine

from guardrails.redaction import AllowList, PiiRedactor
from guardrails.redaction.allow_list import HOUSE_TERMS
from guardrails.redaction.house_vocabulary import HouseVocabulary
from tests.support.server import REPO

SAMPLE = REPO / "data" / "sample"
# Free text about a piece or a stone, not a fact to look up: swept as a whole it would only test spaCy.
PROSE_FIELDS = {"description", "resizing_note", "comments", "availability", "stones"}


def _facts() -> dict[str, set[str]]:
    facts: dict[str, set[str]] = {}
    for table in sorted((SAMPLE / "catalog").glob("*.csv")):
        with table.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for field, value in row.items():
                    if field not in PROSE_FIELDS and value and value.strip():
                        facts.setdefault(field, set()).add(value.strip())
    for report in sorted((SAMPLE / "certificates").glob("*.json")):
        for field, value in json.loads(report.read_text(encoding="utf-8")).items():
            if field not in PROSE_FIELDS and isinstance(value, (str, int, float)) and str(value).strip():
                facts.setdefault(field, set()).add(str(value).strip())
    return facts


def _label(field: str) -> str:
    """How an associate names the field: "price", "center clarity"."""
    return field.removesuffix("_usd").replace("_", " ")


@pytest.fixture(scope="module")
def sweep_redactor(analyzer: AnalyzerEngine) -> PiiRedactor:
    files = sorted(p for p in SAMPLE.rglob("*") if p.suffix in (".md", ".csv", ".json"))
    vocabulary = HouseVocabulary.from_texts(p.read_text(encoding="utf-8") for p in files)
    with (SAMPLE / "catalog" / "pieces.csv").open(encoding="utf-8", newline="") as f:
        piece_names = tuple(row["name"] for row in csv.DictReader(f))
    # As copilot/ask/factory.py builds it: the house terms and the catalog's piece names allow-listed.
    return PiiRedactor(analyzer, allow_list=AllowList(terms=HOUSE_TERMS + piece_names), house_vocabulary=vocabulary)


def test_no_catalog_or_certificate_value_is_ever_redacted(sweep_redactor: PiiRedactor) -> None:
    facts = _facts()
    assert {"sku", "name", "collection", "metal", "center_clarity", "clarity", "report_number"} <= set(facts)
    texts = [(field, value, text) for field, values in sorted(facts.items()) for value in sorted(values)
             for text in (value, f"The client asked about the {_label(field)}: {value}.")]
    redacted = sweep_redactor.redact_many([t for _, _, t in texts])
    touched = sorted({f"{field}={value!r}" for (field, value, _), r in zip(texts, redacted, strict=True) if r.entities})
    assert touched == [], f"{len(touched)} product facts redacted, e.g. {touched[:10]}"
