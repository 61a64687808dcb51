"""Regex building blocks for person names found by context (honorifics, cue words, name-shaped words),
shared by the recognizers and by the redactor's trimming of PERSON spans. No names are listed.
"""

from __future__ import annotations

import regex

# Recognizer names: presidio tags each finding with the recognizer's name, and the allow-list treats
# strongly cued names differently ("Mrs. Celeste" is a person even though Celeste is a collection).
CUED_PERSON = "CuedPersonRecognizer"
CONTEXTUAL_PERSON = "ContextualPersonRecognizer"

HONORIFIC = (
    r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Mmes|Sir|Dame|Lady|Lord|Madame|Monsieur|Mademoiselle"
    r"|Señora|Señor|Sra|Srta|Sr|Frau|Herr|Sheikh|Sheikha)\b\.?|M\."
)
# Words after which a capitalised word is a person whatever it is: relations and salutations.
STRONG_CUE = (
    r"(?i:client|customer|guest|collector|bride|groom|fianc[ée]e?|husband|wife|partner|spouse|daughter|son"
    r"|mother|father|sister|brother|dear|named|regards,|signed)"
)
# Words after which a first-and-last name is probably a person (but "to New York" is not).
WEAK_CUE = r"(?:for|to|by|from|call|ring|phone|text|email|e-mail|thank|thanks|invite|meet|met|tell|ask|contact|cc|cc:)"
# One name word: Eleanor, O'Brien, McAllister, Al-Sayed, García, Jean-Luc, or an initial "J.".
# Never an honorific or a cue word, so "Dear Mr. Ito" does not yield the person "Mr" and
# "Client Rose Martin called" does not yield "Client Rose Martin".
NAME = rf"(?:(?!(?:{HONORIFIC}|{STRONG_CUE})(?:\s|$))(?:\p{{Lu}}(?:['’]\p{{Lu}})?\p{{Ll}}+(?:\p{{Lu}}\p{{Ll}}+)?(?:-\p{{Lu}}?\p{{Ll}}+)*|\p{{Lu}}\.))"
PARTICLE = r"(?:de|du|des|da|di|del|della|van|von|der|den|le|la|al|el|bin|ibn|ben|y)"
# Words of one name sit on one line: "Shape: Round\nCarat weight" is two catalog lines, not a name.
_GAP = r"[^\S\n]+"
NAME_WORDS = rf"{NAME}(?:{_GAP}(?:{PARTICLE}{_GAP})*{NAME}){{0,3}}"
FULL_NAME = rf"{NAME}(?:{_GAP}(?:{PARTICLE}{_GAP})*{NAME}){{1,3}}"  # at least two name words

# "X, Y and Z": a name joined to a found name by a conjunction is a name too; after a bare comma
# only a first-and-last name is ("Rocío Castillo, Thursday 3pm" is not a list of people).
_COORDINATED = regex.compile(
    rf"(?:,?{_GAP}(?:and|&|or|et|y){_GAP}(?:(?:{HONORIFIC}){_GAP})?({NAME_WORDS})|,{_GAP}(?:(?:{HONORIFIC}){_GAP})?({FULL_NAME}))"
)
# A leading lower-case word goes only while a capitalised word follows: "the Gemology Desk", but a
# name typed in lower case ("aurelie petit") is all name.
_LEADING_NOISE = regex.compile(rf"^(?:(?:{HONORIFIC}|{STRONG_CUE}\b)\s*|(?!{PARTICLE}\s)(?=.*\p{{Lu}})\p{{Ll}}+\s+)+")
_TRAILING_POSSESSIVE = regex.compile(r"['’]s$")


def trim_person(value: str) -> tuple[int, int]:
    """Offsets within `value` of the name proper: without a leading honorific, cue or lower-case word
    ("Mlle Jun" -> "Jun", "Client Rose" -> "Rose", "the Gemology Desk" -> "Gemology Desk") or a
    trailing "'s"."""
    start = 0
    leading = _LEADING_NOISE.match(value)
    if leading:
        start = leading.end()
    end = len(value)
    possessive = _TRAILING_POSSESSIVE.search(value, start)
    if possessive:
        end = possessive.start()
    return start, end


def coordinated_names(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Names coordinated with already-found names ("Rupert Pemberton and Beatrice Lockhart"),
    followed along chains ("A, B and C"). Returns only the new (start, end) pairs."""
    known = set(names)
    found: list[tuple[int, int]] = []
    frontier = sorted(names)
    while frontier:
        _, end = frontier.pop()
        match = _COORDINATED.match(text, end)
        if not match:
            continue
        span = match.span(1) if match.group(1) else match.span(2)
        if span not in known:
            known.add(span)
            found.append(span)
            frontier.append(span)
    return found

