"""Names the house documents never use: a first-and-last name shape ("Sterling Wang", "Théo de la Tour")
that no catalog row or manual writes is, in an associate's note, almost always a client.

spaCy's small model and the cue patterns miss names in places notes put them without a cue
("Please book Inés Gold in with the gemologist", "Forwarded Takeshi Kobayashi's request"). The house's
own capitalised words ("Credit Note", "Riviera Necklace", "Place Vendome Preview") are what such a
shape would otherwise catch, so they are learnt from the ingested documents and veto it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from guardrails.redaction.name_patterns import FULL_NAME, NAME, PARTICLE
from guardrails.redaction.trade_vocabulary import trade_words

_FULL_NAME = regex.compile(FULL_NAME)
_NAME_WORD = regex.compile(rf"{NAME}|{PARTICLE}\b")
_CAPITALISED = regex.compile(r"\b\p{Lu}[\p{L}'’-]*")
_LOWER = regex.compile(r"\b\p{Ll}[\p{Ll}'’-]*")
# A title or "Dear" and the name words a manual's example puts after it ("Dear Ms. Laurent and Mr. Moreau,").
_TITLE = r"(?:Mr|Mrs|Ms|Mx|Miss|Dr|Prof|Mme|Mlle|Madame|Monsieur)\.?\s+"
_EXAMPLE_NAME = regex.compile(rf"\b(?:Dear\s+(?:{_TITLE})?|{_TITLE})((?:\p{{Lu}}[\p{{L}}'’-]*\s?){{1,2}})")
# A capitalised word here may just open a sentence, a list item or a label ("Forwarded ...", "Both ...").
_CLAUSE_START = regex.compile(r"(?:^|[.?!:;\n\"“(/]|\s-)\s*$")
_COMMON = frozenset(
    "a an and are as at be both but by can could did do does for from had has have he her his how i if in is it "
    "its may me my no not of on or our please she so that the their them then there these they this to was we "
    "what when where which who why will with would you your also any each every some yes thanks thank".split()
)


@dataclass(frozen=True)
class HouseVocabulary:
    """capitalised: lower-cased words the documents write capitalised ("celeste", "avenue", "note").
    lower: words the documents write in lower case ("forwarded", "please", "appointment").
    example_names: words the documents write only as a person's name after a title, in a manual's
    example ("Dear Mr. Okafor,"): a client may bear them, so they are in neither set above.
    trade: the jewelry trade's words (trade_vocabulary.txt: "amber", "tanzanite", "prong", "gemologist"),
    which an associate writes about stones and pieces the documents may never mention."""

    capitalised: frozenset[str] = frozenset()
    lower: frozenset[str] = frozenset()
    example_names: frozenset[str] = frozenset()
    trade: frozenset[str] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str], trade: Iterable[str] | None = None) -> HouseVocabulary:
        """The words of the house's documents; `trade` defaults to the shipped trade vocabulary."""
        capitalised: set[str] = set()
        lower: set[str] = set()
        titled: set[str] = set()
        for text in texts:
            for match in _EXAMPLE_NAME.finditer(text):
                titled.update(w.lower() for w in _CAPITALISED.findall(match.group(1)))
            # Blank the example names out: a word the documents also write elsewhere ("Celeste") stays
            # the house's.
            rest = _EXAMPLE_NAME.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)], text)
            capitalised.update(w.lower() for w in _CAPITALISED.findall(rest))
            lower.update(_LOWER.findall(text))
        trade_set = trade_words() if trade is None else frozenset(w.lower() for w in trade)
        examples = frozenset(titled - capitalised - lower - trade_set)
        return cls(frozenset(capitalised), frozenset(lower), examples, trade_set)

    def unfamiliar_names(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each first-and-last-name shape the house does not write: at least two name
        words once a capitalised common word opening the clause is set aside ("Please", "Forwarded"),
        and no more of the house's own capitalised words than others ("Inés Gold" is a name, "Place
        Vendome Preview" is not)."""
        found: list[tuple[int, int]] = []
        for match in _FULL_NAME.finditer(text):
            words = [(w.start(), w.end()) for w in _NAME_WORD.finditer(text, match.start(), match.end())]
            while words and self._opens_clause(text, *words[0]):
                words.pop(0)
            names = [(s, e) for s, e in words if text[s].isupper()]
            if len(names) < 2:
                continue
            known = sum(text[s:e].lower() in self.capitalised or text[s:e].lower() in self.trade for s, e in names)
            if known <= len(names) - known:
                found.append((words[0][0], words[-1][1]))
        return found

    def _opens_clause(self, text: str, start: int, end: int) -> bool:
        word = text[start:end].lower()
        return bool(_CLAUSE_START.search(text[:start])) and (word in _COMMON or word in self.lower)
