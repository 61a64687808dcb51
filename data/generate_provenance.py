"""Write the sample corpus's provenance records (sample/provenance/*.json) and repair notes
(sample/repairs/*.md) from the sample catalog.

Standard library only, deterministic (seed 1921, sorted iteration, no clock values). Vendors, refiners,
certificate numbers and clients are invented; mines and regions are real places. Diamond specifications
are never written here: a record names the report number the catalog gives, nothing more.
Planted for the catalog audit: records missing for a share of the pieces with a centre stone, vendors
whose last audit is too old, and records whose origin contradicts the catalog (see data/README.md).
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SAMPLE = HERE / "sample"
COVERED_SHARE = 0.7  # pieces with a centre stone that have a record; the rest are planted as missing

# Vendor -> (compliance status, last audit, auditor). Two audits are older than a year on 2026-12-01
# (expired on purpose: Tahitian pearls and Madagascar sapphires), one of those vendors is under review.
VENDORS = {
    "Cordillera Verde Gems S.A.S.": ("compliant", "2026-04-16", "Aldane Assurance"),
    "Copperbelt Emerald Traders Ltd": ("compliant", "2026-02-09", "Aldane Assurance"),
    "Kalahari Rough Traders (Pty) Ltd": ("compliant", "2026-03-30", "Sorel & Fils Audit"),
    "Northern Lights Diamond Co.": ("compliant", "2026-05-28", "Sorel & Fils Audit"),
    "Ratnapura Sapphire House": ("compliant", "2026-01-10", "Aldane Assurance"),
    "Ilakaka Blue Trading SARL": ("under review", "2025-01-15", "Aldane Assurance"),
    "Vendome Estate Stones SARL": ("compliant", "2026-06-11", "Sorel & Fils Audit"),
    "Cabo Delgado Ruby Partners Lda": ("compliant", "2026-01-20", "Aldane Assurance"),
    "Taita Hills Gem Cooperative": ("compliant", "2025-12-02", "Aldane Assurance"),
    "Ago Bay Pearl Farmers Union": ("compliant", "2026-03-03", "Sorel & Fils Audit"),
    "Rangiroa Lagoon Pearls": ("conditionally compliant", "2024-11-18", "Sorel & Fils Audit"),
    "Eighty Mile Pearling Pty Ltd": ("compliant", "2026-07-22", "Sorel & Fils Audit"),
    "Affinerie Valmont SA": ("compliant", "2026-05-05", "Aldane Assurance"),
}
# Stone -> the sources the house buys it from: (country, region, mine or farm, vendor, catalog origin word).
SOURCES = {
    "emerald": [
        ("Colombia", "Boyaca", "Muzo mine", "Cordillera Verde Gems S.A.S.", "Colombian"),
        ("Colombia", "Boyaca", "Chivor mine", "Cordillera Verde Gems S.A.S.", "Colombian"),
        ("Zambia", "Copperbelt Province", "Kagem mine", "Copperbelt Emerald Traders Ltd", "Zambian"),
    ],
    "ruby": [
        ("Mozambique", "Cabo Delgado", "Montepuez mine", "Cabo Delgado Ruby Partners Lda", "Mozambique"),
        ("Myanmar", "Mandalay Region", "Mogok Valley (estate stone, imported 1998)", "Vendome Estate Stones SARL", "Burmese"),
    ],
    "sapphire": [
        ("Sri Lanka", "Sabaragamuwa Province", "Ratnapura gem pits", "Ratnapura Sapphire House", "Ceylon"),
        ("Madagascar", "Ihorombe Region", "Ilakaka deposits", "Ilakaka Blue Trading SARL", "Madagascar"),
    ],
    "tsavorite": [("Kenya", "Taita-Taveta County", "Scorpion mine", "Taita Hills Gem Cooperative", "")],
    "pearl": [
        ("Japan", "Mie Prefecture", "Ago Bay pearl farm", "Ago Bay Pearl Farmers Union", "Akoya"),
        ("French Polynesia", "Tuamotu Archipelago", "Rangiroa lagoon farm", "Rangiroa Lagoon Pearls", "Tahitian"),
        ("Australia", "Western Australia", "Eighty Mile Beach farm", "Eighty Mile Pearling Pty Ltd", "South Sea"),
    ],
    "diamond": [
        ("Botswana", "Southern District", "Jwaneng mine", "Kalahari Rough Traders (Pty) Ltd", ""),
        ("Canada", "Northwest Territories", "Diavik mine", "Northern Lights Diamond Co.", ""),
        ("Canada", "Northwest Territories", "Ekati mine", "Northern Lights Diamond Co.", ""),
    ],
}
# Planted contradictions: SKU -> the source the record gives, unlike the catalog's origin word.
CONTRADICTIONS = {
    "AUR-PD-6146": ("Zambia", "Copperbelt Province", "Kagem mine", "Copperbelt Emerald Traders Ltd", "Zambian"),
    "AUR-RG-7133": ("Mozambique", "Cabo Delgado", "Montepuez mine", "Cabo Delgado Ruby Partners Lda", "Mozambique"),
    "AUR-RG-7082": ("Madagascar", "Ihorombe Region", "Ilakaka deposits", "Ilakaka Blue Trading SARL", "Madagascar"),
}
ALWAYS_COVERED = ("AUR-RG-6019", "AUR-RG-1181", "AUR-BR-3027", *CONTRADICTIONS)
NEVER_COVERED = ("AUR-RG-6195", "AUR-RG-1010")
TREATMENTS = {"emerald": ["minor traditional oil (clarity enhancement)"], "tsavorite": [], "pearl": [], "diamond": []}
METAL_CERTIFICATES = {"gold": "VAL-RG-2025-0412", "platinum": "VAL-RP-2025-0077"}


def main() -> None:
    rng = random.Random(1921)
    pieces = list(csv.DictReader((SAMPLE / "catalog" / "pieces.csv").open(encoding="utf-8")))
    out = SAMPLE / "provenance"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    written, missing, serial = 0, 0, 0
    for piece in sorted(pieces, key=lambda p: p["sku"]):
        sku, stone = piece["sku"], piece["center_stone"]
        gold_bracelet = piece["category"] == "bracelet" and "gold" in piece["metal"].lower() and not stone
        if not stone and not gold_bracelet and sku not in ALWAYS_COVERED:
            continue
        covered = rng.random() < COVERED_SHARE
        if sku in NEVER_COVERED or (not covered and sku not in ALWAYS_COVERED):
            missing += bool(stone)
            continue
        serial += 1
        record = _record(piece, serial, rng)
        (out / f"{sku}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written += 1
    repairs = _repair_notes(SAMPLE / "repairs")
    print(f"provenance records: {written}, pieces with a centre stone left without one: {missing}, repair notes: {repairs}")


def _record(piece: dict[str, str], serial: int, rng: random.Random) -> dict[str, object]:
    sku, stone = piece["sku"], piece["center_stone"]
    record_date = date(2026, 1, 5) + timedelta(days=(serial * 7) % 260)
    metal = piece["metal"]
    metal_kind = "platinum" if "platinum" in metal.lower() else "gold"
    recycled = sku in ALWAYS_COVERED or rng.random() < 0.75
    record: dict[str, object] = {"provenance_id": f"PRV-2026-{serial:04d}", "record_date": record_date.isoformat(), "sku": sku}
    if piece["certificate_number"]:
        record["report_number"] = piece["certificate_number"]
    custody: list[dict[str, str]] = []
    start = record_date - timedelta(days=400 + (serial * 13) % 300)
    vendor_name = "Affinerie Valmont SA"
    if stone:
        source = CONTRADICTIONS.get(sku) or _source_for(piece, rng)
        country, region, mine, vendor_name, _ = source
        record.update({"stone": stone, "origin_country": country, "origin_region": region, "mine": mine})
        if stone == "diamond":
            code = {"Botswana": "BW", "Canada": "CA"}[country]
            kp = f"{code}-KP-{start.year}-{100000 + (serial * 7919) % 900000:06d}"
            record["kimberley_process_certificate"] = kp
        treatments = TREATMENTS.get(stone)
        if treatments is None:  # rubies and sapphires: as the catalog discloses them
            treatments = ["heat (disclosed by the vendor)"] if ", heated" in piece["stones"] else []
        record["treatments"] = treatments
        custody += [
            {"date": start.isoformat(), "event": "farmed and harvested" if stone == "pearl" else "mined",
             "party": vendor_name if stone == "pearl" else f"{mine} operator", "location": f"{region}, {country}"},
            {"date": (start + timedelta(days=40)).isoformat(), "event": "exported", "party": vendor_name,
             "location": country, "document": record.get("kimberley_process_certificate", f"export permit EX-{serial:05d}")},
            {"date": (start + timedelta(days=120)).isoformat(), "event": "received by the Gemology Desk",
             "party": "Maison Aurelle", "location": "Paris", "document": f"invoice INV-{start.year}-{serial:05d}"},
        ]
    record.update({"metal": metal, "metal_sourcing": "recycled" if recycled else "mined"})
    if recycled:
        record["metal_certificate"] = METAL_CERTIFICATES[metal_kind]
    status, audited, auditor = VENDORS[vendor_name]
    record["vendor"] = {"name": vendor_name, "compliance_status": status, "audit_date": audited, "auditor": auditor}
    custody.append({"date": (record_date - timedelta(days=90)).isoformat(),
                    "event": "refined from recycled metal and supplied" if recycled else "supplied",
                    "party": "Affinerie Valmont SA", "location": "Neuchatel, Switzerland",
                    "document": record.get("metal_certificate", f"delivery note DN-{serial:05d}")})
    custody.append({"date": (record_date - timedelta(days=30)).isoformat(), "event": "set by the Paris Atelier",
                    "party": "Maison Aurelle", "location": "Paris"})
    record["chain_of_custody"] = custody
    return record


def _source_for(piece: dict[str, str], rng: random.Random) -> tuple[str, str, str, str, str]:
    """The source agreeing with the catalog's origin word when it gives one, else one drawn."""
    options = SOURCES[piece["center_stone"]]
    text = f"{piece['stones']} {piece['description']}"
    agreeing = [s for s in options if s[4] and s[4] in text]
    return rng.choice(agreeing or options)


REPAIRS = [
    ("R-2025-00412", "AUR-RG-1181", "2025-03-14", "2025-04-02", "Place Vendome", "Mrs. Eleanor Whitcombe", "+44 20 7946 0958",
     "the Paris Atelier re-tipped the four prongs of the centre setting and polished the band; the centre diamond was "
     "checked against its report and girdle inscription before return."),
    ("R-2026-00118", "AUR-RG-1181", "2026-02-03", "2026-02-10", "Bond Street", "Mrs. Eleanor Whitcombe", "+44 20 7946 0958",
     "the Paris Atelier tightened the centre stone after a knock and cleaned the ring; no stone was replaced."),
    ("R-2025-00733", "AUR-RG-6019", "2025-09-22", "2025-10-20", "Fifth Avenue", "Mr. Daniel Okafor", "(212) 555-0147",
     "the Paris Atelier re-oiled the emerald with colourless cedar oil and re-polished the yellow gold shank; "
     "the client was told the stone was not re-cut."),
    ("R-2026-00241", "AUR-BR-2145", "2026-04-07", "2026-04-21", "Rodeo Drive", "Ms. Laura Chen", "laura.chen@example.org",
     "the Paris Atelier replaced the box clasp and its safety catch; two loose diamonds were re-set, none was replaced."),
    ("R-2025-00905", "AUR-NK-5221", "2025-11-12", "2025-11-26", "Ginza", "Mrs. Haruka Tanaka", "+81 3-5555-0192",
     "the Paris Atelier restrung the strand on silk with a knot between every pearl and re-fitted the clasp."),
    ("R-2026-00377", "AUR-RG-7133", "2026-06-02", "2026-06-30", "Place Vendome", "Mr. Julien Marchand", "+33 6 12 34 56 78",
     "the Paris Atelier rebuilt two worn claws of the ruby setting and re-rhodium-plated the white gold mount."),
]


def _repair_notes(folder: Path) -> int:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for number, sku, received, returned, boutique, client, contact, work in REPAIRS:
        (folder / f"{number}.md").write_text(
            "---\n"
            "doc_type: repair_note\n"
            f"title: Repair note {number}\n"
            f"sku: {sku}\n"
            f"effective_date: {returned}\n"
            "audience: Boutique associates\n"
            "---\n"
            f"# Repair note {number}\n\n"
            f"Received: {received} at the {boutique} boutique, for {sku}, from {client} (contact: {contact}).\n\n"
            f"Work done: {returned}, {work}\n\n"
            f"Returned: {returned}, collected at the {boutique} boutique.\n",
            encoding="utf-8",
        )
    return len(REPAIRS)


if __name__ == "__main__":
    main()
