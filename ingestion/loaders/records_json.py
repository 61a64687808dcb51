"""JSON records: a lab's grading report, or a provenance record, told apart by their keys.

A file holds one object or a list of them; each is validated alone, so one bad record never hides
the others. An object with a `provenance_id` is a provenance record, any other a grading report.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingestion.loaders import Loaded, validate
from ingestion.records import CertificateRecord, InvalidRecord, ProvenanceRecord

PROVENANCE_KEY = "provenance_id"


def load_records_json(path: Path, source: str) -> Loaded[CertificateRecord | ProvenanceRecord]:
    loaded: Loaded[CertificateRecord | ProvenanceRecord] = Loaded()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not UTF-8 text ({exc.reason})"))
        return loaded
    except json.JSONDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, f"line {exc.lineno}", "", f"is not valid JSON: {exc.msg} (column {exc.colno})"))
        return loaded
    items = data if isinstance(data, list) else [data]
    if not items:
        loaded.invalid.append(InvalidRecord(source, "file", "", "is an empty list: no record to ingest"))
    seen: dict[str, str] = {}
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            loaded.invalid.append(InvalidRecord(source, f"record {n}" if isinstance(data, list) else "report", "", "is not a JSON object"))
            continue
        provenance = PROVENANCE_KEY in item
        location = f"record {n}" if isinstance(data, list) else ("record" if provenance else "report")
        result = validate(ProvenanceRecord if provenance else CertificateRecord, item, source, location)
        if isinstance(result, list):
            loaded.invalid.extend(result)
            continue
        key = result.provenance_id if isinstance(result, ProvenanceRecord) else result.report_number
        if key in seen:
            loaded.invalid.append(InvalidRecord(source, location, "", f"{key} repeats {seen[key]}; the first one is kept"))
            continue
        seen[key] = location
        loaded.records.append((location, result))
    return loaded
