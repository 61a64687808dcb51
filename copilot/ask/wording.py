"""The words and numbers of a text, as the composers and the verifier compare them."""

from __future__ import annotations

import re
from functools import lru_cache

from copilot.core.words import STOP_WORDS

_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"\d+(?:[.,/]\d+)*")


# Words that only say what kind of answer is wanted or who asks: never the topic of a question.
_ASKING = frozenset(
    "whats how much many long often soon quickly take takes need does did cost costs price fee fees charge charges "
    "she he her him they them us our please tell know want wants ok okay also".split()
)


def content_words(text: str) -> list[str]:
    """The words of a text that name its topic, in order: "how long does it take to resize a ring" ->
    ["resize", "ring"]."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and w not in _ASKING and not w.isdigit() and len(w) > 1]


@lru_cache(maxsize=16384)  # the manuals' sentences are read again for every question
def stems(text: str) -> frozenset[str]:
    """The stems of the content words (see `stem`)."""
    # Not a lone letter: the "s" of "client's", the "t" of "don't".
    return frozenset(stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and not (len(w) == 1 and w.isalpha()))


_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:ings|ing|ed|(?:(?<=x)|(?<=ch)|(?<=sh)|(?<=ss))es|(?<![su])s)$")


@lru_cache(maxsize=65536)  # every sentence of every answer is stemmed word by word: the words repeat
def stem(word: str) -> str:
    """A crude stem that is good enough here: an inflection off, then five letters (engrave/engraving,
    resize/resizing, ring/rings, view/viewings, box/boxes). Short words ("this", "was") and "-ss",
    "-us" words ("glass", "status") are left whole."""
    word = word.lower()
    if len(word) > 4:
        cut = _SUFFIX.sub("", word)
        # "logged" -> "log", "swapping" -> "swap": the consonant doubled before -ed/-ing ("pressed", "called" keep theirs)
        if cut != word and len(cut) >= 4 and cut[-1] == cut[-2] and cut[-1] not in "lsz" and word[len(cut):] in ("ed", "ing"):
            cut = cut[:-1]
        word = cut
    return word[:5]


def numbers(text: str) -> set[str]:
    """Every number as written ("10,000", "0.10", "1/2"): a carat weight, a price, a duration."""
    return set(_NUMBER.findall(text))


def squash(text: str) -> str:
    """Runs of whitespace as one space: a quote hard-wrapped in its source reads on one line."""
    return " ".join(text.split())
