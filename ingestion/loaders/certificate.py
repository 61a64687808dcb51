"""Gem lab grading reports as the PDF a lab issues (the house's JSON format is read by records_json.py).

A PDF report is read as "Label: value" lines (the layout every major lab prints), mapped onto the
same fields as the JSON format, then validated the same way.
"""

from __future__ import annotations

import re

from ingestion.loaders import Loaded, validate
from ingestion.records import CertificateRecord, InvalidRecord

# Label on a lab's PDF (lower-cased) -> field of CertificateRecord.
_PDF_LABELS = {
    "report number": "report_number",
    "report no": "report_number",
    "report no.": "report_number",
    "laboratory": "lab",
    "lab": "lab",
    "date": "report_date",
    "report date": "report_date",
    "shape": "shape",
    "shape and cutting style": "shape",
    "carat weight": "carat",
    "carat": "carat",
    "color grade": "color",
    "colour grade": "color",
    "color": "color",
    "clarity grade": "clarity",
    "clarity": "clarity",
    "cut grade": "cut",
    "cut": "cut",
    "polish": "polish",
    "symmetry": "symmetry",
    "fluorescence": "fluorescence",
    "measurements": "measurements",
    "depth": "depth_pct",
    "total depth": "depth_pct",
    "table": "table_pct",
    "table size": "table_pct",
    "girdle": "girdle",
    "inscription": "inscription",
    "inscription(s)": "inscription",
    "comments": "comments",
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def parse_certificate_text(text: str, source: str) -> Loaded[CertificateRecord]:
    """A grading report from the text of the lab's PDF (read by ingestion/loaders/pdf.py)."""
    loaded: Loaded[CertificateRecord] = Loaded()
    fields: dict[str, object] = {}
    for line in text.splitlines():
        label, sep, value = line.partition(":")
        key = _PDF_LABELS.get(label.strip().lower())
        if sep and key and key not in fields and value.strip():
            fields[key] = value.strip()
    if not fields:
        loaded.invalid.append(InvalidRecord(source, "file", "", "has no 'Label: value' lines of a grading report"))
        return loaded
    for key in ("carat", "depth_pct", "table_pct"):
        # "1.51 carat", "61.8 %" -> the number alone
        if isinstance(fields.get(key), str) and (m := _NUMBER.search(str(fields[key]))):
            fields[key] = m.group()
    _add(loaded, validate(CertificateRecord, fields, source, "report"), "report")
    return loaded


def _add(loaded: Loaded[CertificateRecord], result: CertificateRecord | list[InvalidRecord], location: str) -> None:
    if isinstance(result, list):
        loaded.invalid.extend(result)
    else:
        loaded.records.append((location, result))
