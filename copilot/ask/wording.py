"""The words and numbers of a text, as the composers and the verifier compare them."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")
_STOP = frozenset(
    "a an and are as at be by can could do does for from has have how i if in is it its may me my of on or our "
    "should so than that the their them then there these they this to up was we what when where which who why "
    "will with would you your".split()
)


def stems(text: str) -> set[str]:
    """Content words cut to five letters: a crude stem that is good enough here (engrave/engraving,
    resize/resizing)."""
    return {w[:5] for w in _WORD.findall(text.lower()) if w not in _STOP}


def numbers(text: str) -> set[str]:
    """Every number as written ("10,000", "0.10", "1/2"): a carat weight, a price, a duration."""
    return set(_NUMBER.findall(text))


def squash(text: str) -> str:
    """Runs of whitespace as one space: a quote hard-wrapped in its source reads on one line."""
    return " ".join(text.split())
