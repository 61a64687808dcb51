"""The house's synonyms file: YAML with a `synonyms:` list of rules in Solr / Elasticsearch syntax
("fix, mend => repair", "refund, money back"), kept with the manuals by the people who own them."""

from __future__ import annotations

from pathlib import Path

import yaml

from ingestion.loaders import Loaded
from ingestion.records import InvalidRecord

SYNONYMS_SUFFIXES = frozenset({".yaml", ".yml"})


def load_synonyms(path: Path, source: str) -> Loaded[str]:
    """Each well-formed rule, located by its place in the list; a rule naming no words is skipped."""
    loaded: Loaded[str] = Loaded()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        loaded.invalid.append(InvalidRecord(source, "file", "", f"is not a YAML synonyms file: {exc}"))
        return loaded
    rules = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        loaded.invalid.append(
            InvalidRecord(source, "file", "", 'has no "synonyms:" list: write one rule a line, e.g. - "fix, mend => repair"')
        )
        return loaded
    for n, rule in enumerate(rules, start=1):
        left, arrow, right = str(rule).partition("=>")
        if not isinstance(rule, str) or not left.strip(" ,") or (arrow and not right.strip(" ,")):
            loaded.invalid.append(
                InvalidRecord(source, f"rule {n}", "", f'"{rule}" names no words on one side: write "a, b" or "a, b => c"')
            )
            continue
        loaded.records.append((f"rule {n}", " ".join(rule.split())))
    return loaded
