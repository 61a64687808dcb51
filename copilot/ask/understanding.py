"""Read a question in the house's own words before it is searched: misspelt words corrected against
the words the house documents use, and the associate's words joined by the house's (a synonyms file
kept with the corpus). Both are learnt from the corpus, so a new house's manuals bring their own."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from symspellpy import SymSpell, Verbosity

_WORD = re.compile(r"[A-Za-z]+")
# Never corrected: identifiers (AUR-RG-1010, report numbers), redaction placeholders (<PERSON_1>) and
# words in capitals or with digits, which name things rather than misspell them.
_PROTECTED = re.compile(r"<[A-Z_]+_\d+>|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b|\b\w*\d\w*\b|\b[A-Z]{2,}\b")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The English words symspellpy ships (82,765, from Google Books): a word in it is not a typo."""
    text = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return frozenset(line.split(" ", 1)[0] for line in text.splitlines() if line)


class SpellingCorrector:
    """Corrects a word that neither the house documents nor English know to the nearest word the
    documents use ("saphire" -> "sapphire", "waranty" -> "warranty", "diamnod" -> "diamond")."""

    def __init__(self, vocabulary: Counter[str], max_distance: int = 2, min_length: int = 5) -> None:
        if max_distance < 1 or min_length < 1:
            raise ValueError("max_distance and min_length must be at least 1")
        self.max_distance = max_distance
        self.min_length = min_length
        self._known = frozenset(vocabulary) | english_words()
        self._symspell = SymSpell(max_dictionary_edit_distance=max_distance, prefix_length=7)
        for word, count in vocabulary.items():
            if len(word) >= min_length:
                self._symspell.create_dictionary_entry(word, count)

    @classmethod
    def from_texts(cls, texts: Iterable[str], **kwargs: int) -> SpellingCorrector:
        return cls(Counter(w.lower() for text in texts for w in _WORD.findall(text)), **kwargs)

    def correct(self, text: str) -> str:
        protected = [m.span() for m in _PROTECTED.finditer(text)]
        out: list[str] = []
        last = 0
        for match in _WORD.finditer(text):
            start, end = match.span()
            if any(a <= start < b for a, b in protected):
                continue
            fixed = self._fix(match.group())
            if fixed is not None:
                out.append(text[last:start] + fixed)
                last = end
        return "".join(out) + text[last:]

    def _fix(self, word: str) -> str | None:
        lower = word.lower()
        if len(lower) < self.min_length or lower in self._known:
            return None
        # Short words have many neighbours one edit away: allow two edits only from six letters on.
        distance = self.max_distance if len(lower) >= 6 else 1
        found = self._symspell.lookup(lower, Verbosity.TOP, max_edit_distance=distance, transfer_casing=False)
        if not found:
            return None
        fixed = found[0].term
        return fixed.capitalize() if word[:1].isupper() else fixed


@dataclass(frozen=True)
class SynonymRule:
    """Solr/Elasticsearch synonym syntax: "fix, mend => repair" adds "repair" where "fix" or "mend" is
    written; "refund, money back" joins each to the other."""

    phrases: tuple[str, ...]
    adds: tuple[str, ...]

    @classmethod
    def parse(cls, line: str) -> SynonymRule:
        left, arrow, right = line.partition("=>")
        phrases = tuple(p.strip().lower() for p in left.split(",") if p.strip())
        adds = tuple(p.strip().lower() for p in right.split(",") if p.strip()) if arrow else phrases
        if not phrases or not adds:
            raise ValueError(f"synonym rule {line!r} names no words: write 'a, b' or 'a, b => c'")
        return cls(phrases, adds)


class Synonyms:
    """The house's synonyms, applied where the associate's words stand: "can we fix (repair) a clasp"."""

    def __init__(self, rules: Iterable[SynonymRule]) -> None:
        self.rules = tuple(rules)
        # Each word of a phrase may take an ending ("swap" -> "swapping", "fix" -> "fixed"); a match
        # counts when each word keeps its stem, so "fix" never matches "fixture".
        self._patterns = [
            (re.compile(r"\b(?:" + "|".join(_phrase_pattern(p) for p in sorted(r.phrases, key=len, reverse=True)) + r")\b", re.I), r)
            for r in self.rules
        ]

    @classmethod
    def parse(cls, lines: Iterable[str]) -> Synonyms:
        return cls(SynonymRule.parse(line) for line in lines if line.strip() and not line.lstrip().startswith("#"))

    def expand(self, text: str) -> str:
        inserts: dict[int, list[str]] = {}
        lower = text.lower()
        for pattern, rule in self._patterns:
            match = next((m for m in pattern.finditer(text) if _same_words(m.group(), rule.phrases)), None)
            if not match:
                continue
            new = [a for a in rule.adds if not re.search(rf"\b{re.escape(a)}\b", lower) and a != match.group().lower()]
            if new:
                inserts.setdefault(match.end(), []).extend(new)
                lower += " " + " ".join(new)
        for at in sorted(inserts, reverse=True):
            text = f"{text[:at]} ({', '.join(inserts[at])}){text[at:]}"
        return text


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(rf"{re.escape(word)}\w*" for word in phrase.split())


_ENDINGS = frozenset({"", "s", "es", "d", "ed", "ing"})


def _same_words(found: str, phrases: tuple[str, ...]) -> bool:
    """The text matched is one of the phrases, each word at most inflected ("swapping" is "swap", "fixed"
    is "fix"; "fixture" is not)."""
    words = found.lower().split()
    return any(
        len(p.split()) == len(words) and all(_inflected(w, q) for w, q in zip(words, p.split(), strict=True)) for p in phrases
    )


def _inflected(word: str, base: str) -> bool:
    rest = word[len(base):] if word.startswith(base) else None
    if rest is None:
        return False
    if rest[:1] == base[-1:] and rest[1:] in {"ed", "ing"}:  # a doubled last letter: swapping, shipped
        return True
    return rest in _ENDINGS


class QuestionReader:
    """Spelling, then synonyms: the question as the retriever and the composer read it."""

    def __init__(self, spelling: SpellingCorrector | None, synonyms: Synonyms | None) -> None:
        self._spelling = spelling
        self._synonyms = synonyms

    def read(self, question: str) -> str:
        if self._spelling:
            question = self._spelling.correct(question)
        if self._synonyms:
            question = self._synonyms.expand(question)
        return question
