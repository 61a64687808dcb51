"""Files of a small corpus written into a temporary folder: catalog rows, certificates, a policy."""

from __future__ import annotations

import csv
import json
from pathlib import Path

PIECE_HEADER = (
    "sku,name,collection,category,metal,metal_purity,stones,center_stone,center_carat,center_cut,center_color,"
    "center_clarity,certificate_number,certificate_lab,total_carat_weight,size,resizable,resizing_note,length_cm,"
    "price_usd,availability,description"
).split(",")


def piece(sku: str, **overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "sku": sku,
        "name": f"Celeste Solitaire Ring {sku[-4:]}",
        "collection": "Celeste",
        "category": "ring",
        "metal": "Platinum",
        "metal_purity": "PT950",
        "stones": "Center: 1 round brilliant diamond, 1.01 ct",
        "center_stone": "diamond",
        "center_carat": "1.01",
        "center_cut": "Ideal",
        "center_color": "G",
        "center_clarity": "VS1",
        "certificate_number": "",
        "certificate_lab": "",
        "total_carat_weight": "1.01",
        "size": "52",
        "resizable": "yes",
        "resizing_note": "Up to two sizes, complimentary within 60 days of purchase.",
        "length_cm": "",
        "price_usd": "18400",
        "availability": "Fifth Avenue:1;Place Vendome:0",
        "description": "A round brilliant diamond held by six platinum claws.",
    }
    row.update(overrides)
    return row


def write_pieces(path: Path, rows: list[dict[str, object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=PIECE_HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def certificate(report_number: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "report_number": report_number,
        "lab": "Meridian Gemological Laboratory",
        "report_date": "2025-04-17",
        "shape": "Round Brilliant",
        "carat": 1.01,
        "color": "G",
        "clarity": "VS1",
        "cut": "Excellent",
        "polish": "Excellent",
        "symmetry": "Very Good",
        "fluorescence": "None",
        "measurements": "6.41 - 6.44 x 3.98 mm",
        "depth_pct": 61.9,
        "table_pct": 57.0,
        "girdle": "Medium, Faceted",
        "inscription": f"MGL {report_number}",
        "comments": "Clouds are not shown.",
    }
    data.update(overrides)
    return data


def write_certificate(folder: Path, report_number: str, **overrides: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report_number}.json"
    path.write_text(json.dumps(certificate(report_number, **overrides), indent=2), encoding="utf-8")
    return path


POLICY = """---
doc_type: policy
title: Client Service Policy
version: "4.2"
effective_date: 2026-03-01
audience: Boutique associates
---
# Client Service Policy

## Returns
Unworn pieces may be returned within 30 days of purchase with their certificate and original packaging.
Engraved, resized or made-to-order pieces are final sale.

## Resizing
Rings from the Celeste collection can be resized up to two sizes, complimentary within 60 days of purchase.
Eternity bands cannot be resized.
"""


def write_policy(folder: Path, name: str = "client_service_policy.md", text: str = POLICY) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_small_corpus(root: Path) -> Path:
    """A small house corpus under root: 3 pieces, 2 certificates, 1 policy."""
    write_pieces(
        root / "catalog" / "pieces.csv",
        [
            piece("AUR-RG-0001", certificate_number="2214587390", certificate_lab="Meridian Gemological Laboratory"),
            piece("AUR-RG-0002", center_carat="0.71", center_color="E", price_usd="9100"),
            piece("AUR-NK-0003", name="Riviera Necklace", collection="Riviera", category="necklace", size="",
                  resizable="n/a", resizing_note="", length_cm="42", center_stone="", center_carat="",
                  center_cut="", center_color="", center_clarity=""),
        ],
    )
    write_certificate(root / "certificates", "2214587390")
    write_certificate(root / "certificates", "3301122334", carat=0.71, color="E", clarity="VVS2")
    write_policy(root / "policies")
    return root
