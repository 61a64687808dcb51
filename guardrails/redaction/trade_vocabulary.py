"""The jewelry trade's words (stones, cuts, metals, settings, findings, pieces, grading, staff roles),
read from the documented file beside this module: house words even when the index never writes them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

TRADE_VOCABULARY = Path(__file__).with_name("trade_vocabulary.txt")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:[-'’]\p{L}[\p{L}\p{M}]*)*")


def read_trade_words(path: Path) -> frozenset[str]:
    """Every word of every term in `path` (one term a line, "#" starts a comment), lower-cased; a
    hyphenated or possessive term ("lab-grown", "tiger's eye") also adds its parts."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ValueError(f"cannot read the trade vocabulary {path}: {exc.strerror or exc}") from exc
    words: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        term = line.split("#", 1)[0].strip().lower()
        if not term:
            continue
        found = _WORD.findall(term)
        if not found:
            raise ValueError(f"{path.name} line {number}: {line.strip()!r} holds no word")
        for word in found:
            words.add(word)
            words.update(p for p in regex.split(r"[-'’]", word) if len(p) > 1)
    return frozenset(words)


@cache
def trade_words() -> frozenset[str]:
    """The shipped trade vocabulary, read once per process."""
    return read_trade_words(TRADE_VOCABULARY)
