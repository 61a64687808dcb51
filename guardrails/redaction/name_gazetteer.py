"""First names and surnames of many countries, from Faker's person providers and gender-guesser's first-name
dictionary (maintained packages whose data ships inside them, so nothing is fetched), and symspellpy's
English words: what tells "sophie marchand" from "rose gold" in lower case.
"""

from __future__ import annotations

import importlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class NameGazetteer:
    """Lower-cased first names and surnames, each also without its accents ("zoé" and "zoe")."""

    first: frozenset[str]
    last: frozenset[str]
    english: frozenset[str] = frozenset()  # words of English, names among them: what is not one is no typo but a rarer name
    common: frozenset[str] = frozenset()  # the most frequent of them: after a name, anything rarer may be a surname

    @classmethod
    def of(
        cls, first: Iterable[str], last: Iterable[str], english: Iterable[str] = (), common: Iterable[str] | None = None
    ) -> NameGazetteer:
        english_set = frozenset(w.lower() for w in english)
        common_set = english_set if common is None else frozenset(w.lower() for w in common)
        return cls(frozenset(_forms(first)), frozenset(_forms(last)), english_set, common_set)

    def is_english(self, word: str) -> bool:
        return word in self.english

    def is_common_english(self, word: str) -> bool:
        return word in self.common

    def is_first(self, word: str) -> bool:
        return word in self.first

    def is_name(self, word: str) -> bool:
        return word in self.first or word in self.last


def _forms(words: Iterable[str]) -> set[str]:
    forms: set[str] = set()
    for word in words:
        w = word.strip().lower()
        # Only one-word, Latin-script entries: the notes are typed in Latin letters, and a kanji
        # surname would never match a romanised one anyway.
        if not w or " " in w or not all(ch.isalpha() or ch in "-'’" for ch in w) or not _latin(w):
            continue
        forms.add(w)
        forms.add(strip_accents(w))
    return forms


def _latin(word: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "'’" for ch in word)


def strip_accents(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


@cache
def faker_gazetteer() -> NameGazetteer:
    """Every first name and surname of every Faker locale (about 30,000 of each; ~0.3 s, once per process)."""
    from faker.config import AVAILABLE_LOCALES

    first: list[str] = []
    last: list[str] = []
    for locale in AVAILABLE_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue  # a locale without a person provider
        for attr in dir(provider):
            target = first if attr.startswith(("first_name", "first_romanized")) else last if attr.startswith(("last_name", "last_romanized")) else None
            if target is None:
                continue
            value = getattr(provider, attr, None)
            if isinstance(value, dict):
                value = list(value)
            if isinstance(value, (list, tuple, set, frozenset)):
                target.extend(v for v in value if isinstance(v, str))
    if not first or not last:
        raise RuntimeError("Faker's person providers hold no names: is `faker` installed (pyproject.toml)?")
    english = english_words()
    # Past the 10,000 most frequent words come surnames the dictionary also holds (Beaumont 14,570th,
    # Delacroix 46,959th) and words an associate rarely puts right after a name.
    return NameGazetteer.of(first, last, english, english[:COMMON_ENGLISH])


COMMON_ENGLISH = 10_000


@cache
def name_gazetteer() -> NameGazetteer:
    """The redactor's default: Faker's names and gender-guesser's ~48,000 first names of 54 countries
    (~0.8 s more, once per process): first names typed in lower case with no cue are found only by
    being known names (what each list buys is measured in docs/pii.md)."""
    faker = faker_gazetteer()
    # Its list also holds "In", "Me", "Just" and "Go" as first names somewhere: only the names that are no
    # common English word are added ("tell me about ..." stays a question).
    extra = NameGazetteer.of(gender_guesser_first_names(), ()).first - faker.common
    return NameGazetteer(faker.first | extra, faker.last, faker.english, faker.common)


def gender_guesser_first_names() -> list[str]:
    """The first names of gender-guesser's nam_dict.txt (Jörg Michael's list); "+" joins a two-part
    name ("Abdel+Aziz"), kept in its joined and hyphenated forms."""
    from importlib.resources import files

    text = files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    names: list[str] = []
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        fields = line.split()
        if len(fields) < 2:
            continue
        names += [fields[1].replace("+", joint) for joint in ("", "-")] if "+" in fields[1] else [fields[1]]
    if not names:
        raise RuntimeError("gender-guesser's name dictionary is empty: is `gender-guesser` installed (pyproject.toml)?")
    return names


def english_words() -> list[str]:
    """The 82,765 English words symspellpy ships (Google Books counts), most frequent first."""
    from importlib.resources import files

    text = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    return [line.split(" ", 1)[0] for line in text.splitlines() if line]
