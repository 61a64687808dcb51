"""Gem lab grading reports: the house's JSON format, or the PDF a lab issues.

A PDF report is read as "Label: value" lines (the layout every major lab prints), mapped onto the
same fields as the JSON format, then validated the same way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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


def load_certificate_json(path: Path, source: str) -> Loaded[CertificateRecord]:
    loaded: Loaded[CertificateRecord] = Loaded()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not UTF-8 text ({exc.reason})"))
        return loaded
    except json.JSONDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, f"line {exc.lineno}", "", f"is not valid JSON: {exc.msg} (column {exc.colno})"))
        return loaded
    items = data if isinstance(data, list) else [data]
    for n, item in enumerate(items, start=1):
        location = f"record {n}" if isinstance(data, list) else "report"
        if not isinstance(item, dict):
            loaded.invalid.append(InvalidRecord(source, location, "", "is not a JSON object"))
            continue
        _add(loaded, validate(CertificateRecord, item, source, location), location)
    return loaded


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
