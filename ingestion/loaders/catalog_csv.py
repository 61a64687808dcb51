"""Catalog CSVs: finished pieces (pieces.csv) and loose diamonds (loose_diamonds.csv).

The header decides which kind a CSV is; blank cells become "not given" rather than errors.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ingestion.loaders import Loaded, validate
from ingestion.records import InvalidRecord, LooseDiamondRecord, ProductRecord

_KINDS: dict[str, type[ProductRecord] | type[LooseDiamondRecord]] = {
    "sku": ProductRecord,
    "stock_number": LooseDiamondRecord,
}


def load_catalog_csv(path: Path, source: str) -> Loaded[ProductRecord | LooseDiamondRecord]:
    loaded: Loaded[ProductRecord | LooseDiamondRecord] = Loaded()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not UTF-8 text ({exc.reason} at byte {exc.start})"))
        return loaded
    reader = csv.DictReader(text.splitlines())
    header = reader.fieldnames or []
    model = next((m for key, m in _KINDS.items() if key in header), None)
    if model is None:
        loaded.invalid.append(
            InvalidRecord(source, "line 1", "", "header has neither a 'sku' nor a 'stock_number' column: not a catalog CSV")
        )
        return loaded
    key_field = "sku" if model is ProductRecord else "stock_number"
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            loaded.invalid.append(
                InvalidRecord(source, f"line {line}", "", f"has {len(header) + len(row[None])} cells, header has {len(header)}")
            )
            continue
        if any(v is None for v in row.values()):
            loaded.invalid.append(InvalidRecord(source, f"line {line}", "", f"has fewer cells than the header's {len(header)}"))
            continue
        data = {k: v for k, v in row.items() if v.strip() != ""}
        result = validate(model, data, source, f"line {line}")
        if isinstance(result, list):
            loaded.invalid.extend(result)
            continue
        key = getattr(result, key_field)
        if key in seen:
            loaded.invalid.append(
                InvalidRecord(source, f"line {line}", key_field, f'"{key}" repeats line {seen[key]}; the first one is kept')
            )
            continue
        seen[key] = line
        loaded.records.append((f"line {line}", result))
    return loaded
