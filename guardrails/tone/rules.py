"""The house's tone rules, read from the Brand Tone Guide itself (its file or its index chunks).

Nothing here knows a forbidden word or a greeting: change the guide and the rules follow.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from copilot.core.errors import InputError
from guardrails.tone.examples import ExampleNote, example_notes
from guardrails.tone.sections import Section, chunk_sections, markdown_sections

_QUOTED = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_AVOID_LINE = re.compile(r"^[-*+]\s*[\"“]([^\"“”]+)[\"”]\s*(?:->|→|=>)\s*[\"“]([^\"“”]+)[\"”]")
_NEVER = re.compile(r"\bnever\b", re.IGNORECASE)
_NEVER_CALLED = re.compile(r"\bnever\s+(?:called\s+)?(.+?)\s*\.?$", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)
_TABLE_SEPARATOR = re.compile(r"^:?-{3,}:?$")
_MAX_EXCLAMATIONS = re.compile(r"\bat most (\w+) exclamation marks?\b", re.IGNORECASE)
_NONE_FOR = re.compile(r"\b(?:messages|notes) of ([\w ,]+?) contain none\b", re.IGNORECASE)
_WORD_LIMIT = re.compile(r"\bthe word [\"“]([^\"“”]+)[\"”] appears no more than (\w+)", re.IGNORECASE)
_LENGTH = re.compile(r"\b(cards?|e-?mails?|texts?|notes?)\b[^.]*?\bnot exceed (\d+) words", re.IGNORECASE)
_TITLE = re.compile(r"^[A-Z][a-z]{0,3}\.$")  # "Ms.", "Mrs.", "Dr.", "Mx."
_COUNTS = {"no": 0, "none": 0, "zero": 0, "one": 1, "once": 1, "two": 2, "twice": 2, "three": 3, "thrice": 3}


@dataclass(frozen=True)
class AvoidedTerm:
    term: str  # e.g. "cheap"
    replacement: str  # e.g. "accessible"


@dataclass(frozen=True)
class PreferredTerm:
    term: str  # e.g. "grading report"
    usage: str  # the guide's explanation, e.g. 'never called a "certificate"'


@dataclass(frozen=True)
class WordLimit:
    word: str
    max_count: int


@dataclass(frozen=True)
class ToneRules:
    avoided: tuple[AvoidedTerm, ...]
    preferred: tuple[PreferredTerm, ...]
    greetings: tuple[str, ...]  # opening words of a written greeting, the standard one first: "Dear", ...
    greeting_examples: tuple[str, ...]  # as the guide writes them: "Dear Ms. Laurent,", ...
    forbidden_greetings: tuple[str, ...]  # "Hi", "Dear Customer", ...
    sign_offs: tuple[str, ...]  # closing formulas, the standard one first: "With warm regards,", ...
    forbidden_sign_offs: tuple[str, ...]  # "Best", "Cheers", ...
    boutique_lines: tuple[str, ...]  # "Maison Aurelle, Fifth Avenue", ...
    no_emoji: bool
    max_exclamation_marks: int | None  # None: the guide sets no limit
    no_exclamation_in: tuple[str, ...]  # kinds of message with none at all: "apology", "delay", "bad news", ...
    word_limits: tuple[WordLimit, ...]
    titles: tuple[str, ...] = ()  # the client titles the greeting rules name: "Ms.", "Mrs.", "Dr." ...
    examples: tuple[ExampleNote, ...] = ()  # the guide's example notes, one per occasion
    sections: tuple[Section, ...] = field(default=(), compare=False)  # the whole guide, for rules read where they are needed
    length_limits: tuple[tuple[str, int], ...] = ()  # ("card", 80), ("email", 150): words at most per channel

    @classmethod
    def from_markdown(cls, text: str) -> ToneRules:
        """Rules from the tone guide's Markdown (front matter allowed)."""
        return cls._from_sections(markdown_sections(text))

    @classmethod
    def from_chunks(cls, texts: Iterable[str]) -> ToneRules:
        """Rules from the tone guide's index chunks ("Brand Tone Guide > <section path>" + text), in any order."""
        return cls._from_sections(chunk_sections(texts))

    @property
    def standard_greeting(self) -> str:
        return self.greetings[0]

    @property
    def standard_sign_off(self) -> str:
        return self.sign_offs[0]

    def greeting_for(self, name: str) -> str:
        """The standard written greeting, e.g. "Dear Ms. Laurent," or "Dear <PERSON_1>,"."""
        if not name.strip():
            raise InputError("the greeting needs the client's title and surname or a placeholder like [Client name]")
        return f"{self.standard_greeting} {name.strip()},"

    def boutique_line(self, boutique: str) -> str:
        """The guide's exact boutique line for a boutique name, e.g. "Fifth Avenue" (or "Place Vendôme":
        accents and case do not matter, the guide's spelling is kept)."""
        wanted = _plain(boutique.strip())
        for line in self.boutique_lines:
            if wanted and _plain(line).endswith(wanted):
                return line
        raise InputError(f"unknown boutique {boutique!r}; the tone guide names: {', '.join(self.boutique_lines)}")

    def example(self, *keywords: str) -> ExampleNote | None:
        """The first example note whose heading holds one of `keywords`."""
        return next((note for note in self.examples if note.matches(*keywords)), None)

    def lines_about(self, *keywords: str) -> list[str]:
        """The rule lines of every section whose heading path holds all `keywords` ("follow-up")."""
        return [line for section in self.sections if section.is_about(*keywords) for line in section.lines]

    @classmethod
    def _from_sections(cls, sections: list[Section]) -> ToneRules:
        avoided = _avoided_terms(_about(sections, "avoid"))
        preferred = _preferred_terms(_about(sections, "preferred"))
        greeting_sections = _about(sections, "greeting", "formula") or _about(sections, "greeting")
        sign_off_sections = _about(sections, "sign", "formula") or _about(sections, "sign")
        greetings, examples, forbidden_greetings = _greetings(greeting_sections)
        sign_offs, forbidden_sign_offs, boutique_lines = _sign_offs(sign_off_sections)
        lines = [line for section in sections for line in section.lines]
        if not avoided:
            raise InputError(
                'the tone guide has no words to avoid; it needs a "Words and phrases to avoid" section with lines like '
                '- "cheap" -> "accessible" (check that these are the Brand Tone Guide\'s text or chunks)'
            )
        if not greetings or not sign_offs:
            raise InputError(
                "the tone guide prescribes no greeting or no sign-off; it needs sections on greeting and "
                'sign-off formulas quoting them, e.g. "Dear Ms. Laurent," and "With warm regards,"'
            )
        return cls(
            avoided=_with_never_terms(avoided, preferred),
            preferred=preferred,
            greetings=greetings,
            greeting_examples=examples,
            forbidden_greetings=forbidden_greetings,
            sign_offs=sign_offs,
            forbidden_sign_offs=forbidden_sign_offs,
            boutique_lines=boutique_lines,
            no_emoji=any("emoji" in line.lower() and _NEVER.search(line) for line in lines),
            max_exclamation_marks=_first_count(_MAX_EXCLAMATIONS, lines),
            no_exclamation_in=_no_exclamation_in(lines),
            word_limits=_word_limits(lines),
            titles=_titles(greeting_sections, examples),
            examples=example_notes(sections),
            sections=tuple(sections),
            length_limits=_length_limits(lines),
        )


def _about(sections: list[Section], *keywords: str) -> list[Section]:
    return [section for section in sections if section.is_about(*keywords)]


def _avoided_terms(sections: list[Section]) -> tuple[AvoidedTerm, ...]:
    found: dict[str, AvoidedTerm] = {}
    for line in (line for section in sections for line in section.lines):
        match = _AVOID_LINE.match(line)
        if match:
            found.setdefault(match.group(1).lower(), AvoidedTerm(match.group(1), match.group(2)))
    return tuple(found.values())


def _preferred_terms(sections: list[Section]) -> tuple[PreferredTerm, ...]:
    found: dict[str, PreferredTerm] = {}
    for section in sections:
        rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in section.lines if line.startswith("|")]
        for i, cells in enumerate(rows):
            is_separator = all(_TABLE_SEPARATOR.match(cell) for cell in cells)
            is_header = i + 1 < len(rows) and all(_TABLE_SEPARATOR.match(cell) for cell in rows[i + 1])
            if not (is_separator or is_header) and len(cells) >= 2 and cells[0]:
                found.setdefault(cells[0].lower(), PreferredTerm(cells[0], cells[1]))
    return tuple(found.values())


def _with_never_terms(
    avoided: tuple[AvoidedTerm, ...], preferred: tuple[PreferredTerm, ...]
) -> tuple[AvoidedTerm, ...]:
    """Add what the preferred-terms table says a term is "never" called: "boutique ... never a store"."""
    found = {a.term.lower(): a for a in avoided}
    for p in preferred:
        match = _NEVER_CALLED.search(p.usage)
        if not match:
            continue
        for alternative in re.split(r",\s*|\s+or\s+", match.group(1)):
            term = _ARTICLE.sub("", alternative.strip()).strip("\"“”' ")
            if term:
                found.setdefault(term.lower(), AvoidedTerm(term, p.term))
    return tuple(found.values())


def _quoted_rules(sections: list[Section], forbidden: list[str]) -> Iterator[tuple[str, list[str]]]:
    """Each line of the sections with the phrases it quotes; a line that forbids ("Never ...") gives its
    phrases to `forbidden` instead."""
    for line in (line for section in sections for line in section.lines):
        quoted = _QUOTED.findall(line)
        if _NEVER.search(line):
            forbidden.extend(q for q in quoted if q not in forbidden)
            continue
        yield line, quoted


def _greetings(sections: list[Section]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    openings: list[str] = []
    examples: list[str] = []
    forbidden: list[str] = []
    for line, quoted in _quoted_rules(sections, forbidden):
        for example in (q for q in quoted if q.endswith(",")):
            words = example.rstrip(",").split()
            # "Dear Ms. Laurent," opens with "Dear"; "Madame," is an opening on its own.
            opening = words[0] if len(words) > 1 else example.rstrip(",")
            _add(examples, example, standard=False)
            _add(openings, opening, standard="standard" in line.lower())
    return tuple(openings), tuple(examples), tuple(forbidden)


def _sign_offs(sections: list[Section]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    formulas: list[str] = []
    forbidden: list[str] = []
    boutiques: list[str] = []
    for line, quoted in _quoted_rules(sections, forbidden):
        for formula in (q for q in quoted if q.endswith(",")):
            _add(formulas, formula, standard="standard" in line.lower())
        if "boutique line" in line.lower():
            boutiques.extend(q for q in quoted if not q.endswith(",") and q not in boutiques)
    return tuple(formulas), tuple(forbidden), tuple(boutiques)


def _add(found: list[str], item: str, *, standard: bool) -> None:
    """Keep the guide's order, except that what it calls the standard form goes first."""
    if standard:
        if item in found:
            found.remove(item)
        found.insert(0, item)
    elif item not in found:
        found.append(item)


def _count(word: str) -> int | None:
    word = word.lower()
    return int(word) if word.isdigit() else _COUNTS.get(word)


def _first_count(pattern: re.Pattern[str], lines: list[str]) -> int | None:
    for line in lines:
        match = pattern.search(line)
        if match and _count(match.group(1)) is not None:
            return _count(match.group(1))
    return None


def _no_exclamation_in(lines: list[str]) -> tuple[str, ...]:
    for line in lines:
        if "exclamation" in line.lower() and (match := _NONE_FOR.search(line)):
            return tuple(kind.strip() for kind in re.split(r",|\bor\b|\band\b", match.group(1)) if kind.strip())
    return ()


def _word_limits(lines: list[str]) -> tuple[WordLimit, ...]:
    limits: dict[str, WordLimit] = {}
    for line in lines:
        for word, count in _WORD_LIMIT.findall(line):
            max_count = _count(count)
            if max_count is not None:
                limits.setdefault(word.lower(), WordLimit(word, max_count))
    return tuple(limits.values())


def _titles(sections: list[Section], examples: tuple[str, ...]) -> tuple[str, ...]:
    """Titles quoted by the greeting rules ("Mrs.") or used in their examples ("Dear Dr. Tanaka,")."""
    found: list[str] = []
    quoted = [q for section in sections for line in section.lines for q in _QUOTED.findall(line)]
    for word in [*quoted, *(w for example in examples for w in example.split()[1:2])]:
        if _TITLE.match(word) and word not in found:
            found.append(word)
    return tuple(found)


def _plain(text: str) -> str:
    """Lower case without accents: "Place Vendôme" and "Place Vendome" are one boutique."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def _length_limits(lines: list[str]) -> tuple[tuple[str, int], ...]:
    """ "Handwritten cards ... should not exceed 80 words." -> ("card", 80); the first limit per channel."""
    found: dict[str, int] = {}
    for line in lines:
        for channel, words in _LENGTH.findall(line):
            found.setdefault(channel.lower().replace("-", "").rstrip("s"), int(words))
    return tuple(found.items())
